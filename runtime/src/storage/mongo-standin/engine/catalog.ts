import { CommandError } from './errors.js';
import { Collection } from './collection.js';

/**
 * Every database and collection the stand-in holds, in memory. Collections are created
 * implicitly by the first write or index, as on a server; `create` makes one explicitly.
 */
export class Catalog {
  private readonly databases = new Map<string, Map<string, Collection>>();

  /** The collection, or undefined when it does not exist. */
  get(db: string, name: string): Collection | undefined {
    return this.databases.get(db)?.get(name);
  }

  /** The collection, created when missing; `created` says whether it was. */
  ensure(db: string, name: string): { collection: Collection; created: boolean } {
    validateName(db, name);
    let colls = this.databases.get(db);
    if (!colls) this.databases.set(db, (colls = new Map()));
    let coll = colls.get(name);
    if (coll) return { collection: coll, created: false };
    coll = new Collection(db, name);
    colls.set(name, coll);
    return { collection: coll, created: true };
  }

  /** `create`: fails with NamespaceExists when the collection is already there. */
  create(db: string, name: string): Collection {
    const r = this.ensure(db, name);
    if (!r.created) throw new CommandError('NamespaceExists', `Collection ${db}.${name} already exists.`);
    return r.collection;
  }

  /** Drops a collection; returns it, or undefined when there was none. */
  drop(db: string, name: string): Collection | undefined {
    const colls = this.databases.get(db);
    const coll = colls?.get(name);
    if (coll) colls!.delete(name);
    return coll;
  }

  dropDatabase(db: string): void {
    this.databases.delete(db);
  }

  /** Collections of `db` in creation order. */
  list(db: string): Collection[] {
    return Array.from(this.databases.get(db)?.values() ?? []);
  }

  databaseNames(): string[] {
    return Array.from(this.databases.keys());
  }
}

function validateName(db: string, name: string): void {
  if (!db || /[/\\. "$\0]/.test(db)) throw new CommandError('InvalidNamespace', `Invalid database name: '${db}'`);
  if (!name || name.includes('$') || name.includes('\0') || name.startsWith('system.')) {
    throw new CommandError('InvalidNamespace', `Invalid collection name: '${name}'`);
  }
}
