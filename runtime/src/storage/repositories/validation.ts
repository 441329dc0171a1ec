import type { z } from 'zod';
import { StorageError } from '../outcome.js';

/**
 * Zod at the repository boundary: every document is validated before it is written, and a
 * malformed one is refused with an error naming the collection and the field
 * (`orders: quantity: Too small: expected number to be >0`). Nothing is written when any
 * document of a call is refused.
 */
export class InvalidDocumentError extends StorageError {
  constructor(
    readonly collection: string,
    /** Dotted path of the offending field, e.g. `candles.3.h`; `(document)` for the whole. */
    readonly field: string,
    readonly issue: string,
  ) {
    super('STORAGE_INVALID_DOCUMENT', `${collection}: ${field}: ${issue}`);
    this.name = 'InvalidDocumentError';
  }
}

function describe(error: z.ZodError): { field: string; issue: string } {
  const first = error.issues[0];
  if (!first) return { field: '(document)', issue: 'invalid' };
  const path = first.path.map(String);
  if (first.code === 'unrecognized_keys') {
    const keys = (first as { keys: string[] }).keys;
    return { field: [...path, keys[0] ?? ''].filter(Boolean).join('.'), issue: `unknown field${keys.length > 1 ? `s ${keys.join(', ')}` : ''}` };
  }
  return { field: path.length ? path.join('.') : '(document)', issue: first.message };
}

/** Parses `doc` with `schema` or throws InvalidDocumentError naming the field. */
export function validateDocument<S extends z.ZodType>(collection: string, schema: S, doc: unknown): z.output<S> {
  const r = schema.safeParse(doc);
  if (r.success) return r.data;
  const { field, issue } = describe(r.error);
  throw new InvalidDocumentError(collection, field, issue);
}

/**
 * Parses a document read back from MongoDB. A failure means the stored data does not match
 * the schema (written by something else, or corrupted) — a bug to surface, with the id.
 */
export function readDocument<S extends z.ZodType>(collection: string, schema: S, doc: unknown): z.output<S> {
  const r = schema.safeParse(doc);
  if (r.success) return r.data;
  const { field, issue } = describe(r.error);
  const id = (doc as { _id?: unknown } | null)?._id;
  throw new StorageError('STORAGE_CORRUPT_DOCUMENT', `${collection}: stored document ${String(id)} does not match its schema at ${field}: ${issue}`);
}
