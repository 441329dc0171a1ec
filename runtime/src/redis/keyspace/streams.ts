import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { encode } from './codec.js';
import type { WriteRecipe } from './codec.js';

/**
 * A Redis Stream used as a hand-off that must not be lost (DESIGN §4): producers append,
 * a consumer group shares the entries among its consumers, and an entry stays pending
 * until acknowledged — so a consumer that dies mid-work leaves its entries to be read
 * again (`readPending` on restart) or claimed by another (`claimStale`). Each entry
 * carries one field, `data`, holding the JSON payload.
 */

export interface StreamEntry<T> {
  readonly id: string;
  readonly payload: T;
}

/** An entry whose payload is not JSON or not what the schema expects — ack it and log it, do not retry it forever. */
export interface MalformedEntry {
  readonly id: string;
  readonly error: string;
}

export interface StreamBatch<T> {
  readonly entries: StreamEntry<T>[];
  readonly malformed: MalformedEntry[];
}

export interface PendingSummary {
  readonly count: number;
  readonly oldestId?: string;
  /** Pending entries per consumer. */
  readonly consumers: Record<string, number>;
}

type RawEntry = [id: string, fields: string[]];

export class StreamChannel<T> {
  constructor(
    private readonly redis: Redis,
    readonly key: string,
    private readonly schema: z.ZodType<T>,
    /** Entries kept (approximately); older ones are trimmed as new ones arrive. */
    private readonly maxLen = 100_000,
  ) {}

  /** Creates the consumer group (and the stream) if missing; true when it was created. */
  async ensureGroup(group: string, startId = '0'): Promise<boolean> {
    try {
      await this.redis.xgroup('CREATE', this.key, group, startId, 'MKSTREAM');
      return true;
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('BUSYGROUP')) return false;
      throw err;
    }
  }

  /** Queues an append (for a batch). */
  publishRecipe(payload: T): WriteRecipe {
    const data = encode(this.schema.parse(payload));
    return (c) => void c.xadd(this.key, 'MAXLEN', '~', this.maxLen, '*', 'data', data);
  }

  /** Appends an entry; returns its id. */
  async publish(payload: T): Promise<string> {
    const id = await this.redis.xadd(this.key, 'MAXLEN', '~', this.maxLen, '*', 'data', encode(this.schema.parse(payload)));
    return id as string;
  }

  private parse(raw: RawEntry[]): StreamBatch<T> {
    const entries: StreamEntry<T>[] = [];
    const malformed: MalformedEntry[] = [];
    for (const [id, fields] of raw) {
      const at = fields.indexOf('data');
      const text = at >= 0 && at % 2 === 0 ? fields[at + 1] : undefined;
      if (text === undefined) {
        malformed.push({ id, error: `${this.key} ${id}: no data field` });
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        malformed.push({ id, error: `${this.key} ${id}: data is not JSON` });
        continue;
      }
      const r = this.schema.safeParse(value);
      if (r.success) entries.push({ id, payload: r.data });
      else malformed.push({ id, error: `${this.key} ${id}: ${r.error.issues[0]?.path.join('.') || '(value)'}: ${r.error.issues[0]?.message ?? 'invalid'}` });
    }
    return { entries, malformed };
  }

  /**
   * New entries for `consumer` of `group` (at most `count`), waiting up to `blockMs` when
   * there are none (a waiting read blocks its connection: give consumers their own).
   */
  async read(group: string, consumer: string, opts: { count?: number; blockMs?: number } = {}): Promise<StreamBatch<T>> {
    const args: Array<string | number> = ['GROUP', group, consumer, 'COUNT', opts.count ?? 100];
    if (opts.blockMs !== undefined) args.push('BLOCK', opts.blockMs);
    args.push('STREAMS', this.key, '>');
    return this.parse(await this.xreadgroup(args));
  }

  // ioredis's typed xreadgroup keeps the reply's [[stream, entries]] shape (its generic
  // `call` does not), so the arguments are built here and spread into it.
  private async xreadgroup(args: Array<string | number>): Promise<RawEntry[]> {
    const read = this.redis.xreadgroup as unknown as (...a: Array<string | number>) => Promise<Array<[string, RawEntry[]]> | null>;
    const r = await read.apply(this.redis, args);
    return r?.[0]?.[1] ?? [];
  }

  /** Entries delivered to `consumer` but never acknowledged — read these first after a restart. */
  async readPending(group: string, consumer: string, count = 100): Promise<StreamBatch<T>> {
    return this.parse(await this.xreadgroup(['GROUP', group, consumer, 'COUNT', count, 'STREAMS', this.key, '0']));
  }

  /** Acknowledges processed entries; returns how many were pending. */
  async ack(group: string, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return this.redis.xack(this.key, group, ...ids);
  }

  /** Takes over entries another consumer left pending for at least `minIdleMs` (it died, or hangs). */
  async claimStale(group: string, consumer: string, minIdleMs: number, count = 100): Promise<StreamBatch<T>> {
    const r = (await this.redis.call('XAUTOCLAIM', this.key, group, consumer, minIdleMs, '0-0', 'COUNT', count)) as [string, RawEntry[], string[]];
    return this.parse((r[1] ?? []).filter((e): e is RawEntry => Array.isArray(e)));
  }

  /** What is delivered but not yet acknowledged in `group`. */
  async pending(group: string): Promise<PendingSummary> {
    const r = (await this.redis.call('XPENDING', this.key, group)) as [number, string | null, string | null, Array<[string, string]> | null];
    const consumers: Record<string, number> = {};
    for (const [name, n] of r[3] ?? []) consumers[name] = Number(n);
    return { count: Number(r[0]), ...(r[1] ? { oldestId: r[1] } : {}), consumers };
  }

  async length(): Promise<number> {
    return this.redis.xlen(this.key);
  }
}
