import type { Document } from 'bson';
import type { CommandHandler } from './context.js';

/**
 * Handshake and server-information commands. The stand-in presents itself as a
 * standalone server of wire version 21 (MongoDB 7.0): driver 7 requires at least 8. It
 * advertises logical sessions (so `endSessions` is meaningful) but no `topologyVersion`
 * (so the driver polls instead of streaming hello) and no compression.
 */

/** Marks replies so tools (and the resolver's tests) can tell the stand-in from a real mongod. */
export const STANDIN_MARK = 'algo-offline-standin';

export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
export const MAX_MESSAGE_SIZE_BYTES = 48_000_000;
export const MAX_WIRE_VERSION = 21;

function helloReply(connectionId: number, legacy: boolean): Document {
  return {
    ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
    helloOk: true,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE_BYTES,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
}

export const hello: CommandHandler = (_cmd, ctx) => helloReply(ctx.connectionId, false);
export const isMaster: CommandHandler = (_cmd, ctx) => helloReply(ctx.connectionId, true);
export const ping: CommandHandler = () => ({ ok: 1 });

export const buildInfo: CommandHandler = () => ({
  version: '7.0.0',
  gitVersion: STANDIN_MARK,
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  storageEngines: ['memory'],
  modules: [],
  algoStandin: true,
  ok: 1,
});

/** Sessions carry no server state here, so ending them only acknowledges. */
export const endSessions: CommandHandler = () => ({ ok: 1 });
