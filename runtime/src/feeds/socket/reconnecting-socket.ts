import { WebSocket, type RawData } from 'ws';
import type { Scheduler, TimerHandle } from '../clock.js';
import type { FeedDownCode } from '../feed.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';

/** Where to connect for this attempt, or why there is nowhere to connect (no token, authorize refused). */
export type SocketTarget = { ok: true; url: string; headers?: Record<string, string> } | { ok: false; code: FeedDownCode; reason: string };

export type SocketState =
  | { state: 'connecting' }
  | { state: 'live' }
  | { state: 'down'; code: FeedDownCode; reason: string; attempt: number; nextRetryAt: number };

export interface ReconnectingSocketOptions {
  /** For messages: `kite ticker`, `upstox market feed`. */
  readonly name: string;
  /** Asked before every attempt (so a new access token, or Upstox's one-time feed URL, is picked up). */
  readonly target: () => Promise<SocketTarget>;
  readonly scheduler: Scheduler;
  readonly backoff?: BackoffOptions;
  /** No message at all for this long means the connection is dead (Kite sends a heartbeat every second). */
  readonly staleAfterMs?: number;
  /** Send a WebSocket ping this often (for servers that send nothing when idle). */
  readonly pingEveryMs?: number;
  /** Connected: send subscriptions. */
  readonly onOpen: (socket: WebSocket) => void;
  readonly onMessage: (data: RawData, isBinary: boolean) => void;
  readonly onState: (state: SocketState) => void;
}

/**
 * A WebSocket that stays connected: on a drop, a refused upgrade, an unreachable host or a
 * silent connection (no message for `staleAfterMs`) it reports `down` — with a plain reason,
 * the attempt number and when it will retry — and reconnects with exponential backoff,
 * forever, until stopped. Every (re)connection calls `onOpen`, where the owner resubscribes.
 * All timers run on the injected scheduler, so tests drive the backoff without sleeping.
 */
export class ReconnectingSocket {
  private ws: WebSocket | undefined;
  private attempt = 0;
  private stopped = false;
  private retry: TimerHandle | undefined;
  private watchdog: TimerHandle | undefined;
  private pinger: TimerHandle | undefined;
  private lastMessageAt = 0;
  private firstOutcome: (() => void) | undefined;

  constructor(private readonly o: ReconnectingSocketOptions) {}

  /** Connects; resolves once the first attempt is live or down (never rejects). */
  start(): Promise<void> {
    this.stopped = false;
    const first = new Promise<void>((resolve) => (this.firstOutcome = resolve));
    void this.connect();
    return first;
  }

  /** Closes for good: no more attempts; resolves when the socket is closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    this.retry?.cancel();
    const ws = this.ws;
    this.ws = undefined;
    this.firstOutcome?.();
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      ws.on('error', () => undefined);
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(1000, 'client stopping');
      setTimeout(() => {
        ws.terminate();
        resolve();
      }, 1000).unref();
    });
  }

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Sends if connected; false when not (the owner resends on the next `onOpen`). */
  send(data: string | Buffer): boolean {
    if (!this.connected) return false;
    this.ws!.send(data);
    return true;
  }

  /** Kills the current connection as if it dropped (a stale-feed check by the owner). */
  drop(code: FeedDownCode, reason: string): void {
    if (this.ws) this.fail(this.ws, code, reason);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    if (this.attempt === 0) this.o.onState({ state: 'connecting' });
    let target: SocketTarget;
    try {
      target = await this.o.target();
    } catch (err) {
      target = { ok: false, code: 'unreachable', reason: (err as Error).message };
    }
    if (this.stopped) return;
    if (!target.ok) {
      this.scheduleRetry(target.code, target.reason);
      return;
    }
    const ws = new WebSocket(target.url, { headers: target.headers, handshakeTimeout: 10_000 });
    this.ws = ws;
    ws.on('open', () => {
      if (ws !== this.ws) return;
      this.attempt = 0;
      this.lastMessageAt = this.o.scheduler.now();
      this.o.onState({ state: 'live' });
      this.settleFirst();
      this.armWatchdog(ws);
      this.armPing(ws);
      this.o.onOpen(ws);
    });
    ws.on('message', (data, isBinary) => {
      if (ws !== this.ws) return;
      this.lastMessageAt = this.o.scheduler.now();
      this.o.onMessage(data, isBinary);
    });
    ws.on('pong', () => {
      if (ws === this.ws) this.lastMessageAt = this.o.scheduler.now();
    });
    ws.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      const auth = status === 401 || status === 403;
      this.fail(ws, auth ? 'auth' : 'unreachable', auth ? `the broker refused the connection (HTTP ${status}): the access token is invalid or expired` : `the broker answered HTTP ${status} to the connection`);
    });
    ws.on('error', (err) => this.fail(ws, 'unreachable', `cannot connect: ${err.message}`));
    ws.on('close', (code, reason) => this.fail(ws, 'socket_closed', `socket closed (${code}${reason.length ? `: ${reason.toString()}` : ''})`));
  }

  private fail(ws: WebSocket, code: FeedDownCode, reason: string): void {
    if (ws !== this.ws) return;
    this.ws = undefined;
    this.clearTimers();
    ws.removeAllListeners();
    ws.on('error', () => undefined);
    ws.terminate();
    if (!this.stopped) this.scheduleRetry(code, reason);
  }

  private scheduleRetry(code: FeedDownCode, reason: string): void {
    this.attempt++;
    const delay = backoffDelay(this.attempt, this.o.backoff);
    const nextRetryAt = this.o.scheduler.now() + delay;
    this.o.onState({ state: 'down', code, reason, attempt: this.attempt, nextRetryAt });
    this.settleFirst();
    this.retry = this.o.scheduler.after(delay, () => void this.connect());
  }

  private settleFirst(): void {
    const f = this.firstOutcome;
    this.firstOutcome = undefined;
    f?.();
  }

  private armWatchdog(ws: WebSocket): void {
    const stale = this.o.staleAfterMs;
    if (!stale) return;
    const check = (): void => {
      if (ws !== this.ws) return;
      const quiet = this.o.scheduler.now() - this.lastMessageAt;
      if (quiet >= stale) this.fail(ws, 'stale', `no data for ${Math.round(quiet / 1000)} s (the connection is silent)`);
      else this.watchdog = this.o.scheduler.after(stale - quiet, check);
    };
    this.watchdog = this.o.scheduler.after(stale, check);
  }

  private armPing(ws: WebSocket): void {
    const every = this.o.pingEveryMs;
    if (!every) return;
    const ping = (): void => {
      if (ws !== this.ws) return;
      ws.ping();
      this.pinger = this.o.scheduler.after(every, ping);
    };
    this.pinger = this.o.scheduler.after(every, ping);
  }

  private clearTimers(): void {
    this.watchdog?.cancel();
    this.pinger?.cancel();
    this.watchdog = undefined;
    this.pinger = undefined;
  }
}
