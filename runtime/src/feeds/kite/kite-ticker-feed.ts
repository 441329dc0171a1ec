import type { RawData } from 'ws';
import type { InstrumentMap } from '../../brokers/instruments/instrument-map.js';
import type { SessionSource } from '../../brokers/session/session-source.js';
import type { SubscribeProblem, Tick } from '../feed.js';
import type { SocketTarget } from '../socket/reconnecting-socket.js';
import { SocketFeed, type SocketFeedOptions } from '../socket/socket-feed.js';
import { decodeKiteMessage } from './kite-packets.js';

export interface KiteTickerFeedOptions extends SocketFeedOptions {
  readonly session: SessionSource;
  /** Our keys ↔ Kite instrument tokens. */
  readonly instruments: InstrumentMap;
  /** Ticker URL (default wss://ws.kite.trade/). */
  readonly url?: string;
  /** `full` (default: volume, OI, exchange timestamps), `quote` or `ltp`. */
  readonly mode?: 'full' | 'quote' | 'ltp';
  /** Silence that means a dead connection (default 5 s; Kite sends a heartbeat every second). */
  readonly staleAfterMs?: number;
}

/**
 * Market data from Zerodha's Kite ticker: our instruments are subscribed by Kite instrument
 * token (from the instruments master) in `full` mode, the binary packets are decoded
 * (kite-packets.ts, held to `kiteconnect`'s parser by a test), and each becomes a
 * {@link Tick} in our keys, stamped with the last trade time.
 *
 * The connection is ours (`SocketFeed`), not `KiteTicker`'s: `KiteTicker` keeps one socket
 * per *process* in module state and calls `process.exit(1)` when its retries run out — not
 * something an engine can live with. Silence for 5 s (no heartbeat) counts as a drop.
 */
export class KiteTickerFeed extends SocketFeed {
  readonly kind = 'kite';

  constructor(private readonly o: KiteTickerFeedOptions) {
    super('kite ticker', { ...o, staleAfterMs: o.staleAfterMs ?? 5000 });
  }

  protected async target(): Promise<SocketTarget> {
    const s = await this.o.session.current();
    if (!s.ok) return { ok: false, code: 'token', reason: s.error.message };
    const u = new URL(this.o.url ?? 'wss://ws.kite.trade/');
    u.searchParams.set('api_key', s.value.apiKey);
    u.searchParams.set('access_token', s.value.accessToken);
    return { ok: true, url: u.toString(), headers: { 'X-Kite-Version': '3' } };
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
    const tokens = this.tokens(instruments);
    if (!tokens.length) return;
    this.subscribed(instruments);
    this.send(JSON.stringify({ a: 'subscribe', v: tokens }));
    this.send(JSON.stringify({ a: 'mode', v: [this.o.mode ?? 'full', tokens] }));
  }

  protected sendUnsubscribe(instruments: readonly string[]): void {
    const tokens = this.tokens(instruments);
    if (tokens.length) this.send(JSON.stringify({ a: 'unsubscribe', v: tokens }));
  }

  protected decode(data: RawData, isBinary: boolean): Tick[] {
    if (!isBinary || !Buffer.isBuffer(data) || data.length <= 2) return [];
    const now = this.clock.now();
    const ticks: Tick[] = [];
    for (const p of decodeKiteMessage(data)) {
      const instrument = this.o.instruments.fromKiteToken(p.token);
      if (!instrument || !this.subs.has(instrument)) continue;
      ticks.push(
        this.tick({
          instrument,
          ltp: p.ltp,
          ...(p.volume !== undefined && !p.index ? { volume: p.volume } : {}),
          ...(p.oi ? { oi: p.oi } : {}),
          ts: p.lastTradeTime ?? p.exchangeTime ?? now,
        }),
      );
    }
    return ticks;
  }

  private tokens(instruments: readonly string[]): number[] {
    return instruments.map((k) => this.o.instruments.kiteToken(k)).filter((t): t is number => t !== undefined);
  }
}
