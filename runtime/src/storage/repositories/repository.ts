import type { Collection, Db, Document, IndexDescription } from 'mongodb';
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
