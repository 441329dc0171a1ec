import type { Logger } from 'pino';
import type { RawData } from 'ws';
import { systemScheduler, type Scheduler } from '../clock.js';
import { FeedBase } from '../feed-base.js';
import type { Tick } from '../feed.js';
import type { BackoffOptions } from './backoff.js';
import { ReconnectingSocket, type SocketTarget } from './reconnecting-socket.js';

export interface SocketFeedOptions {
  readonly scheduler?: Scheduler;
  readonly backoff?: BackoffOptions;
  readonly logger?: Logger;
}

/**
 * What the broker feeds share, in one place: the `ReconnectingSocket` and its states mapped
 * onto the feed's status (`down` carries the reason, the attempt and the next retry time),
 * resubscribing everything on every (re)connect, and the two tick invariants — an
 * instrument's times never go back, and its first tick after a (re)subscription is marked
 * `gap`. A broker feed says where to connect, what to send to (un)subscribe, and how to
 * decode a message.
 */
export abstract class SocketFeed extends FeedBase {
  private readonly socket: ReconnectingSocket;
  private readonly lastTs = new Map<string, number>();
  private fresh = new Set<string>();

  constructor(name: string, o: SocketFeedOptions & { staleAfterMs: number; pingEveryMs?: number }) {
    const scheduler = o.scheduler ?? systemScheduler;
    super(scheduler, o.logger);
    this.socket = new ReconnectingSocket({
      name,
      scheduler,
      ...(o.backoff ? { backoff: o.backoff } : {}),
      staleAfterMs: o.staleAfterMs,
      ...(o.pingEveryMs ? { pingEveryMs: o.pingEveryMs } : {}),
      target: () => this.target(),
      onOpen: () => {
        this.fresh = new Set(this.subs);
        if (this.subs.size) this.sendSubscribe([...this.subs]);
      },
      onMessage: (data, isBinary) => {
        const ticks = this.decode(data, isBinary);
        if (ticks.length) void this.deliver(ticks);
      },
      onState: (s) => {
        if (s.state === 'down') this.setStatus('down', { code: s.code, reason: `${name}: ${s.reason}`, attempt: s.attempt, nextRetryAt: s.nextRetryAt });
        else if (this.state !== 'stopped') this.setStatus(s.state);
      },
    });
  }

  /** Where to connect for this attempt (asked every time), or why not. */
  protected abstract target(): Promise<SocketTarget>;
  /** The ticks of one message, each finished with {@link tick}; instruments not subscribed are left out. */
  protected abstract decode(data: RawData, isBinary: boolean): Tick[];

  async start(): Promise<void> {
    await this.socket.start();
  }

  async stop(): Promise<void> {
    this.setStatus('stopped', { reason: 'stopped' });
    await this.socket.stop();
  }

  /** Sends on the socket (false when not connected: the next connect resubscribes anyway). */
  protected send(data: string | Buffer): boolean {
    return this.socket.send(data);
  }

  /** Marks instruments as newly subscribed: their next tick is a `gap`. */
  protected subscribed(instruments: readonly string[]): void {
    for (const k of instruments) this.fresh.add(k);
  }

  /** A decoded tick with the invariants applied: time never goes back; first after (re)subscribing is a gap. */
  protected tick(t: Omit<Tick, 'gap'>): Tick {
    const ts = Math.max(t.ts, this.lastTs.get(t.instrument) ?? t.ts);
    this.lastTs.set(t.instrument, ts);
    return { ...t, ts, ...(this.fresh.delete(t.instrument) ? { gap: true } : {}) };
  }
}
