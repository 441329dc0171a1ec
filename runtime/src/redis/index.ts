/**
 * Redis — the live engine's state: resolving a server (`resolveRedis`), clients, and the
 * keyspace module, the one place that knows key names (`createKeyspace`, `redisKeys`).
 */
export { resolveRedis } from './resolve.js';
export type { RedisPurpose, ResolveRedisOptions, ResolvedRedis } from './resolve.js';
export { probeRedis } from './probe.js';
export { createRedisClient } from './client.js';
export * from './keyspace/index.js';
