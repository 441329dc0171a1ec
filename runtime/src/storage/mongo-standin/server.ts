import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { BSON } from 'bson';
import type { Document } from 'bson';
import { Catalog } from './engine/catalog.js';
import { CursorStore } from './engine/cursors.js';
import { CommandError } from './engine/errors.js';
import { MAX_MESSAGE_SIZE_BYTES } from './commands/handshake.js';
import { OP_QUERY_COMMANDS, commandName, runCommand } from './commands/registry.js';
import { WireFormatError, decodeRequest, encodeMsgReply, encodeReply } from './wire/messages.js';

/**
 * The offline MongoDB stand-in: a TCP server that speaks the MongoDB wire protocol to the
 * official driver, holding data in memory. It exists for machines where no real `mongod`
 * can be had (see `resolveMongo`), keeps data only while it runs, and is never chosen when
 * a real server is available.
 */
export interface MongoStandin {
  /** `mongodb://127.0.0.1:<port>` — hand it to `MongoClient` like any server's URL. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Closes every connection and the listener; the data is gone afterwards. */
  stop(): Promise<void>;
}

export interface MongoStandinOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
}

/** Splits the byte stream of one connection into whole messages. */
class Framer {
  private chunks: Buffer[] = [];
  private length = 0;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** The next whole message, undefined when more bytes are needed; throws on an impossible length. */
  next(): Buffer | undefined {
    if (this.length < 4) return undefined;
    if (this.chunks[0]!.length < 4) this.chunks = [Buffer.concat(this.chunks)];
    const size = this.chunks[0]!.readInt32LE(0);
    if (size < 16 || size > MAX_MESSAGE_SIZE_BYTES) throw new WireFormatError(`message length ${size} out of range`);
    if (this.length < size) return undefined;
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length);
    const message = all.subarray(0, size);
    const rest = all.subarray(size);
    this.chunks = rest.length ? [rest] : [];
    this.length = rest.length;
    return message;
  }
}

function serve(socket: Socket, catalog: Catalog, cursors: CursorStore, connectionId: number): void {
  socket.setNoDelay(true);
  const framer = new Framer();
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    framer.push(chunk);
    try {
      for (let msg = framer.next(); msg; msg = framer.next()) handle(msg);
    } catch (err) {
      // Bytes that are not MongoDB messages: a server drops the connection.
      if (!(err instanceof WireFormatError)) throw err;
      socket.destroy();
    }
  });

  function handle(msg: Buffer): void {
    const req = decodeRequest(msg);
    if (req.kind === 'query') {
      const db = (req.namespace ?? 'admin.$cmd').split('.')[0] || 'admin';
      const name = commandName(req.command);
      const reply = OP_QUERY_COMMANDS.has(name)
        ? runCommand(req.command, { catalog, cursors, db, connectionId })
        : new CommandError('UnsupportedOpQueryCommand', `Unsupported OP_QUERY command: ${name}. The client driver may require an upgrade.`).toReply();
      socket.write(Buffer.concat(encodeReply(req.header.requestId, toBody(reply))));
      return;
    }
    const db = typeof req.command.$db === 'string' ? req.command.$db : 'admin';
    const reply = runCommand(req.command, { catalog, cursors, db, connectionId });
    if (req.moreToCome) return;
    for (const part of encodeMsgReply(req.header.requestId, toBody(reply))) socket.write(part);
  }
}

function toBody(reply: Document | Buffer): Uint8Array {
  return Buffer.isBuffer(reply) ? reply : BSON.serialize(reply);
}

/** Starts a stand-in on `host:port` (default 127.0.0.1 and a free port). */
export async function startMongoStandin(opts: MongoStandinOptions = {}): Promise<MongoStandin> {
  const host = opts.host ?? '127.0.0.1';
  const catalog = new Catalog();
  const cursors = new CursorStore();
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serve(socket, catalog, cursors, ++connections);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `mongodb://${host}:${port}`,
    host,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        cursors.close();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
