import { NSE_SESSION, sessionClock } from '../data/session.js';
import type { EngineContext } from './context.js';
import { marketStatus, sessionDate, sessionOn, type SessionDay } from './market/calendar.js';
import { listRuns } from './runs/run-record.js';

/**
 * Rewrites `system:state` every `heartbeatMs` (the API treats a missing, `stopped` or 30-s-old
 * one as "no live engine"): running, the NSE market's status today (`market_sessions`
 * holidays and special sessions, else regular hours), the runs the engine has, which
 * roles this process runs, the latest tick-to-order latency figures. Written as `stopped`
 * when the process stops (another engine process rewrites it within one beat).
 */
export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  /** today's NSE cash session (market_sessions, else regular hours), read once a day */
  private today: SessionDay | undefined;

  constructor(
    private readonly ctx: EngineContext,
    private readonly roles: readonly string[],
  ) {}

  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.ctx.config.heartbeatMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.ctx.keyspace.system.setSystemState({ state: 'stopped', timestamp: Date.now(), consumer: this.ctx.consumer }).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    try {
      const runs = await listRuns(this.ctx.redis);
      const lat = this.ctx.metrics.latencies();
      const now = Date.now();
      const clock = sessionClock(NSE_SESSION);
      const date = sessionDate(clock, now);
      if (this.today?.date !== date) this.today = await sessionOn(this.ctx.storage, clock, 'NSE_EQ|X', date);
      await this.ctx.keyspace.system.setSystemState({
        state: 'running',
        timestamp: now,
        market_status: marketStatus(this.today, now),
        ...(this.today.reason ? { market_closed_for: this.today.reason } : {}),
        consumer: this.ctx.consumer,
        roles: [...this.roles],
        runs: runs.length,
        ...(lat.count ? { tick_to_order_ms: { p50: lat.p50, p99: lat.p99, max: lat.max, count: lat.count } } : {}),
      });
    } catch (err) {
      this.ctx.log.warn({ err: (err as Error).message }, 'heartbeat: Redis did not take system:state');
    }
  }
}
