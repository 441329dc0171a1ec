import type { Document } from 'bson';
import { CommandError } from '../engine/errors.js';
import * as admin from './admin.js';
import type { CommandContext, CommandHandler, CommandReply } from './context.js';
import * as handshake from './handshake.js';
import * as read from './read.js';
import * as write from './write.js';

/**
 * Every command the stand-in speaks, by name. Anything else is answered with
 * CommandNotFound (code 59), which the driver raises as a MongoServerError — a command the
 * stand-in does not know never hangs a client.
 */
export const COMMANDS: Readonly<Record<string, CommandHandler>> = {
  hello: handshake.hello,
  isMaster: handshake.isMaster,
  ismaster: handshake.isMaster,
  ping: handshake.ping,
  buildInfo: handshake.buildInfo,
  buildinfo: handshake.buildInfo,
  endSessions: handshake.endSessions,
  insert: write.insert,
  update: write.update,
  delete: write.deleteCommand,
  findAndModify: write.findAndModify,
  findandmodify: write.findAndModify,
  find: read.find,
  getMore: read.getMore,
  killCursors: read.killCursors,
  count: read.count,
  distinct: read.distinct,
  aggregate: read.aggregate,
  createIndexes: admin.createIndexes,
  listIndexes: admin.listIndexes,
  listCollections: admin.listCollections,
  create: admin.create,
  drop: admin.drop,
  dropDatabase: admin.dropDatabase,
  dropIndexes: admin.dropIndexes,
};

/** Commands a legacy OP_QUERY may carry; modern servers refuse every other command that way. */
export const OP_QUERY_COMMANDS = new Set(['hello', 'isMaster', 'ismaster']);

/** The command's name: the first key of the command document. */
export function commandName(cmd: Document): string {
  return Object.keys(cmd)[0] ?? '';
}

/** Runs `cmd`, turning every failure into a server error reply. */
export function runCommand(cmd: Document, ctx: CommandContext): CommandReply {
  const name = commandName(cmd);
  const handler = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  try {
    if (!handler) throw new CommandError('CommandNotFound', `no such command: '${name}'`);
    // Like a standalone mongod: no transactions (and so no silently non-atomic ones).
    if (cmd.txnNumber !== undefined || cmd.startTransaction !== undefined || cmd.autocommit !== undefined) {
      throw new CommandError('IllegalOperation', 'Transaction numbers are only allowed on a replica set member or mongos');
    }
    return handler(cmd, ctx);
  } catch (err) {
    if (err instanceof CommandError) return err.toReply();
    // A bug in the stand-in itself: answer (never hang the client) and say what broke.
    const message = err instanceof Error ? err.message : String(err);
    return new CommandError('InternalError', `offline MongoDB stand-in failed on '${name}': ${message}`).toReply();
  }
}
