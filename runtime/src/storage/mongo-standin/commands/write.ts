import type { Document } from 'bson';
import type { Collection } from '../engine/collection.js';
import { CommandError, asCommandError } from '../engine/errors.js';
import { projectOne, select } from '../engine/query.js';
import { applyUpdate, isReplacement, seedFromQuery } from '../engine/update.js';
import type { UpdateDoc } from '../engine/update.js';
import { collectionArg, docArg } from './context.js';
import type { CommandContext, CommandHandler } from './context.js';

/**
 * Write commands: insert, update, delete, findAndModify. Per-statement failures of the
 * batch commands go into `writeErrors` (an ordered batch stops at the first), exactly
 * where the driver looks for them — an E11000 surfaces to the caller as a
 * `MongoServerError`/`MongoBulkWriteError` with `code: 11000`.
 */

function statements(cmd: Document, field: string): Document[] {
  const v = cmd[field] as unknown;
  if (!Array.isArray(v)) throw new CommandError('TypeMismatch', `Field '${field}' must be an array`);
  return v as Document[];
}

function ordered(cmd: Document): boolean {
  return cmd.ordered !== false;
}

function writeReply(base: Document, errors: Document[]): Document {
  return errors.length ? { ...base, writeErrors: errors, ok: 1 } : { ...base, ok: 1 };
}

export const insert: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'insert');
  const docs = statements(cmd, 'documents');
  const coll = ctx.catalog.ensure(ctx.db, name).collection;
  const errors: Document[] = [];
  let n = 0;
  for (let i = 0; i < docs.length; i++) {
    try {
      coll.insert(docs[i]!);
      n++;
    } catch (err) {
      errors.push(asCommandError(err).toWriteError(i));
      if (ordered(cmd)) break;
    }
  }
  return writeReply({ n }, errors);
};

interface UpdateOutcome {
  matched: number;
  modified: number;
  upsertedId?: unknown;
  doc?: Document;
  before?: Document;
}

/** One update statement: match, then update each match or upsert. */
function runUpdate(
  coll: Collection,
  q: Document,
  u: UpdateDoc,
  opts: { multi: boolean; upsert: boolean; arrayFilters?: Document[]; collation?: Document; sort?: Document },
): UpdateOutcome {
  if (u === null || typeof u !== 'object') throw new CommandError('FailedToParse', "'u' must be an object or a pipeline");
  if (opts.multi && isReplacement(u)) throw new CommandError('FailedToParse', 'multi update is not supported for replacement-style update');
  const matches = select(coll, q, { collation: opts.collation, ...(opts.multi ? {} : { limit: 1, sort: opts.sort }) });
  if (matches.length === 0) {
    if (!opts.upsert) return { matched: 0, modified: 0 };
    const seed = seedFromQuery(q);
    const start = isReplacement(u) ? (seed._id === undefined ? {} : { _id: seed._id }) : seed;
    const { doc } = applyUpdate(start, u, { inserting: true, arrayFilters: opts.arrayFilters });
    const stored = coll.insert(doc);
    return { matched: 0, modified: 0, upsertedId: stored._id, doc: stored };
  }
  let modified = 0;
  let last: Document | undefined;
  for (const m of matches) {
    const r = applyUpdate(m, u, { inserting: false, arrayFilters: opts.arrayFilters });
    last = r.changed ? coll.replace(m, r.doc) : m;
    if (r.changed) modified++;
  }
  return { matched: matches.length, modified, doc: last, before: matches[0] };
}

export const update: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'update');
  const stmts = statements(cmd, 'updates');
  const coll = ctx.catalog.ensure(ctx.db, name).collection;
  const errors: Document[] = [];
  const upserted: Document[] = [];
  let n = 0;
  let nModified = 0;
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i]!;
    try {
      const r = runUpdate(coll, (s.q as Document) ?? {}, s.u as UpdateDoc, {
        multi: s.multi === true,
        upsert: s.upsert === true,
        arrayFilters: s.arrayFilters as Document[] | undefined,
        collation: docArg(s, 'collation'),
        sort: docArg(s, 'sort'),
      });
      if (r.upsertedId !== undefined) {
        upserted.push({ index: i, _id: r.upsertedId });
        n++;
      } else {
        n += r.matched;
        nModified += r.modified;
      }
    } catch (err) {
      errors.push(asCommandError(err).toWriteError(i));
      if (ordered(cmd)) break;
    }
  }
  return writeReply({ n, nModified, ...(upserted.length ? { upserted } : {}) }, errors);
};

export const deleteCommand: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'delete');
  const stmts = statements(cmd, 'deletes');
  const coll = ctx.catalog.get(ctx.db, name);
  const errors: Document[] = [];
  let n = 0;
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i]!;
    try {
      const limit = s.limit === 1 ? 1 : 0;
      if (s.limit !== 0 && s.limit !== 1) throw new CommandError('FailedToParse', "The 'limit' field of a delete must be 0 or 1");
      const matches = select(coll, (s.q as Document) ?? {}, { collation: docArg(s, 'collation'), ...(limit ? { limit: 1 } : {}) });
      for (const m of matches) coll!.remove(m);
      n += matches.length;
    } catch (err) {
      errors.push(asCommandError(err).toWriteError(i));
      if (ordered(cmd)) break;
    }
  }
  return writeReply({ n }, errors);
};

function project(doc: Document | undefined, fields: Document | undefined): Document | null {
  return doc ? projectOne(doc, fields) : null;
}

export const findAndModify: CommandHandler = (cmd, ctx: CommandContext) => {
  // Both spellings reach here; the collection is the value of whichever was sent.
  const name = collectionArg(cmd, 'findAndModify' in cmd ? 'findAndModify' : 'findandmodify');
  const query = docArg(cmd, 'query') ?? {};
  const sort = docArg(cmd, 'sort');
  const fields = docArg(cmd, 'fields');
  const collation = docArg(cmd, 'collation');
  if (cmd.remove === true) {
    if (cmd.update !== undefined) throw new CommandError('FailedToParse', 'Cannot specify both an update and remove=true');
    const coll = ctx.catalog.get(ctx.db, name);
    const [m] = select(coll, query, { sort, limit: 1, collation });
    if (m) coll!.remove(m);
    return { lastErrorObject: { n: m ? 1 : 0 }, value: project(m, fields), ok: 1 };
  }
  if (cmd.update === undefined) throw new CommandError('FailedToParse', 'Either an update or remove=true must be specified');
  const coll = ctx.catalog.ensure(ctx.db, name).collection;
  const r = runUpdate(coll, query, cmd.update as UpdateDoc, {
    multi: false,
    upsert: cmd.upsert === true,
    arrayFilters: cmd.arrayFilters as Document[] | undefined,
    collation,
    sort,
  });
  const returnNew = cmd.new === true;
  if (r.upsertedId !== undefined) {
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: r.upsertedId },
      value: returnNew ? project(r.doc, fields) : null,
      ok: 1,
    };
  }
  return {
    lastErrorObject: { n: r.matched, updatedExisting: r.matched > 0 },
    value: project(returnNew ? r.doc : r.before, fields),
    ok: 1,
  };
};
