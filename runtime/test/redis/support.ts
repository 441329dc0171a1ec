import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Redis } from 'ioredis';
import { createRedisClient } from '../../src/redis/client.js';
import { createKeyspace } from '../../src/redis/keyspace/index.js';
import type { Keyspace } from '../../src/redis/keyspace/index.js';
import { resolveRedis } from '../../src/redis/resolve.js';
import type { ResolvedRedis } from '../../src/redis/resolve.js';

/**
 * A real Redis for a test file: REDIS_URL when set, else a throwaway redis-server. Each
 * test starts from an empty database.
 */
export interface RedisFixture {
  readonly redis: Redis;
  readonly ks: Keyspace;
  readonly server: ResolvedRedis;
  /** A second connection, for blocking reads. */
  readonly blocking: Redis;
}

export function useRedis(): () => RedisFixture {
  let f: RedisFixture | undefined;
  beforeAll(async () => {
    const server = await resolveRedis({ purpose: 'test', notify: () => undefined });
    if (!server.ok) throw new Error(server.message);
    const redis = createRedisClient(server.value.url, { name: 'test' });
    const blocking = createRedisClient(server.value.url, { name: 'test-blocking', blocking: true });
    f = { redis, blocking, ks: createKeyspace(redis), server: server.value };
  });
  beforeEach(async () => {
    await f?.redis.flushdb();
  });
  afterAll(async () => {
    if (!f) return;
    f.redis.disconnect();
    f.blocking.disconnect();
    await f.server.stop();
  });
  return () => {
    if (!f) throw new Error('redis fixture used outside a test');
    return f;
  };
}
