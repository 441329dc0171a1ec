import { Aggregator, ProcessingMode } from 'mingo';
import { Long } from 'bson';
import type { Document } from 'bson';
import { CommandError, asCommandError } from '../engine/errors.js';
import { select } from '../engine/query.js';
import { valueKey } from '../engine/values.js';
import { collectionArg, docArg, intArg } from './context.js';
import type { CommandContext, CommandHandler } from './context.js';

/** Read commands: find, getMore, killCursors, count, distinct, aggregate. */

function cursorBatchSize(cmd: Document): number | undefined {
  const c = docArg(cmd, 'cursor');
  return c ? intArg(c, 'batchSize') : undefined;
}

export const find: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'find');
  const limit = intArg(cmd, 'limit');
  const docs = select(ctx.catalog.get(ctx.db, name), docArg(cmd, 'filter') ?? {}, {
    sort: docArg(cmd, 'sort'),
    skip: intArg(cmd, 'skip'),
    limit,
    projection: docArg(cmd, 'projection'),
    collation: docArg(cmd, 'collation'),
  });
  return ctx.cursors.first(`${ctx.db}.${name}`, docs, {
    batchSize: intArg(cmd, 'batchSize'),
    singleBatch: cmd.singleBatch === true || (limit !== undefined && limit < 0),
  });
};

function cursorId(v: unknown): bigint {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'bigint') return v;
  if (v instanceof Long) return v.toBigInt();
  throw new CommandError('TypeMismatch', "Field 'getMore' must be of type long");
}

export const getMore: CommandHandler = (cmd, ctx) => {
  const id = cursorId(cmd.getMore);
  const name = collectionArg(cmd, 'collection');
  const ns = ctx.cursors.nsOf(id);
  if (ns === undefined) throw new CommandError('CursorNotFound', `cursor id ${id} not found`);
  if (ns !== `${ctx.db}.${name}`) {
    throw new CommandError('CursorNotFound', `cursor id ${id} belongs to ${ns}, not ${ctx.db}.${name}`);
  }
  return ctx.cursors.more(id, intArg(cmd, 'batchSize'))!;
};

export const killCursors: CommandHandler = (cmd, ctx) => {
  collectionArg(cmd, 'killCursors');
  const ids = Array.isArray(cmd.cursors) ? (cmd.cursors as unknown[]).map(cursorId) : [];
  const killed: Long[] = [];
  const notFound: Long[] = [];
  for (const id of ids) (ctx.cursors.kill(id) ? killed : notFound).push(Long.fromBigInt(id));
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};

export const count: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'count');
  const docs = select(ctx.catalog.get(ctx.db, name), docArg(cmd, 'query') ?? {}, {
    skip: intArg(cmd, 'skip'),
    limit: intArg(cmd, 'limit'),
    collation: docArg(cmd, 'collation'),
  });
  return { n: docs.length, ok: 1 };
};

export const distinct: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'distinct');
  const key = cmd.key as unknown;
  if (typeof key !== 'string' || key.length === 0) throw new CommandError('TypeMismatch', "Field 'key' must be a string");
  const docs = select(ctx.catalog.get(ctx.db, name), docArg(cmd, 'query') ?? {}, { collation: docArg(cmd, 'collation') });
  const seen = new Map<string, unknown>();
  const add = (v: unknown): void => {
    if (v === undefined) return;
    if (!seen.has(valueKey(v))) seen.set(valueKey(v), v);
  };
  for (const doc of docs) {
    // A dotted key descends through arrays, and array values count element by element, as on a server.
    let values: unknown[] = [doc];
    for (const part of key.split('.')) {
      values = values.flatMap((v) => {
        if (v === null || typeof v !== 'object') return [];
        const next = (v as Record<string, unknown>)[part];
        if (next === undefined && Array.isArray(v)) return v.map((e) => (e && typeof e === 'object' ? (e as Record<string, unknown>)[part] : undefined));
        return [next];
      });
    }
    for (const v of values) (Array.isArray(v) ? v : [v]).forEach(add);
  }
  return { values: Array.from(seen.values()), ok: 1 };
};

const WRITING_STAGES = ['$out', '$merge'];

export const aggregate: CommandHandler = (cmd, ctx: CommandContext) => {
  const target = cmd.aggregate as unknown;
  if (target !== 1 && (typeof target !== 'string' || target.length === 0)) {
    throw new CommandError('InvalidNamespace', "'aggregate' must be a collection name or 1");
  }
  const pipeline = cmd.pipeline as unknown;
  if (!Array.isArray(pipeline)) throw new CommandError('TypeMismatch', "'pipeline' must be an array");
  for (const stage of pipeline as Document[]) {
    const op = Object.keys(stage ?? {})[0] ?? '';
    if (WRITING_STAGES.includes(op)) {
      throw new CommandError('BadValue', `${op} is not supported by the offline MongoDB stand-in (use a real mongod: set MONGO_URL)`);
    }
  }
  if (!cmd.cursor || typeof cmd.cursor !== 'object') {
    throw new CommandError('FailedToParse', "The 'cursor' option is required, except for aggregate with the explain argument");
  }
  const source = typeof target === 'string' ? ctx.catalog.get(ctx.db, target)?.all() ?? [] : [];
  let out: Document[];
  try {
    const agg = new Aggregator(pipeline as Document[], {
      processingMode: ProcessingMode.CLONE_INPUT,
      scriptEnabled: false,
      collectionResolver: (name: string) => ctx.catalog.get(ctx.db, name)?.all() ?? [],
      ...(docArg(cmd, 'collation') ? { collation: docArg(cmd, 'collation') as never } : {}),
      ...(docArg(cmd, 'let') ? { variables: docArg(cmd, 'let') } : {}),
    });
    out = agg.run(source) as Document[];
  } catch (err) {
    throw asCommandError(err);
  }
  const ns = typeof target === 'string' ? `${ctx.db}.${target}` : `${ctx.db}.$cmd.aggregate`;
  return ctx.cursors.first(ns, out, { batchSize: cursorBatchSize(cmd) });
};
