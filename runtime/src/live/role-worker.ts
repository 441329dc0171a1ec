import type { WriteRecipe } from '../redis/keyspace/codec.js';
import type { StreamEntry } from '../redis/keyspace/streams.js';
import type { EngineContext } from './context.js';
import { liveChannels, type LiveChannels } from './streams/channels.js';
import { GroupConsumer } from './streams/group-consumer.js';
import { Lease } from './streams/lease.js';
import { KeyedSerial } from './streams/serial.js';

type Payload<K extends keyof LiveChannels> = LiveChannels[K] extends { read(...a: never[]): Promise<{ entries: Array<StreamEntry<infer T>> }> } ? T : never;

/**
 * What the indicators, evaluation and execution workers share: a lease that makes one
 * process at a time act for the role (the others stand by and take over when it lapses),
 * the consumers of the streams the role reads — each on its own blocking connection, all
 * handing entries to one `KeyedSerial` so the role's state of a strategy is touched by one
 * job at a time —
 * and start/stop. Subclasses register their streams with `consume` and forget what they
 * hold in memory in `onTakeOver` (they reload it from Redis, where it was left).
 */
export abstract class RoleWorker {
  protected readonly serial = new KeyedSerial();
  private readonly consumers: Array<GroupConsumer<unknown>> = [];
  private readonly lease: Lease;

  constructor(
    protected readonly ctx: EngineContext,
    readonly role: 'indicators' | 'evaluation' | 'execution' | 'recorder',
  ) {
    this.lease = new Lease(ctx.redis, role, ctx.consumer, ctx.config.leaseMs, ctx.log, (held) => {
      if (held) {
        ctx.log.info({ role, consumer: ctx.consumer }, `live engine: this process now runs ${role}`);
        void this.serial.run(undefined, async () => this.onTakeOver('lease')).catch((err: unknown) => ctx.log.error({ err, role }, 'take-over failed'));
        for (const c of this.consumers) c.takeOver();
      }
    });
  }

  /** True while this process holds the role. */
  get active(): boolean {
    return this.lease.held;
  }

  /**
   * Reads `stream` in the role's consumer group, handling each entry with `handle` — alone,
   * or, with `keyOf`, concurrently with entries of other keys (strategies).
   */
  protected consume<K extends keyof LiveChannels>(
    stream: K,
    handle: (entry: StreamEntry<Payload<K>>) => Promise<WriteRecipe[]>,
    o: { keyOf?: (entry: StreamEntry<Payload<K>>) => string | undefined; batched?: boolean; handleMany?: (entries: ReadonlyArray<StreamEntry<Payload<K>>>) => Promise<WriteRecipe[]> } = {},
  ): void {
    const channel = liveChannels(this.ctx.blocking(`algo-${this.role}-${stream}`))[stream];
    const consumer = new GroupConsumer<Payload<K>>({
      channel: channel as never,
      group: this.role,
      consumer: this.ctx.consumer,
      redis: this.ctx.redis,
      serial: this.serial,
      log: this.ctx.log,
      blockMs: this.ctx.config.blockMs,
      handle,
      ...(o.keyOf ? { keyOf: o.keyOf } : {}),
      ...(o.batched ? { batched: true } : {}),
      ...(o.handleMany ? { handleMany: o.handleMany } : {}),
      active: () => this.lease.held,
      onPoison: (id, error) => this.ctx.log.error({ role: this.role, stream, id }, error),
      onStale: async (id) => {
        this.ctx.log.debug({ role: this.role, stream, id }, 'state may be ahead of Redis: reloading it');
        await this.onTakeOver('stale');
      },
    });
    this.consumers.push(consumer as GroupConsumer<unknown>);
  }

  async start(): Promise<void> {
    await this.lease.tick();
    this.lease.start();
    for (const c of this.consumers) c.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
    await this.lease.stop();
    await this.onStop();
  }

  /**
   * The role was just taken (`lease`), or an entry was found already handled (`stale`):
   * forget in-memory state — it is reloaded from Redis, where it was left.
   */
  protected abstract onTakeOver(why: 'lease' | 'stale'): Promise<void>;

  protected async onStop(): Promise<void> {}
}
