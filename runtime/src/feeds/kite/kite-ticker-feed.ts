import type { Logger } from 'pino';
import type { RawData } from 'ws';
import type { InstrumentMap } from '../../brokers/instruments/instrument-map.js';
import type { SessionSource } from '../../brokers/session/session-source.js';
import { systemScheduler, type Scheduler } from '../clock.js';
import { FeedBase } from '../feed-base.js';
import type { SubscribeProblem, Tick } from '../feed.js';
import type { BackoffOptions } from '../socket/backoff.js';
import { decodeKiteMessage, type KitePacket } from './kite-packets.js';
import { ReconnectingSocket } from '../socket/reconnecting-socket.js';

export interface KiteTickerFeedOptions {
  readonly session: SessionSource;
  /** Our keys ↔ Kite instrument tokens. */
  readonly instruments: InstrumentMap;
  /** Ticker URL (default wss://ws.kite.trade/). */
  readonly url?: string;
  /** `full` (default: volume, OI, exchange timestamps), `quote` or `ltp`. */
  readonly mode?: 'full' | 'quote' | 'ltp';
  readonly scheduler?: Scheduler;
  readonly backoff?: BackoffOptions;
  /** Silence that means a dead connection (default 5 s; Kite sends a heartbeat every second). */
  readonly staleAfterMs?: number;
  readonly logger?: Logger;
}

/**
 * Market data from Zerodha's Kite ticker: our instruments are subscribed by Kite instrument
 * token (from the instruments master) in `full` mode, the binary packets are decoded
 * (kite-packets.ts, held to `kiteconnect`'s parser by a test), and each becomes a
 * {@link Tick} in our keys.
 *
 * The connection is ours (`ReconnectingSocket`), not `KiteTicker`'s: `KiteTicker` keeps one
 * socket per *process* in module state and calls `process.exit(1)` when its retries run
 * out — not something an engine can live with. Drops, refused tokens and silence (no
 * heartbeat for 5 s) put the feed `down` with the reason and the next retry time; every
 * reconnect resubscribes everything, and each instrument's first tick after it is marked
 * `gap`.
 */
export class KiteTickerFeed extends FeedBase {
  readonly kind = 'kite';
  private readonly socket: ReconnectingSocket;
  private readonly lastTs = new Map<string, number>();
  private fresh = new Set<string>();

  constructor(private readonly o: KiteTickerFeedOptions) {
    const scheduler = o.scheduler ?? systemScheduler;
    super(scheduler, o.logger);
    this.socket = new ReconnectingSocket({
      name: 'kite ticker',
      scheduler,
      ...(o.backoff ? { backoff: o.backoff } : {}),
      staleAfterMs: o.staleAfterMs ?? 5000,
      target: async () => {
        const s = await o.session.current();
        if (!s.ok) return { ok: false, code: 'token', reason: s.error.message };
        const u = new URL(o.url ?? 'wss://ws.kite.trade/');
        u.searchParams.set('api_key', s.value.apiKey);
        u.searchParams.set('access_token', s.value.accessToken);
        return { ok: true, url: u.toString(), headers: { 'X-Kite-Version': '3' } };
      },
      onOpen: () => {
        this.fresh = new Set(this.subs);
        this.sendSubscribe([...this.subs]);
      },
      onMessage: (data, isBinary) => this.message(data, isBinary),
      onState: (s) => {
        if (s.state === 'down') this.setStatus('down', { code: s.code, reason: `kite ticker: ${s.reason}`, attempt: s.attempt, nextRetryAt: s.nextRetryAt });
        else if (this.state !== 'stopped') this.setStatus(s.state);
      },
    });
  }

  async start(): Promise<void> {
    await this.socket.start();
  }

  async stop(): Promise<void> {
    this.setStatus('stopped', { reason: 'stopped' });
    await this.socket.stop();
  }

  protected async resolve(instruments: readonly string[]): Promise<{ ok: string[]; problems: SubscribeProblem[] }> {
    const ok: string[] = [];
    const problems: SubscribeProblem[] = [];
    for (const k of instruments) {
      if (this.o.instruments.kiteToken(k) !== undefined) ok.push(k);
      else problems.push({ instrument: k, message: `kite: ${k} has no Kite instrument token in the instruments master` });
    }
    return { ok, problems };
  }

  protected sendSubscribe(instruments: readonly string[]): void {
    const tokens = instruments.map((k) => this.o.instruments.kiteToken(k)).filter((t): t is number => t !== undefined);
    if (!tokens.length) return;
    for (const k of instruments) this.fresh.add(k);
    this.socket.send(JSON.stringify({ a: 'subscribe', v: tokens }));
    this.socket.send(JSON.stringify({ a: 'mode', v: [this.o.mode ?? 'full', tokens] }));
  }

  protected sendUnsubscribe(instruments: readonly string[]): void {
    const tokens = instruments.map((k) => this.o.instruments.kiteToken(k)).filter((t): t is number => t !== undefined);
    if (tokens.length) this.socket.send(JSON.stringify({ a: 'unsubscribe', v: tokens }));
  }

  private message(data: RawData, isBinary: boolean): void {
    if (!isBinary || !Buffer.isBuffer(data) || data.length <= 2) return;
    const packets: KitePacket[] = decodeKiteMessage(data);
    const now = this.clock.now();
    const ticks: Tick[] = [];
    for (const p of packets) {
      const instrument = this.o.instruments.fromKiteToken(p.token);
      if (!instrument || !this.subs.has(instrument)) continue;
      const stamp = p.lastTradeTime ?? p.exchangeTime ?? now;
      const ts = Math.max(stamp, this.lastTs.get(instrument) ?? stamp);
      this.lastTs.set(instrument, ts);
      const gap = this.fresh.delete(instrument);
      ticks.push({
        instrument,
        ltp: p.ltp,
        ...(p.volume !== undefined && !p.index ? { volume: p.volume } : {}),
        ...(p.oi ? { oi: p.oi } : {}),
        ts,
        ...(gap ? { gap: true } : {}),
      });
    }
    this.deliver(ticks);
  }
}
