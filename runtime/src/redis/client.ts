import { Redis } from 'ioredis';

/**
 * A Redis client for Algo's processes. ioredis reconnects on its own when Redis restarts;
 * commands issued meanwhile wait (up to `maxRetriesPerRequest` reconnect attempts), so a
 * brief Redis restart pauses work instead of failing it. Blocking readers (stream
 * consumers, `popOrderEvent` with a timeout) should get a client of their own with
 * `blocking: true`, which never gives up on a command.
 */
export function createRedisClient(url: string, opts: { name?: string; blocking?: boolean } = {}): Redis {
  return new Redis(url, {
    connectionName: opts.name ?? 'algo',
    maxRetriesPerRequest: opts.blocking ? null : 20,
    enableReadyCheck: true,
  });
}
