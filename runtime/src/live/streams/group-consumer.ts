import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { WriteRecipe } from '../../redis/keyspace/codec.js';
import type { StreamChannel, StreamEntry } from '../../redis/keyspace/streams.js';
import { isTransientMongoError } from '../../storage/retry.js';
import { ackAndApply } from './guarded.js';
import { delay, type KeyedSerial } from './serial.js';

/**
 * One worker's reading of one stream through a consumer group — the loop every live worker
 * shares, so the rules that keep hand-offs from being lost are written once:
 *
 * - Entries are handled inside the worker's `KeyedSerial`: one at a time, in stream order —
 *   or, given `keyOf`, concurrently across keys and in order within each — so the worker's
 *   state is touched by one job at a time per key whichever stream the job came from.
 * - A handler returns the Redis writes its work produced (entries for the next worker,
 *   state snapshots, counters); they are applied atomically together with the XACK of the
 *   entry, and only if the entry was still pending (`ackAndApply`). So an entry is either
 *   fully handled — outputs written and acknowledged — or not at all; a worker killed at
 *   any instant leaves it pending, to be handled again; and a write resent after a dropped
 *   connection, or a second consumer during a take-over, cannot apply it twice. Effects
 *   outside Redis (orders at the broker, MongoDB) happen before that and must be idempotent
 *   (client order ids, `_id`s).
 * - On start — and whenever it takes over the role — the consumer first claims what other
 *   consumers of the group left pending (they died), then reads its own pending entries,
 *   then new ones.
 * - A handler that throws is retried (after a growing pause) from the same entry, so nothing
 *   after it is handled first. Failures of Redis or MongoDB are retried for as long as they
 *   last; anything else (a bug, a poison entry) is given up after `maxAttempts`: the entry
 *   is acknowledged and reported through `onPoison`. Malformed entries are acknowledged and
 *   reported at once.
 */
export interface GroupConsumerOptions<T> {
  /** the channel, on a connection of its own (reads block it) */
  readonly channel: StreamChannel<T>;
  readonly group: string;
  readonly consumer: string;
  /** the connection for the MULTI that writes outputs and acknowledges */
  readonly redis: Redis;
  readonly serial: KeyedSerial;
  readonly log: Logger;
  readonly blockMs: number;
  handle(entry: StreamEntry<T>): Promise<WriteRecipe[]>;
  /** With `batched`: handles a whole read at once (a recorder writing documents in bulk); default: `handle` on each. */
  handleMany?(entries: ReadonlyArray<StreamEntry<T>>): Promise<WriteRecipe[]>;
  /**
   * The key entries are ordered by (a strategy id): entries of different keys are handled
   * concurrently, each key's in stream order. Without it every entry runs alone.
   */
  keyOf?(entry: StreamEntry<T>): string | undefined;
  /**
   * Group commit: every entry of a read is handled in one job, in order, and their outputs
   * applied with their acknowledgements in one script — one round trip for a burst. A batch
   * that fails is retried an entry at a time (a poison entry is isolated).
   */
  readonly batched?: boolean;
  /** whether this process is the one acting for the role now (a lease); default: always */
  active?(): boolean;
  /** a malformed entry, or one given up after repeated failures */
  onPoison?(id: string, error: string): void;
  /**
   * In-memory state may be ahead of Redis: an entry turned out to be acknowledged already
   * (by a resend, or another consumer), or handling failed half-way. The worker reloads.
   */
  onStale?(id: string): Promise<void>;
  readonly maxAttempts?: number;
}

/** A failure worth trying again as it is (a lost compare-and-swap, a dependency not ready). */
export class TransientError extends Error {
  override readonly name = 'TransientError';
}

/** Failures that are worth waiting out rather than giving up on: Redis or MongoDB not answering. */
export function isTransient(err: unknown): boolean {
  if (err instanceof TransientError || isTransientMongoError(err)) return true;
  const e = err as { name?: string; message?: string; code?: string };
  if (e?.name === 'MaxRetriesPerRequestError') return true;
  return /Connection is closed|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Stream isn't writeable|LOADING|READONLY|CLUSTERDOWN|TRYAGAIN|MongoNotConnected|Topology is closed|timed out/i.test(`${e?.code ?? ''} ${e?.message ?? ''}`);
}

export class GroupConsumer<T> {
  private stopped = false;
  private running: Promise<void> | undefined;
  private claimed = false;
  private readonly attempts = new Map<string, number>();
  /** a batch failed: handle entries one at a time until the pending ones are done */
  private single = false;

  constructor(private readonly o: GroupConsumerOptions<T>) {}

  start(): void {
    this.running ??= this.loop();
  }

  /** Stops after the entry in hand (a blocked read ends within `blockMs`). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** The role was (re)taken: claim what others left before reading on. */
  takeOver(): void {
    this.claimed = false;
  }

