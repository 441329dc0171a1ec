import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { BSON } from 'bson';
import type { Document } from 'bson';
import { startMongoStandin } from '../../../src/storage/mongo-standin/index.js';
import type { MongoStandin } from '../../../src/storage/mongo-standin/index.js';

// The wire protocol byte by byte, without the driver: what a driver relies on but cannot
// show directly (reply opcodes, responseTo, no reply for moreToCome, dropped connections).

let standin: MongoStandin;
beforeAll(async () => {
  standin = await startMongoStandin();
});
afterAll(() => standin.stop());

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;

function header(length: number, requestId: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(0, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

function opQuery(requestId: number, ns: string, doc: Document): Buffer {
  const body = Buffer.concat([Buffer.alloc(4), Buffer.from(`${ns}\0`), Buffer.from([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]), BSON.serialize(doc)]);
  return Buffer.concat([header(16 + body.length, requestId, OP_QUERY), body]);
}

function opMsg(requestId: number, body: Document, opts: { flags?: number; sequences?: Record<string, Document[]>; checksum?: boolean } = {}): Buffer {
  const parts: Buffer[] = [Buffer.from([0]), Buffer.from(BSON.serialize(body))];
  for (const [id, docs] of Object.entries(opts.sequences ?? {})) {
    const payload = Buffer.concat([Buffer.from(`${id}\0`), ...docs.map((d) => Buffer.from(BSON.serialize(d)))]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + payload.length, 0);
    parts.push(Buffer.from([1]), size, payload);
  }
  if (opts.checksum) parts.push(Buffer.alloc(4)); // a CRC32C the server may ignore
  const flags = Buffer.alloc(4);
  flags.writeUInt32LE((opts.flags ?? 0) | (opts.checksum ? 1 : 0), 0);
  const rest = Buffer.concat([flags, ...parts]);
  return Buffer.concat([header(16 + rest.length, requestId, OP_MSG), rest]);
}

interface Reply {
  opCode: number;
  responseTo: number;
  doc: Document;
}

/** A raw connection that collects whole replies. */
async function raw(): Promise<{ socket: Socket; next: () => Promise<Reply>; closed: Promise<void> }> {
  const socket = connect(standin.port, '127.0.0.1');
  await new Promise<void>((r) => socket.once('connect', () => r()));
  let buf = Buffer.alloc(0);
  const waiting: Array<(r: Reply) => void> = [];
  const ready: Reply[] = [];
  socket.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    while (buf.length >= 4 && buf.length >= buf.readInt32LE(0)) {
      const len = buf.readInt32LE(0);
      const msg = buf.subarray(0, len);
      buf = buf.subarray(len);
      const opCode = msg.readInt32LE(12);
      const docAt = opCode === OP_REPLY ? 36 : 21;
      const reply = { opCode, responseTo: msg.readInt32LE(8), doc: BSON.deserialize(msg.subarray(docAt)) };
      const w = waiting.shift();
      if (w) w(reply);
      else ready.push(reply);
    }
  });
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  return {
    socket,
    closed,
    next: () => (ready.length ? Promise.resolve(ready.shift()!) : new Promise<Reply>((r) => waiting.push(r))),
  };
}

describe('the stand-in on the wire', () => {
  it('answers the legacy OP_QUERY handshake with OP_REPLY', async () => {
    const c = await raw();
    c.socket.write(opQuery(7, 'admin.$cmd', { isMaster: 1, helloOk: true, client: { driver: { name: 'raw' } } }));
    const r = await c.next();
    expect(r.opCode).toBe(OP_REPLY);
    expect(r.responseTo).toBe(7);
    expect(r.doc).toMatchObject({ ismaster: true, helloOk: true, maxWireVersion: 21, ok: 1 });
    c.socket.write(opQuery(8, 'admin.$cmd', { $query: { hello: 1 } }));
    expect((await c.next()).doc.isWritablePrimary).toBe(true);
    c.socket.destroy();
  });

  it('refuses other commands over OP_QUERY the way modern servers do', async () => {
    const c = await raw();
    c.socket.write(opQuery(9, 'app.$cmd', { find: 'x' }));
    const r = await c.next();
    expect(r.doc).toMatchObject({ ok: 0, code: 352 });
    c.socket.destroy();
  });

  it('folds OP_MSG document sequences into the command, and ignores a checksum', async () => {
    const c = await raw();
    c.socket.write(opMsg(11, { insert: 'seq', $db: 'wire' }, { sequences: { documents: [{ _id: 1 }, { _id: 2 }, { _id: 3 }] }, checksum: true }));
    const r = await c.next();
    expect(r.opCode).toBe(OP_MSG);
    expect(r.responseTo).toBe(11);
    expect(r.doc).toEqual({ n: 3, ok: 1 });
    c.socket.write(opMsg(12, { count: 'seq', $db: 'wire' }));
    expect((await c.next()).doc).toEqual({ n: 3, ok: 1 });
    c.socket.destroy();
  });

  it('sends no reply when the client sets moreToCome (w: 0), and still serves the next request', async () => {
    const c = await raw();
    c.socket.write(opMsg(21, { insert: 'quiet', documents: [{ a: 1 }], writeConcern: { w: 0 }, $db: 'wire' }, { flags: 2 }));
    c.socket.write(opMsg(22, { count: 'quiet', $db: 'wire' }));
    const r = await c.next();
    expect(r.responseTo).toBe(22);
    expect(r.doc.n).toBe(1);
    c.socket.destroy();
  });

  it('reassembles a message that arrives one byte at a time', async () => {
    const c = await raw();
    const msg = opMsg(31, { ping: 1, $db: 'admin' });
    for (const byte of msg) c.socket.write(Buffer.from([byte]));
    expect((await c.next()).doc).toEqual({ ok: 1 });
    c.socket.destroy();
  });

  it('drops a connection that sends bytes that are not a MongoDB message', async () => {
    const c = await raw();
    c.socket.write(Buffer.from([3, 0, 0, 0, 1, 2, 3, 4]));
    await c.closed;
    expect(c.socket.destroyed).toBe(true);
  });

  it('answers unknown commands (never hangs) with CommandNotFound', async () => {
    const c = await raw();
    c.socket.write(opMsg(41, { shutdown: 1, $db: 'admin' }));
    expect((await c.next()).doc).toMatchObject({ ok: 0, code: 59, codeName: 'CommandNotFound' });
    c.socket.destroy();
  });
});
