import { Redis } from 'ioredis';
import { failure, success } from '../storage/outcome.js';
import type { Outcome } from '../storage/outcome.js';
import { redactUrl } from '../storage/url.js';

/**
 * Checks that a Redis answers PING at `url`, without the client's endless reconnects: one
 * connection attempt bounded by `timeoutMs` (a PING is safe to try again, so a caller may
 * call this in a loop). Failure is one line naming the redacted URL, its source and why.
 */
export async function probeRedis(url: string, opts: { timeoutMs?: number; source?: string } = {}): Promise<Outcome<{ version: string }>> {
  const timeoutMs = opts.timeoutMs ?? 3_000;
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    const info = await client.info('server');
    return success({ version: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown' });
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    const from = opts.source ? ` (${opts.source})` : '';
    return failure('STORAGE_UNREACHABLE', `Redis unreachable at ${redactUrl(url)}${from}: tried for ${timeoutMs / 1000} s — ${reason}`);
  } finally {
    client.disconnect();
  }
}
