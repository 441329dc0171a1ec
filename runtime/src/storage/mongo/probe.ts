import { MongoClient } from 'mongodb';
import { failure, success } from '../outcome.js';
import type { Outcome } from '../outcome.js';
import { redactUrl } from '../url.js';

/** What a successful probe learned about the server. */
export interface MongoProbe {
  readonly version: string;
  /** True when the server is Algo's offline stand-in (it marks its buildInfo). */
  readonly standin: boolean;
}

/**
 * Connects to `url`, pings, and reads buildInfo — a read-only check, so the driver's own
 * server selection may retry it for up to `timeoutMs`. An unreachable server becomes one
 * line naming the (redacted) URL, where it came from and what failed.
 */
export async function probeMongo(url: string, opts: { timeoutMs?: number; source?: string } = {}): Promise<Outcome<MongoProbe>> {
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const client = new MongoClient(url, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await client.connect();
    const admin = client.db('admin');
    await admin.command({ ping: 1 });
    const info = await admin.command({ buildInfo: 1 });
    return success({ version: String(info.version), standin: info.algoStandin === true });
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    const from = opts.source ? ` (${opts.source})` : '';
    return failure('STORAGE_UNREACHABLE', `MongoDB unreachable at ${redactUrl(url)}${from}: tried for ${timeoutMs / 1000} s — ${reason}`);
  } finally {
    await client.close().catch(() => undefined);
  }
}
