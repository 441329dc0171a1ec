import { Query } from 'mingo';
import type { Document } from 'bson';
import { CommandError } from './errors.js';
import { describeKey, getPath, valueKey } from './values.js';

/**
 * Index definitions of one collection and the bookkeeping that enforces unique ones.
 * Non-unique indexes are recorded (so `listIndexes` and idempotent `createIndexes` behave
 * like a server) but not used for lookups: the stand-in scans, which is fine at the sizes
 * it serves. Unique indexes keep a map from key to the owning document's `_id`.
 */

export interface IndexSpec {
  readonly name: string;
  readonly key: Record<string, number | string>;
  readonly unique?: boolean;
  readonly sparse?: boolean;
  readonly partialFilterExpression?: Document;
  readonly expireAfterSeconds?: number;
}

/** Options compared when the same index name is created again. */
const OPTION_FIELDS = ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds'] as const;

/** Parses one entry of `createIndexes.indexes`, refusing what a server refuses. */
export function parseIndexSpec(raw: unknown): IndexSpec {
  if (raw === null || typeof raw !== 'object') throw new CommandError('BadValue', 'index specification must be an object');
  const spec = raw as Document;
  const key = spec.key as Record<string, number | string> | undefined;
  if (!key || typeof key !== 'object' || Object.keys(key).length === 0) {
    throw new CommandError('CannotCreateIndex', "index specification must have a non-empty 'key' object");
  }
  for (const [field, dir] of Object.entries(key)) {
    if (!(dir === 1 || dir === -1 || typeof dir === 'string')) {
      throw new CommandError('CannotCreateIndex', `bad index key pattern: value of ${field} must be 1, -1 or an index type`);
    }
  }
  if (typeof spec.name !== 'string' || spec.name.length === 0) {
    throw new CommandError('CannotCreateIndex', "index specification must have a 'name' string");
  }
  const out: IndexSpec = { name: spec.name, key };
  const opts: Record<string, unknown> = {};
  if (spec.unique === true) opts.unique = true;
  if (spec.sparse === true) opts.sparse = true;
  if (spec.partialFilterExpression) opts.partialFilterExpression = spec.partialFilterExpression;
  if (typeof spec.expireAfterSeconds === 'number') opts.expireAfterSeconds = spec.expireAfterSeconds;
  return { ...out, ...opts };
}

function sameKey(a: IndexSpec, b: IndexSpec): boolean {
  return JSON.stringify(a.key) === JSON.stringify(b.key);
}

function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  return OPTION_FIELDS.every((f) => JSON.stringify(a[f] ?? null) === JSON.stringify(b[f] ?? null));
}

/** One index and, when unique, its key → `_id` map. */
export class IndexState {
  readonly spec: IndexSpec;
  private readonly owners = new Map<string, string>();
  private readonly partial?: Query;

  constructor(spec: IndexSpec) {
    this.spec = spec;
    if (spec.partialFilterExpression) this.partial = new Query(spec.partialFilterExpression);
  }

  get unique(): boolean {
    return this.spec.unique === true || this.spec.name === '_id_';
  }

  /** The index key of `doc`, or undefined when the document is not in this index (sparse / partial). */
  keyOf(doc: Document): { key: string; value: Document } | undefined {
    const fields = Object.keys(this.spec.key);
    const value: Document = {};
    let present = 0;
    for (const f of fields) {
      const v = getPath(doc, f);
      if (v !== undefined) present++;
      value[f] = v ?? null;
    }
    if (this.spec.sparse && present === 0) return undefined;
    if (this.partial && !this.partial.test(doc)) return undefined;
    return { key: fields.map((f) => valueKey(value[f])).join('\u0001'), value };
  }

  /**
   * Throws E11000 when `doc` would collide with another document. `selfId` is the id key
   * of the document being replaced (its own entry is no collision); undefined for inserts.
   */
  check(doc: Document, selfId: string | undefined, ns: string): void {
    if (!this.unique) return;
    const k = this.keyOf(doc);
    if (!k) return;
    const owner = this.owners.get(k.key);
    if (owner !== undefined && owner !== selfId) {
      throw new CommandError(
        'DuplicateKey',
        `E11000 duplicate key error collection: ${ns} index: ${this.spec.name} dup key: ${describeKey(k.value)}`,
        { keyPattern: this.spec.key, keyValue: k.value },
      );
    }
  }

  add(doc: Document, id: string): void {
    if (!this.unique) return;
    const k = this.keyOf(doc);
    if (k) this.owners.set(k.key, id);
  }

  remove(doc: Document, id: string): void {
    if (!this.unique) return;
    const k = this.keyOf(doc);
    if (k && this.owners.get(k.key) === id) this.owners.delete(k.key);
  }

  /** The `listIndexes` entry. */
  describe(): Document {
    return { v: 2, ...this.spec };
  }
}

/**
 * Decides what `createIndexes` does with `spec` given the existing indexes: 'exists' (same
 * name, key and options — a no-op, which makes start-up index creation idempotent),
 * 'create', or a server error for a name or key clash with different options.
 */
export function planIndex(existing: readonly IndexState[], spec: IndexSpec): 'exists' | 'create' {
  for (const ix of existing) {
    const same = ix.spec;
    if (same.name === spec.name) {
      if (!sameKey(same, spec)) {
        throw new CommandError('IndexKeySpecsConflict', `An existing index has the same name as the requested index but a different key: ${spec.name}`);
      }
      if (!sameOptions(same, spec)) {
        throw new CommandError('IndexOptionsConflict', `An existing index has the same name as the requested index but different options: ${spec.name}`);
      }
      return 'exists';
    }
    if (sameKey(same, spec) && sameOptions(same, spec)) {
      throw new CommandError('IndexOptionsConflict', `Index already exists with a different name: ${same.name}`);
    }
  }
  return 'create';
}
