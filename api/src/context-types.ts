import type { createRedisClient } from '@algo/runtime';

/** A Redis connection as `@algo/runtime` creates it (ioredis). */
export type RedisClient = ReturnType<typeof createRedisClient>;
