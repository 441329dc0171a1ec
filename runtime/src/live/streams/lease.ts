import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { redisKeys } from '../../redis/keyspace/keys.js';

// Extends the lease only while it is still ours.
const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * A lease on a name (`engine:lease:<name>`): at most one engine process holds it, for
 * `ttlMs` at a time, renewed every third of that. It makes a role with state in memory (the
 * strategy cores of evaluation, the order book of execution) run in one process while others
 * stand by: when the holder dies its lease lapses and a standby takes over — claiming the
 * stream entries the dead one left unacknowledged. A holder that cannot renew (Redis gone,
 * or another process took it) stops acting at once (`held` turns false).
 */
export class Lease {
  private holding = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly redis: Redis,
    readonly name: string,
    private readonly owner: string,
    private readonly ttlMs: number,
    private readonly log: Logger,
    private readonly onChange: (held: boolean) => void = () => undefined,
  ) {}

  get held(): boolean {
    return this.holding;
  }

  /** Starts trying to hold the lease (now, then on every renewal tick). */
  start(): void {
    void this.tick();
  }

  /** Gives the lease up (if held) and stops trying. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.holding) {
      this.set(false);
      await this.redis.eval(RELEASE, 1, redisKeys.engineLease(this.name), this.owner).catch(() => undefined);
    }
  }

  /** Tries once to take or keep the lease; true when held afterwards. */
  async tick(): Promise<boolean> {
    if (this.stopped) return false;
    clearTimeout(this.timer);
    const key = redisKeys.engineLease(this.name);
    try {
      if (this.holding) {
        const kept = (await this.redis.eval(RENEW, 1, key, this.owner, this.ttlMs)) === 1;
        if (!kept) this.log.warn({ lease: this.name }, `lost the ${this.name} lease: another process holds it now`);
        this.set(kept || (await this.take(key)));
      } else this.set(await this.take(key));
    } catch (err) {
      if (this.holding) this.log.warn({ lease: this.name, err: (err as Error).message }, `cannot renew the ${this.name} lease; standing down until Redis answers`);
      this.set(false);
    }
    if (!this.stopped) {
      this.timer = setTimeout(() => void this.tick(), Math.max(100, Math.floor(this.ttlMs / 3)));
      this.timer.unref();
    }
    return this.holding;
  }

  private async take(key: string): Promise<boolean> {
    return (await this.redis.set(key, this.owner, 'PX', this.ttlMs, 'NX')) === 'OK' || (await this.redis.get(key)) === this.owner;
  }

  private set(held: boolean): void {
    if (held === this.holding) return;
    this.holding = held;
    this.onChange(held);
  }
}
