import type { Document } from 'bson';
import { Query } from 'mingo';
import { CommandError, asCommandError } from '../engine/errors.js';
import { parseIndexSpec } from '../engine/indexes.js';
import { collectionArg, docArg } from './context.js';
import type { CommandHandler } from './context.js';

/** Collection and index administration: createIndexes, listIndexes, listCollections, create, drop, dropDatabase, dropIndexes. */

function cursorBatchSize(cmd: Document): number | undefined {
  const c = docArg(cmd, 'cursor');
  return typeof c?.batchSize === 'number' ? c.batchSize : undefined;
}

export const createIndexes: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'createIndexes');
  if (!Array.isArray(cmd.indexes) || cmd.indexes.length === 0) {
    throw new CommandError('BadValue', "Must specify at least one index to create in 'indexes'");
  }
  const specs = (cmd.indexes as unknown[]).map(parseIndexSpec);
  const { collection, created } = ctx.catalog.ensure(ctx.db, name);
  const before = collection.indexes.length;
  const made: string[] = [];
  try {
    for (const spec of specs) if (collection.createIndex(spec) === 'created') made.push(spec.name);
  } catch (err) {
    for (const n of made) collection.dropIndex(n);
    throw asCommandError(err);
  }
  return {
    createdCollectionAutomatically: created,
    numIndexesBefore: before,
    numIndexesAfter: collection.indexes.length,
    ...(made.length === 0 ? { note: 'all indexes already exist' } : {}),
    ok: 1,
  };
};

export const listIndexes: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'listIndexes');
  const coll = ctx.catalog.get(ctx.db, name);
  if (!coll) throw new CommandError('NamespaceNotFound', `ns does not exist: ${ctx.db}.${name}`);
  return ctx.cursors.first(`${ctx.db}.${name}`, coll.indexes.map((ix) => ix.describe()), { batchSize: cursorBatchSize(cmd) });
};

export const listCollections: CommandHandler = (cmd, ctx) => {
  const filter = docArg(cmd, 'filter');
  const nameOnly = cmd.nameOnly === true;
  let docs: Document[] = ctx.catalog.list(ctx.db).map((c) =>
    nameOnly
      ? { name: c.name, type: 'collection' }
      : {
          name: c.name,
          type: 'collection',
          options: {},
          info: { readOnly: false, uuid: c.uuid },
          idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
        },
  );
  if (filter && Object.keys(filter).length) {
    try {
      const q = new Query(filter);
      docs = docs.filter((d) => q.test(d));
    } catch (err) {
      throw asCommandError(err);
    }
  }
  return ctx.cursors.first(`${ctx.db}.$cmd.listCollections`, docs, { batchSize: cursorBatchSize(cmd) });
};

export const create: CommandHandler = (cmd, ctx) => {
  ctx.catalog.create(ctx.db, collectionArg(cmd, 'create'));
  return { ok: 1 };
};

export const drop: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'drop');
  const dropped = ctx.catalog.drop(ctx.db, name);
  // MongoDB 7.0 answers ok for a collection that does not exist.
  return dropped ? { nIndexesWas: dropped.indexes.length, ns: dropped.ns, ok: 1 } : { ok: 1 };
};

export const dropDatabase: CommandHandler = (_cmd, ctx) => {
  ctx.catalog.dropDatabase(ctx.db);
  return { ok: 1 };
};

export const dropIndexes: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'dropIndexes');
  const coll = ctx.catalog.get(ctx.db, name);
  if (!coll) throw new CommandError('NamespaceNotFound', `ns not found ${ctx.db}.${name}`);
  const was = coll.indexes.length;
  const target = cmd.index as unknown;
  const names: string[] = [];
  if (typeof target === 'string') names.push(target);
  else if (Array.isArray(target)) names.push(...target.map(String));
  else if (target && typeof target === 'object') {
    const key = JSON.stringify(target);
    const ix = coll.indexes.find((i) => JSON.stringify(i.spec.key) === key);
    if (!ix) throw new CommandError('IndexNotFound', `can't find index with key: ${key}`);
    names.push(ix.spec.name);
  } else throw new CommandError('TypeMismatch', "Field 'index' must be a string, an array of strings or a key pattern");
  for (const n of names) coll.dropIndex(n);
  return { nIndexesWas: was, ok: 1 };
};
