import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import type { Feed, FeedDownCode, FeedState, FeedStatus, StatusListener, SubscribeProblem, Tick, TickListener } from './feed.js';

/**
 * What every feed shares, in one place: the listener lists (a throwing listener is logged,
 * never allowed to stop the feed), the subscription set, and the status with its
 * invariants — `since` moves only when the state changes, `lastTickAt` follows every
 * delivered batch, and nothing is delivered once the feed is stopped. Subclasses say how
 * to connect and what to send; they report through `setStatus` and `deliver`.
 */
export abstract class FeedBase implements Feed {
  abstract readonly kind: string;
  protected readonly subs = new Set<string>();
  private readonly tickListeners: TickListener[] = [];
  private readonly statusListeners: StatusListener[] = [];
  private current: FeedStatus;
  private lastTickAt: number | undefined;

  constructor(
    protected readonly clock: Clock,
    protected readonly logger?: Logger,
  ) {
    this.current = { state: 'idle', since: clock.now() };
  }

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;

  /** Which of `instruments` this feed can serve (the rest are refused with a reason). */
  protected abstract resolve(instruments: readonly string[]): Promise<{ ok: string[]; problems: SubscribeProblem[] }>;
  /** Sends a subscription for newly added instruments, if connected. */
  protected abstract sendSubscribe(instruments: readonly string[]): void;
  /** Sends an unsubscription, if connected. */
  protected abstract sendUnsubscribe(instruments: readonly string[]): void;

  async subscribe(instruments: readonly string[]): Promise<{ subscribed: string[]; problems: SubscribeProblem[] }> {
    const fresh = [...new Set(instruments)].filter((k) => !this.subs.has(k));
    const { ok, problems } = await this.resolve(fresh);
    for (const k of ok) this.subs.add(k);
    if (ok.length && this.current.state === 'live') this.sendSubscribe(ok);
    return { subscribed: ok, problems };
  }

  unsubscribe(instruments: readonly string[]): void {
    const gone = instruments.filter((k) => this.subs.delete(k));
    if (gone.length && this.current.state === 'live') this.sendUnsubscribe(gone);
  }

  subscriptions(): string[] {
    return [...this.subs];
  }

  status(): FeedStatus {
    return this.lastTickAt === undefined ? this.current : { ...this.current, lastTickAt: this.lastTickAt };
  }

  onTicks(listener: TickListener): () => void {
    this.tickListeners.push(listener);
    return () => remove(this.tickListeners, listener);
  }

  onStatus(listener: StatusListener): () => void {
    this.statusListeners.push(listener);
    return () => remove(this.statusListeners, listener);
  }

  /** Moves to `state` (keeping `since` when the state is unchanged) and tells the listeners. */
  protected setStatus(state: FeedState, extra: { reason?: string; code?: FeedDownCode; attempt?: number; nextRetryAt?: number } = {}): void {
    const since = state === this.current.state ? this.current.since : this.clock.now();
    this.current = { state, since, ...extra };
    const snapshot = this.status();
    if (state === 'down') this.logger?.warn({ feed: this.kind, ...extra }, `feed ${this.kind} is down: ${extra.reason ?? 'unknown reason'}`);
    for (const l of [...this.statusListeners]) {
      try {
        l(snapshot);
      } catch (err) {
        this.logger?.error({ err, feed: this.kind }, 'feed status listener failed');
      }
    }
  }

  protected get state(): FeedState {
    return this.current.state;
  }

  /**
   * Hands a batch to the tick listeners (nothing after stop; subclasses drop instruments no
   * longer subscribed). Returns a promise when some listener returned one — settled when
   * all have, never rejecting (a failure is logged).
   */
  protected deliver(ticks: readonly Tick[]): Promise<void> | undefined {
    if (this.current.state === 'stopped' || ticks.length === 0) return undefined;
    this.lastTickAt = this.clock.now();
    let pending: Promise<void>[] | undefined;
    for (const l of this.tickListeners) {
      try {
        const r = l(ticks);
        if (r instanceof Promise) (pending ??= []).push(r.catch((err: unknown) => this.logger?.error({ err, feed: this.kind }, 'feed tick listener failed')));
      } catch (err) {
        this.logger?.error({ err, feed: this.kind }, 'feed tick listener failed');
      }
    }
    return pending ? Promise.all(pending).then(() => undefined) : undefined;
  }
}

function remove<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}
