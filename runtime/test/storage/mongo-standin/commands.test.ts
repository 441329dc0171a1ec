import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Long, MongoClient, MongoServerError, ObjectId } from 'mongodb';
import type { CommandStartedEvent, Db } from 'mongodb';
import { startMongoStandin, STANDIN_COMMANDS } from '../../../src/storage/mongo-standin/index.js';
import type { MongoStandin } from '../../../src/storage/mongo-standin/index.js';

// A driver-level test of every command the stand-in claims: each case drives the official
// driver, checks the driver really sent that command (command monitoring), and checks the
// answer. The last test fails if a command is claimed without a case here.

let standin: MongoStandin;
let client: MongoClient;
let db: Db;
let sent: string[] = [];

beforeAll(async () => {
  standin = await startMongoStandin();
  client = new MongoClient(standin.url, { monitorCommands: true, serverSelectionTimeoutMS: 5_000 });
  client.on('commandStarted', (e: CommandStartedEvent) => sent.push(e.commandName));
  await client.connect();
});

afterAll(async () => {
  await client.close();
  await standin.stop();
});

let dbCount = 0;
beforeEach(() => {
  db = client.db(`cmds_${++dbCount}`);
  sent = [];
});

async function seed(n = 5) {
  const c = db.collection<{ _id?: ObjectId; i: number; tag: string; arr?: number[] }>('items');
  await c.insertMany(Array.from({ length: n }, (_, i) => ({ i, tag: i % 2 ? 'odd' : 'even', arr: [i, i + 1] })));
  return c;
}

