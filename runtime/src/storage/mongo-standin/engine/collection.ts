import { UUID } from 'bson';
import type { Document } from 'bson';
import { CommandError } from './errors.js';
import { IndexState, planIndex } from './indexes.js';
import type { IndexSpec } from './indexes.js';
import { valueKey, withId } from './values.js';

/**
 * One collection of the stand-in: documents in insertion (natural) order keyed by `_id`,
 * and its indexes. Every write is checked against all unique indexes before anything
 * changes, then committed by swapping the stored document — a failed write leaves the
 * collection exactly as it was, and documents handed to open cursors are never mutated.
 */
export class Collection {
  readonly uuid = new UUID();
  private readonly docs = new Map<string, Document>();
  private readonly indexStates: IndexState[] = [new IndexState({ name: '_id_', key: { _id: 1 } })];

  constructor(
    readonly dbName: string,
    readonly name: string,
  ) {}

  get ns(): string {
    return `${this.dbName}.${this.name}`;
  }

  get size(): number {
    return this.docs.size;
  }

  get indexes(): readonly IndexState[] {
    return this.indexStates;
  }

  /** A snapshot of the documents in natural order. */
  all(): Document[] {
    return Array.from(this.docs.values());
  }

  /** The document whose `_id` equals `id`, if any. */
  byId(id: unknown): Document | undefined {
    return this.docs.get(valueKey(id));
  }

  /** Inserts `doc` (given an ObjectId `_id` if it has none); throws E11000 on a unique clash. */
  insert(doc: Document): Document {
    const stored = withId(doc);
    const id = valueKey(stored._id);
    for (const ix of this.indexStates) ix.check(stored, undefined, this.ns);
    for (const ix of this.indexStates) ix.add(stored, id);
    this.docs.set(id, stored);
    return stored;
  }

  /** Replaces `current` with `next` (same `_id`); throws E11000 on a unique clash, leaving `current` in place. */
  replace(current: Document, next: Document): Document {
    const id = valueKey(current._id);
    if (valueKey(next._id) !== id) {
      throw new CommandError('ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
    }
    const stored = withId(next);
    for (const ix of this.indexStates) ix.check(stored, id, this.ns);
    for (const ix of this.indexStates) {
      ix.remove(current, id);
      ix.add(stored, id);
    }
    this.docs.set(id, stored);
    return stored;
  }

  /** Removes `doc`. */
  remove(doc: Document): void {
    const id = valueKey(doc._id);
    for (const ix of this.indexStates) ix.remove(doc, id);
    this.docs.delete(id);
  }

  /**
   * Creates an index unless an identical one exists (idempotent, as on a server). A new
   * unique index over documents that already collide fails with E11000 and is not added.
   */
  createIndex(spec: IndexSpec): 'exists' | 'created' {
    if (planIndex(this.indexStates, spec) === 'exists') return 'exists';
    const state = new IndexState(spec);
    for (const [id, doc] of this.docs) {
      state.check(doc, id, this.ns);
      state.add(doc, id);
    }
    this.indexStates.push(state);
    return 'created';
  }

  /** Drops the index called `name` (`*` drops all but `_id_`). */
  dropIndex(name: string): void {
    if (name === '*') {
      this.indexStates.splice(1);
      return;
    }
    if (name === '_id_') throw new CommandError('InvalidNamespace', 'cannot drop _id index');
    const at = this.indexStates.findIndex((ix) => ix.spec.name === name);
    if (at < 0) throw new CommandError('IndexNotFound', `index not found with name [${name}]`);
    this.indexStates.splice(at, 1);
  }
}