  private async loop(): Promise<void> {
    const { channel, group, consumer, log } = this.o;
    let pendingPhase = true;
    let pause = 0;
    while (!this.stopped) {
      try {
        if (this.o.active && !this.o.active()) {
          await delay(100);
          pendingPhase = true;
          this.claimed = false;
          continue;
        }
        if (!this.claimed) {
          await this.claimOthers();
          this.claimed = true;
          pendingPhase = true;
        }
        const batch = pendingPhase ? await channel.readPending(group, consumer, 100) : await channel.read(group, consumer, { count: 100, blockMs: this.o.blockMs });
        if (this.stopped) break;
        if (pendingPhase && batch.entries.length === 0 && batch.malformed.length === 0) {
          pendingPhase = false;
          this.single = false;
          continue;
        }
        for (const bad of batch.malformed) {
          await this.o.redis.xack(channel.key, group, bad.id);
          log.error({ stream: channel.key, id: bad.id }, bad.error);
          this.o.onPoison?.(bad.id, bad.error);
        }
        await this.handleBatch(batch.entries);
        pause = 0;
      } catch (err) {
        if (this.stopped) break;
        pendingPhase = true;
        pause = Math.min(2_000, pause ? pause * 2 : 50);
        if (!isTransient(err)) log.error({ err, stream: channel.key, group }, 'live worker: handling failed; retrying the entry');
        else log.warn({ stream: channel.key, group, err: (err as Error).message }, 'live worker: Redis or MongoDB not answering; retrying');
        await delay(pause);
      }
    }
  }

  /**
   * Handles a batch in the worker's serial: one by one, or concurrently across keys. After a
   * failure the entries of its key that follow are not handled (they stay pending, to be
   * read again in order); the first failure is thrown once the batch has settled.
   */
  private async handleBatch(entries: ReadonlyArray<StreamEntry<T>>): Promise<void> {
    if (this.o.batched && !this.single && entries.length > 1) {
      await this.o.serial.run(undefined, () => this.processMany(entries)).catch((err: unknown) => {
        this.single = true;
        throw err;
      });
      return;
    }
    const keyOf = this.o.keyOf;
    if (!keyOf) {
      for (const entry of entries) {
        if (this.stopped || (this.o.active && !this.o.active())) break;
        await this.o.serial.run(undefined, () => this.process(entry));
      }
      return;
    }
    const failed = new Set<string | undefined>();
    let first: unknown;
    const jobs = entries.map((entry) => {
      const key = keyOf(entry);
      return this.o.serial
        .run(key, async () => {
          if (failed.has(key) || this.stopped || (this.o.active && !this.o.active())) return;
          await this.process(entry);
        })
        .catch((err: unknown) => {
          failed.add(key);
          first ??= err;
        });
    });
    await Promise.all(jobs);
    if (first !== undefined) throw first;
  }

  /** Handles entries in order, then applies all their outputs with their acknowledgements at once. */
  private async processMany(entries: ReadonlyArray<StreamEntry<T>>): Promise<void> {
    const recipes: WriteRecipe[] = [];
    try {
      if (this.o.handleMany) recipes.push(...(await this.o.handleMany(entries)));
      else for (const e of entries) recipes.push(...(await this.o.handle(e)));
    } catch (err) {
      await this.o.onStale?.(entries[0]!.id);
      throw err;
    }
    const applied = await ackAndApply(this.o.redis, this.o.channel.key, this.o.group, entries.map((e) => e.id), recipes);
    if (!applied) await this.o.onStale?.(entries[0]!.id);
  }

  private async process(entry: StreamEntry<T>): Promise<void> {
    const { channel, group } = this.o;
    let recipes: WriteRecipe[];
    try {
      recipes = await this.o.handle(entry);
    } catch (err) {
      await this.o.onStale?.(entry.id);
      if (isTransient(err)) throw err;
      const n = (this.attempts.get(entry.id) ?? 0) + 1;
      this.attempts.set(entry.id, n);
      if (n < (this.o.maxAttempts ?? 5)) throw err;
      this.attempts.delete(entry.id);
      const message = `${channel.key} ${entry.id}: given up after ${n} attempts: ${(err as Error).message}`;
      this.o.log.error({ err, stream: channel.key, id: entry.id }, message);
      this.o.onPoison?.(entry.id, message);
      recipes = [];
    }
    const applied = await ackAndApply(this.o.redis, channel.key, group, entry.id, recipes);
    this.attempts.delete(entry.id);
    if (!applied) await this.o.onStale?.(entry.id);
  }

  /** XAUTOCLAIM everything other consumers of the group hold, then drops consumers left with nothing. */
  private async claimOthers(): Promise<void> {
    const { redis, group, consumer } = this.o;
    const key = this.o.channel.key;
    let cursor = '0-0';
    for (let i = 0; i < 10_000; i++) {
      const r = (await redis.call('XAUTOCLAIM', key, group, consumer, 0, cursor, 'COUNT', 1000, 'JUSTID')) as [string, string[]];
      cursor = r[0];
      if (cursor === '0-0') break;
    }
    const consumers = (await redis.call('XINFO', 'CONSUMERS', key, group)) as unknown[][];
    for (const c of consumers) {
      const info = toRecord(c);
      if (info.name !== consumer && Number(info.pending) === 0) await redis.call('XGROUP', 'DELCONSUMER', key, group, String(info.name));
    }
  }
}

function toRecord(flat: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = flat[i + 1];
  return out;
}