const cases: Record<string, () => Promise<void>> = {
  hello: async () => {
    const r = await db.admin().command({ hello: 1 });
    expect(r.isWritablePrimary).toBe(true);
    expect(r.maxWireVersion).toBeGreaterThanOrEqual(8);
    expect(r.helloOk).toBe(true);
  },
  isMaster: async () => {
    const r = await db.admin().command({ isMaster: 1 });
    expect(r.ismaster).toBe(true);
    expect(r.maxWireVersion).toBe(21);
  },
  ismaster: async () => {
    const r = await db.admin().command({ ismaster: 1 });
    expect(r.ismaster).toBe(true);
  },
  ping: async () => {
    expect((await db.admin().ping()).ok).toBe(1);
  },
  buildInfo: async () => {
    const r = await db.admin().command({ buildInfo: 1 });
    expect(r.version).toBe('7.0.0');
    expect(r.algoStandin).toBe(true);
  },
  buildinfo: async () => {
    expect((await db.admin().buildInfo()).versionArray).toEqual([7, 0, 0, 0]);
  },
  endSessions: async () => {
    const session = client.startSession();
    await db.collection('x').findOne({}, { session });
    await session.endSession();
    expect((await db.admin().command({ endSessions: [session.id] })).ok).toBe(1);
  },
  insert: async () => {
    const c = db.collection('ins');
    const r = await c.insertMany([{ a: 1 }, { a: 2 }, { _id: 'fixed' as unknown as ObjectId, a: 3 }]);
    expect(r.insertedCount).toBe(3);
    expect(r.insertedIds[2]).toBe('fixed');
    await expect(c.insertOne({ _id: 'fixed' as unknown as ObjectId })).rejects.toMatchObject({ code: 11000 });
    expect(await c.countDocuments()).toBe(3);
  },
  update: async () => {
    const c = await seed();
    const multi = await c.updateMany({ tag: 'odd' }, { $inc: { i: 100 }, $push: { arr: 9 } });
    expect([multi.matchedCount, multi.modifiedCount]).toEqual([2, 2]);
    expect((await c.findOne({ i: 101 }))?.arr).toEqual([1, 2, 9]);
    const same = await c.updateOne({ i: 0 }, { $set: { tag: 'even' } });
    expect([same.matchedCount, same.modifiedCount]).toEqual([1, 0]);
    const up = await c.updateOne({ i: 42, tag: 'new' }, { $set: { x: 1 }, $setOnInsert: { born: true } }, { upsert: true });
    expect(up.upsertedCount).toBe(1);
    expect(await c.findOne({ _id: up.upsertedId! }, { projection: { _id: 0, arr: 0 } })).toEqual({ i: 42, tag: 'new', x: 1, born: true });
    const again = await c.updateOne({ i: 42, tag: 'new' }, { $set: { x: 2 }, $setOnInsert: { born: false } }, { upsert: true });
    expect(again.matchedCount).toBe(1);
    expect((await c.findOne({ i: 42 }))?.born).toBe(true);
    const rep = await c.replaceOne({ i: 2 }, { i: 2, tag: 'replaced' });
    expect(rep.modifiedCount).toBe(1);
    expect(await c.findOne({ i: 2 }, { projection: { _id: 0 } })).toEqual({ i: 2, tag: 'replaced' });
    const pipe = await c.updateOne({ i: 4 }, [{ $set: { doubled: { $multiply: ['$i', 2] } } }]);
    expect(pipe.modifiedCount).toBe(1);
    expect((await c.findOne({ i: 4 }))?.doubled).toBe(8);
  },
  delete: async () => {
    const c = await seed();
    expect((await c.deleteOne({ tag: 'odd' })).deletedCount).toBe(1);
    expect((await c.deleteMany({ tag: 'even' })).deletedCount).toBe(3);
    expect(await c.countDocuments()).toBe(1);
  },
  findAndModify: async () => {
    const c = await seed();
    const before = await c.findOneAndUpdate({ tag: 'even' }, { $set: { seen: true } }, { sort: { i: -1 } });
    expect(before?.i).toBe(4);
    expect((before as Record<string, unknown>).seen).toBeUndefined();
    const after = await c.findOneAndUpdate({ i: 99 }, { $set: { made: 1 } }, { upsert: true, returnDocument: 'after' });
    expect(after).toMatchObject({ i: 99, made: 1 });
    const removed = await c.findOneAndDelete({ i: 1 });
    expect(removed?.i).toBe(1);
    expect(await c.findOne({ i: 1 })).toBeNull();
    const replaced = await c.findOneAndReplace({ i: 3 }, { i: 3, only: true }, { returnDocument: 'after', projection: { _id: 0 } });
    expect(replaced).toEqual({ i: 3, only: true });
  },
  findandmodify: async () => {
    await seed();
    const r = await db.command({ findandmodify: 'items', query: { i: 2 }, update: { $set: { z: 1 } }, new: true });
    expect(r.value).toMatchObject({ i: 2, z: 1 });
    expect(r.lastErrorObject).toMatchObject({ n: 1, updatedExisting: true });
  },
  find: async () => {
    const c = await seed(10);
    const docs = await c.find({ i: { $gte: 3 }, tag: { $in: ['odd', 'even'] } }, { projection: { _id: 0, arr: 0 } }).sort({ i: -1 }).skip(1).limit(3).toArray();
    expect(docs).toEqual([{ i: 8, tag: 'even' }, { i: 7, tag: 'odd' }, { i: 6, tag: 'even' }]);
    expect(await c.find({ tag: /^od/ }).toArray()).toHaveLength(5);
    expect(await c.find({ arr: { $elemMatch: { $gt: 9 } } }).toArray()).toHaveLength(1);
    const [incl] = await c.find({ i: 1 }, { projection: { tag: 1 } }).toArray();
    expect(Object.keys(incl!)).toEqual(['_id', 'tag']);
    expect(await c.find({ i: 1 }, { projection: { tag: 1, _id: 0 } }).toArray()).toEqual([{ tag: 'odd' }]);
    expect(await c.find({ i: 1 }, { projection: { 'arr': { $slice: 1 }, _id: 0, i: 1 } }).toArray()).toEqual([{ i: 1, arr: [1] }]);
    await expect(c.find({}, { projection: { a: 1, b: 0 } }).toArray()).rejects.toMatchObject({ code: 2 });
  },
  getMore: async () => {
    const c = await seed(250);
    const seen: number[] = [];
    for await (const d of c.find({}).sort({ i: 1 }).batchSize(40)) seen.push(d.i);
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(sent.filter((n) => n === 'getMore').length).toBe(6);
    await expect(db.command({ getMore: Long.fromNumber(987654), collection: 'items' })).rejects.toMatchObject({ code: 43 });
  },
  killCursors: async () => {
    const c = await seed(50);
    const cursor = c.find({}).batchSize(5);
    await cursor.next();
    await cursor.close();
    expect(sent).toContain('killCursors');
    const r = await db.command({ killCursors: 'items', cursors: [Long.fromNumber(424242)] });
    expect(r.cursorsNotFound.map(String)).toEqual(['424242']);
  },
  count: async () => {
    const c = await seed(7);
    expect(await c.estimatedDocumentCount()).toBe(7);
    expect((await db.command({ count: 'items', query: { tag: 'odd' } })).n).toBe(3);
  },
  distinct: async () => {
    const c = await seed(6);
    expect((await c.distinct('tag')).sort()).toEqual(['even', 'odd']);
    expect((await c.distinct('arr', { i: { $lt: 2 } })).sort()).toEqual([0, 1, 2]);
  },
  aggregate: async () => {
    const c = await seed(6);
    const r = await c.aggregate([{ $group: { _id: '$tag', total: { $sum: '$i' } } }, { $sort: { _id: 1 } }]).toArray();
    expect(r).toEqual([{ _id: 'even', total: 6 }, { _id: 'odd', total: 9 }]);
    expect(await c.countDocuments({ tag: 'odd' })).toBe(3);
    const big = await c.aggregate([{ $unwind: '$arr' }], { batchSize: 2 }).toArray();
    expect(big).toHaveLength(12);
    await expect(c.aggregate([{ $out: 'elsewhere' }]).toArray()).rejects.toThrow(/not supported by the offline MongoDB stand-in/);
  },
  createIndexes: async () => {
    const c = db.collection('ix');
    expect(await c.createIndex({ a: 1 }, { unique: true })).toBe('a_1');
    expect(await c.createIndex({ a: 1 }, { unique: true })).toBe('a_1'); // idempotent
    await expect(c.createIndex({ a: 1 }, { name: 'a_1', sparse: true })).rejects.toMatchObject({ code: 85 });
    // Like a server, a unique index counts a missing field as null: a second document without `a` collides.
    await c.insertOne({ b: 1 });
    await expect(c.insertOne({ b: 1 })).rejects.toMatchObject({ code: 11000, keyValue: { a: null } });
    const dups = db.collection('ix_dups');
    await dups.insertMany([{ b: 1 }, { b: 1 }]);
    await expect(dups.createIndex({ b: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 });
    expect((await dups.indexes()).map((i) => i.name)).toEqual(['_id_']);
    const sparse = db.collection('ix_sparse');
    await sparse.createIndex({ s: 1 }, { unique: true, sparse: true });
    await sparse.insertMany([{ a: 10 }, { a: 11 }]); // no `s`: a sparse unique index lets both in
    await expect(sparse.insertMany([{ s: 1 }, { s: 1 }])).rejects.toMatchObject({ code: 11000 });
    const partial = db.collection('ix_partial');
    await partial.createIndex({ p: 1 }, { unique: true, partialFilterExpression: { live: true } });
    await partial.insertMany([{ p: 1 }, { p: 1, live: true }]);
    await expect(partial.insertOne({ p: 1, live: true })).rejects.toMatchObject({ code: 11000, keyValue: { p: 1 } });
  },
  listIndexes: async () => {
    const c = db.collection('li');
    await c.createIndex({ x: 1, y: -1 }, { name: 'xy' });
    const ix = await c.listIndexes().toArray();
    expect(ix.map((i) => i.name)).toEqual(['_id_', 'xy']);
    expect(ix[1]!.key).toEqual({ x: 1, y: -1 });
    await expect(db.collection('missing').listIndexes().toArray()).rejects.toMatchObject({ code: 26 });
  },
  listCollections: async () => {
    await db.collection('one').insertOne({});
    await db.collection('two').insertOne({});
    const all = await db.listCollections().toArray();
    expect(all.map((c) => c.name)).toEqual(['one', 'two']);
    expect((await db.listCollections({ name: 'two' }, { nameOnly: true }).toArray()).map((c) => c.name)).toEqual(['two']);
  },
  create: async () => {
    await db.createCollection('made');
    expect((await db.listCollections().toArray()).map((c) => c.name)).toEqual(['made']);
    await expect(db.createCollection('made')).rejects.toMatchObject({ code: 48 });
  },
  drop: async () => {
    await seed();
    expect(await db.collection('items').drop()).toBe(true);
    expect(await db.collection('items').countDocuments()).toBe(0);
    expect(await db.collection('never').drop()).toBe(true);
  },
  dropDatabase: async () => {
    await seed();
    expect(await db.dropDatabase()).toBe(true);
    expect(await db.listCollections().toArray()).toEqual([]);
  },
  dropIndexes: async () => {
    const c = db.collection('di');
    await c.createIndex({ a: 1 });
    await c.createIndex({ b: 1 });
    await c.dropIndex('a_1');
    expect((await c.indexes()).map((i) => i.name)).toEqual(['_id_', 'b_1']);
    await c.dropIndexes();
    expect((await c.indexes()).map((i) => i.name)).toEqual(['_id_']);
    await expect(c.dropIndex('nope')).rejects.toMatchObject({ code: 27 });
  },
};

describe('every command the stand-in claims, through the official driver', () => {
  for (const [name, run] of Object.entries(cases)) {
    it(name, async () => {
      await run();
      expect(sent).toContain(name);
    });
  }

  it('has a case for each claimed command and no case for an unclaimed one', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(STANDIN_COMMANDS).sort());
  });

  it('refuses transactions as a standalone server does, writing nothing', async () => {
    const session = client.startSession();
    session.startTransaction();
    const err = await db.collection('tx').insertOne({ a: 1 }, { session }).catch((e: unknown) => e);
    await session.abortTransaction().catch(() => undefined);
    await session.endSession();
    // The driver rewords code 20 on a standalone exactly as it does for a real mongod.
    expect(err).toMatchObject({ originalError: { code: 20 } });
    expect(await db.collection('tx').countDocuments()).toBe(0);
  });

  it('answers an unknown command with CommandNotFound (59) that the driver raises', async () => {
    const err = await db.command({ replSetGetStatus: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MongoServerError);
    expect(err).toMatchObject({ code: 59, codeName: 'CommandNotFound' });
  });
});
