import type { Collection, Db, Document, Filter, IndexDescription, OptionalUnlessRequiredId, Sort } from 'mongodb';
import type { z } from 'zod';
import { readDocument, validateDocument } from './validation.js';

/**
 * What every repository shares: its collection, its document schema, and its indexes
 * (created idempotently by `ensureIndexes` at start). One implementation per collection,
 * through the official driver — the same code runs on a real mongod and on the stand-in.
 */
export abstract class Repository<S extends z.ZodType<Document>> {
  protected readonly collection: Collection<z.output<S>>;

  constructor(
    db: Db,
    readonly collectionName: string,
    protected readonly schema: S,
  ) {
    this.collection = db.collection<z.output<S>>(collectionName);
  }

  /** Validates a document about to be written; throws InvalidDocumentError naming the field. */
  protected valid(doc: unknown): z.output<S> {
    return validateDocument(this.collectionName, this.schema, doc);
  }

  /** Validates a document read back; throws a STORAGE_CORRUPT_DOCUMENT error when it does not match. */
  protected parsed(doc: unknown): z.output<S> {
    return readDocument(this.collectionName, this.schema, doc);
  }

  /** Like `parsed`, passing `null` through. */
  protected parsedOrNull(doc: unknown): z.output<S> | null {
    return doc === null || doc === undefined ? null : this.parsed(doc);
  }

  /** Runs a find and parses every document. */
  protected async findParsed(filter: Filter<z.output<S>>, sort: Sort, limit?: number): Promise<Array<z.output<S>>> {
    const cursor = this.collection.find(filter).sort(sort);
    if (limit !== undefined) cursor.limit(limit);
    return (await cursor.toArray()).map((d) => this.parsed(d));
  }

  /**
   * Inserts a validated document; a unique-index collision is returned as a conflict on
   * the index's field(s) (`fallback` when the server does not say which).
   */
  protected async insertUnique(doc: z.output<S>, fallback: string): Promise<WriteResult<z.output<S>>> {
    try {
      await this.collection.insertOne(doc as OptionalUnlessRequiredId<z.output<S>>);
      return { ok: true, value: doc };
    } catch (err) {
      if (isDuplicateKey(err)) return { ok: false, conflict: conflictField(err, fallback) };
      throw err;
    }
  }

  /**
   * Inserts validated documents that are not there yet, by `_id` (an upsert that only
   * inserts) — idempotent, so a buffer can be flushed again after a failure. Returns how
   * many were new.
   */
  protected async insertNewById(docs: ReadonlyArray<z.output<S>>): Promise<number> {
    if (docs.length === 0) return 0;
    const ops = docs.map(({ _id, ...rest }) => ({ updateOne: { filter: { _id }, update: { $setOnInsert: rest }, upsert: true } }));
    const r = await this.collection.bulkWrite(ops as never, { ordered: false });
    return r.upsertedCount;
  }
}

/** `{ [field]: { $gte: from, $lt: to } }` for the bounds given; `{}` for none. */
export function timeRange(field: string, from?: Date, to?: Date): Document {
  const range: Record<string, Date> = {};
  if (from) range.$gte = from;
  if (to) range.$lt = to;
  return Object.keys(range).length ? { [field]: range } : {};
}

/** A collection's indexes as the seeds list them, declared beside its repository. */
export interface CollectionIndexes {
  readonly collection: string;
  readonly indexes: readonly IndexDescription[];
}

/**
 * The result of a write that can collide with an existing document — an expected outcome
 * (the API answers 409), so a value rather than an exception. `conflict` names the field
 * whose unique index refused the write.
 */
export type WriteResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly conflict: string };

/** True for MongoDB's duplicate-key error (E11000), from a real server or the stand-in. */
export function isDuplicateKey(err: unknown): err is { code: number; keyPattern?: Record<string, unknown>; keyValue?: Record<string, unknown> } {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/** The field a duplicate-key error is about (first key of its index), or `fallback`. */
export function conflictField(err: { keyPattern?: Record<string, unknown>; keyValue?: Record<string, unknown> }, fallback: string): string {
  const keys = Object.keys(err.keyPattern ?? err.keyValue ?? {});
  return keys.length ? keys.join(',') : fallback;
}
