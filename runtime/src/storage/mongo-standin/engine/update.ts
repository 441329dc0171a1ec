import { update as mingoUpdate, updateOne as mingoUpdateOne } from 'mingo';
import type { Document } from 'bson';
import { CommandError } from './errors.js';
import { cloneValue, setPath, valueKey } from './values.js';

/**
 * Update semantics for `update` and `findAndModify`: replacement documents, update
 * operators (mingo's, plus `$setOnInsert`, which only a server knows about), aggregation
 * pipelines, and the document an upsert starts from.
 */

const OPERATORS = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$currentDate',
  '$push', '$pull', '$pullAll', '$pop', '$addToSet', '$bit', '$setOnInsert',
]);

export type UpdateDoc = Document | Document[];

/** True for `{ a: 1 }`-style replacement documents (no `$` operators); false for `{ $set: … }` and pipelines. */
export function isReplacement(u: UpdateDoc): boolean {
  if (Array.isArray(u)) return false;
  const keys = Object.keys(u);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length > 0 && ops.length !== keys.length) {
    throw new CommandError('FailedToParse', `Unknown modifier: ${keys.find((k) => !k.startsWith('$'))}. Expected a valid update modifier or pipeline-style update specified as an array`);
  }
  return ops.length === 0;
}

/**
 * Applies `u` to a copy of `current` (never to `current` itself). `inserting` is true
 * when the document is being created by an upsert, which is when `$setOnInsert` applies.
 * Returns the new document and whether anything changed.
 */
export function applyUpdate(
  current: Document,
  u: UpdateDoc,
  opts: { arrayFilters?: Document[]; inserting: boolean },
): { doc: Document; changed: boolean } {
  if (Array.isArray(u)) {
    const holder = [cloneValue(current)];
    const r = mingoUpdateOne(holder, {}, u as never);
    const next = holder[0] as Document;
    const doc = current._id === undefined ? next : { ...next, _id: current._id };
    return { doc, changed: opts.inserting || r.modifiedCount > 0 };
  }
  if (isReplacement(u)) {
    if (u._id !== undefined && current._id !== undefined && valueKey(u._id) !== valueKey(current._id)) {
      throw new CommandError('ImmutableField', "After applying the update, the (immutable) field '_id' was found to have been altered");
    }
    // `u` came off the wire for this command alone, so it can be stored without a copy.
    const doc = current._id === undefined ? u : { ...u, _id: current._id };
    return { doc, changed: true };
  }
  const modifier: Record<string, Document> = {};
  for (const [op, arg] of Object.entries(u)) {
    if (!OPERATORS.has(op)) throw new CommandError('FailedToParse', `Unknown modifier: ${op}`);
    if (arg === null || typeof arg !== 'object' || Array.isArray(arg)) {
      throw new CommandError('FailedToParse', `Modifiers operate on fields but we found type ${Array.isArray(arg) ? 'array' : typeof arg} instead. For example: {$mod: {<field>: ...}} not {${op}: ${JSON.stringify(arg)}}`);
    }
    if (op === '$setOnInsert') continue;
    modifier[op] = arg as Document;
  }
  if (opts.inserting && u.$setOnInsert) {
    const onInsert = u.$setOnInsert as Document;
    for (const path of Object.keys(onInsert)) {
      if (modifier.$set && path in modifier.$set) {
        throw new CommandError('ConflictingUpdateOperators', `Updating the path '${path}' would create a conflict at '${path}'`);
      }
    }
    modifier.$set = { ...(modifier.$set ?? {}), ...onInsert };
  }
  if (modifier.$set && '_id' in modifier.$set && current._id !== undefined && valueKey(modifier.$set._id) !== valueKey(current._id)) {
    throw new CommandError('ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  const doc = cloneValue(current);
  if (Object.keys(modifier).length === 0) return { doc, changed: opts.inserting };
  const changed = mingoUpdate(doc, modifier as never, opts.arrayFilters);
  return { doc, changed: opts.inserting || changed.length > 0 };
}

function isOperatorObject(v: unknown): v is Document {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Date || v instanceof RegExp) return false;
  const first = Object.keys(v)[0];
  return first !== undefined && first.startsWith('$');
}

/** The document an upsert starts from: the equality conditions of its query (`a: v`, `a: { $eq: v }`, `$and`). */
export function seedFromQuery(q: Document): Document {
  const out: Document = {};
  for (const [k, v] of Object.entries(q)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const sub of v) Object.assign(out, seedFromQuery(sub as Document));
      continue;
    }
    if (k.startsWith('$')) continue;
    if (isOperatorObject(v)) {
      if ('$eq' in v) setPath(out, k, cloneValue(v.$eq));
      continue;
    }
    if (v instanceof RegExp) continue;
    setPath(out, k, cloneValue(v));
  }
  return out;
}
