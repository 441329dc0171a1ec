import { find as mingoFind } from 'mingo';
import { ObjectId } from 'bson';
import type { Document } from 'bson';
import type { Collection } from './collection.js';
import { asCommandError } from './errors.js';

/**
 * Selecting documents with MongoDB query semantics (mingo): filter, sort, skip, limit and
 * projection. A filter on `_id` (a value or `$in`) looks documents up directly instead of
 * scanning — the repositories' by-id reads and the candle import's bucket lookups.
 */

export interface SelectOptions {
  sort?: Document;
  skip?: number;
  limit?: number;
  projection?: Document;
  collation?: Document;
}

function idCandidates(coll: Collection, filter: Document): Document[] | undefined {
  const id = filter._id as unknown;
  if (id === undefined) return undefined;
  const direct = (v: unknown): boolean => v === null || typeof v !== 'object' || v instanceof Date || v instanceof ObjectId;
  if (direct(id)) {
    const d = coll.byId(id);
    return d ? [d] : [];
  }
  const keys = Object.keys(id as object);
  if (keys.length === 1 && keys[0] === '$in' && Array.isArray((id as Document).$in)) {
    const out: Document[] = [];
    const seen = new Set<Document>();
    for (const v of (id as Document).$in as unknown[]) {
      if (!direct(v)) return undefined;
      const d = coll.byId(v);
      if (d && !seen.has(d)) {
        seen.add(d);
        out.push(d);
      }
    }
    return out;
  }
  return undefined;
}

/** Matching documents of `coll` (an absent collection has none), in natural order unless sorted. */
export function select(coll: Collection | undefined, filter: Document = {}, opts: SelectOptions = {}): Document[] {
  if (!coll) return [];
  try {
    const source = idCandidates(coll, filter) ?? coll.all();
    const options = { scriptEnabled: false, ...(opts.collation ? { collation: opts.collation as never } : {}) };
    let cursor = mingoFind(source, filter, opts.projection && Object.keys(opts.projection).length ? opts.projection : undefined, options);
    if (opts.sort && Object.keys(opts.sort).length) cursor = cursor.sort(opts.sort as never);
    if (opts.skip) cursor = cursor.skip(opts.skip);
    if (opts.limit) cursor = cursor.limit(Math.abs(opts.limit));
    return cursor.all() as Document[];
  } catch (err) {
    throw asCommandError(err);
  }
}

/** Applies a projection to one document (findAndModify's `fields`). */
export function projectOne(doc: Document, projection: Document | undefined): Document {
  if (!projection || Object.keys(projection).length === 0) return doc;
  try {
    return (mingoFind([doc], {}, projection, { scriptEnabled: false }).all()[0] as Document | undefined) ?? {};
  } catch (err) {
    throw asCommandError(err);
  }
}
