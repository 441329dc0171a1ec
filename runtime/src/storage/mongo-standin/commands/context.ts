import type { Document } from 'bson';
import type { Catalog } from '../engine/catalog.js';
import type { CursorStore } from '../engine/cursors.js';
import { CommandError } from '../engine/errors.js';

/** What a command handler can see: the data, the open cursors, and the request's database. */
export interface CommandContext {
  readonly catalog: Catalog;
  readonly cursors: CursorStore;
  /** The `$db` of the request (`admin` for the legacy handshake). */
  readonly db: string;
  readonly connectionId: number;
}

/**
 * A handler's answer: a reply document, or a reply body already serialized to BSON
 * (cursor replies build their bytes directly).
 */
export type CommandReply = Document | Buffer;

/** Runs one command synchronously — the stand-in is single-threaded, so each command is atomic. */
export type CommandHandler = (cmd: Document, ctx: CommandContext) => CommandReply;

/** The collection name a command targets (`{ find: "orders" }` → `"orders"`), refusing anything else. */
export function collectionArg(cmd: Document, name: string): string {
  const v = cmd[name] as unknown;
  if (typeof v !== 'string' || v.length === 0) {
    throw new CommandError('InvalidNamespace', `collection name has invalid type ${typeof v}`);
  }
  return v;
}

/** A non-negative integer option, or undefined. */
export function intArg(cmd: Document, name: string): number | undefined {
  const v = cmd[name] as unknown;
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) throw new CommandError('TypeMismatch', `Field '${name}' must be a number`);
  return Math.trunc(n);
}

/** An object option, or undefined. */
export function docArg(cmd: Document, name: string): Document | undefined {
  const v = cmd[name] as unknown;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new CommandError('TypeMismatch', `Field '${name}' must be an object`);
  return v as Document;
}
