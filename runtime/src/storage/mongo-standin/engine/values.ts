import { EJSON, ObjectId } from 'bson';
import type { Document } from 'bson';

/**
 * Value helpers shared by the stand-in's engine: stable keys for `_id` and index values,
 * a BSON-aware copy (stored documents are never mutated in place — writes build a new
 * version and swap it in, so open cursors keep a consistent snapshot), and dotted-path
 * access.
 */

/** A string that is equal for two values exactly when MongoDB treats them as the same key. */
export function valueKey(v: unknown): string {
  if (v === undefined || v === null) return 'z';
  if (typeof v === 'string') return `s${v}`;
  if (typeof v === 'number') return `n${v}`;
  if (typeof v === 'boolean') return v ? 'b1' : 'b0';
  if (v instanceof ObjectId) return `o${v.toHexString()}`;
  if (v instanceof Date) return `d${v.getTime()}`;
  return `j${EJSON.stringify(v as Document, { relaxed: false })}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Copies arrays and plain objects recursively; Dates are copied; other BSON values are immutable and shared. */
export function cloneValue<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => cloneValue(x) as unknown) as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = cloneValue(v[k]);
    return out as T;
  }
  return v;
}

/** Reads a dotted path (`a.b.c`); undefined when any step is missing. Arrays are not traversed. */
export function getPath(doc: Document, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Writes a dotted path, creating intermediate objects. */
export function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur: Record<string, unknown> = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i]!;
    const next = cur[p];
    if (next === null || typeof next !== 'object') cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = value;
}

/** Puts `_id` first (as a server does) and gives the document one if it has none. */
export function withId(doc: Document): Document {
  if (doc._id === undefined) return { _id: new ObjectId(), ...doc };
  if (Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

/** Renders `{ field: value }` the way server error messages do, e.g. `{ email: "a@b.c" }`. */
export function describeKey(keyValue: Document): string {
  const parts = Object.entries(keyValue).map(([k, v]) => `${k}: ${EJSON.stringify(v as Document, { relaxed: true })}`);
  return `{ ${parts.join(', ')} }`;
}
