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

/**
 * A projection of whole top-level fields only (`{ candles: 1 }`, `{ trades: 0, equity: 0 }`),
 * as a function — applied directly instead of through mingo, whose general projection
 * walks every value (a range read of candle buckets spent most of its time there).
 */
function plainProjection(spec: Document): ((doc: Document) => Document) | undefined {
  const entries = Object.entries(spec);
  if (!entries.every(([k, v]) => !k.includes('.') && !k.startsWith('$') && (v === 0 || v === 1 || v === true || v === false))) return undefined;
  const fields = entries.filter(([k]) => k !== '_id');
  const inclusive = fields.some(([, v]) => v === 1 || v === true);
  if (fields.some(([, v]) => (v === 1 || v === true) !== inclusive)) return undefined; // mixed: let mingo report it
  const dropId = spec._id === 0 || spec._id === false;
  if (inclusive) {
    const keep = fields.map(([k]) => k);
    return (doc) => {
      const out: Document = {};
      if (!dropId && doc._id !== undefined) out._id = doc._id;
      for (const k of keep) if (doc[k] !== undefined) out[k] = doc[k];
      return out;
    };
  }
  const drop = new Set(fields.map(([k]) => k));
  if (dropId) drop.add('_id');
  return (doc) => {
    const out: Document = {};
    for (const k of Object.keys(doc)) if (!drop.has(k)) out[k] = doc[k];
    return out;
  };
}

/** Matching documents of `coll` (an absent collection has none), in natural order unless sorted. */
export function select(coll: Collection | undefined, filter: Document = {}, opts: SelectOptions = {}): Document[] {
  if (!coll) return [];
  try {
    const source = idCandidates(coll, filter) ?? coll.all();
    const options = { scriptEnabled: false, ...(opts.collation ? { collation: opts.collation as never } : {}) };
    const projection = opts.projection && Object.keys(opts.projection).length ? opts.projection : undefined;
    const fast = projection ? plainProjection(projection) : undefined;
    let cursor = mingoFind(source, filter, fast ? undefined : projection, options);
    if (opts.sort && Object.keys(opts.sort).length) cursor = cursor.sort(opts.sort as never);
    if (opts.skip) cursor = cursor.skip(opts.skip);
    if (opts.limit) cursor = cursor.limit(Math.abs(opts.limit));
    const docs = cursor.all() as Document[];
    return fast ? docs.map(fast) : docs;
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
