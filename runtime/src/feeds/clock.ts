/**
 * Time, injected. Feeds and brokers never call `Date.now()` or `setTimeout` directly: they
 * take a {@link Clock} (what time it is) and a {@link Scheduler} (run this later), so a test
 * drives backoff, token expiry and rate limits by moving a manual clock instead of sleeping,
 * and a replay runs the engine on market time instead of wall time.
 */

/** What time it is, epoch milliseconds. */
export interface Clock {
  now(): number;
}

/** A pending timer; `cancel()` is idempotent. */
export interface TimerHandle {
  cancel(): void;
}

/** Runs callbacks later. Real code uses {@link systemScheduler}; tests use {@link ManualScheduler}. */
export interface Scheduler extends Clock {
  /** Runs `fn` once, `ms` (≥ 0) from now. */
  after(ms: number, fn: () => void): TimerHandle;
}

/** Wall time. */
export const systemClock: Clock = { now: () => Date.now() };

/** Wall time and Node timers (unref'd, so a pending reconnect never keeps a process alive). */
export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  after(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};

interface Pending {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

/**
 * A clock that only moves when told to: `advance(ms)` runs every timer that falls due, in
 * time order (ties in the order they were set). For deterministic tests of backoff,
 * watchdogs and expiry.
 */
export class ManualScheduler implements Scheduler {
  private t: number;
  private seq = 0;
  private pending: Pending[] = [];

  constructor(start = 0) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  after(ms: number, fn: () => void): TimerHandle {
    const p: Pending = { at: this.t + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.pending.push(p);
    return { cancel: () => void (p.cancelled = true) };
  }

  /** Timers not yet run or cancelled, soonest first (their due times). */
  dueTimes(): number[] {
    return this.live().map((p) => p.at);
  }

  /** Moves time forward by `ms`, running timers as they fall due (timers they set run too, if due). */
  advance(ms: number): void {
    const target = this.t + ms;
    for (;;) {
      const next = this.live()[0];
      if (!next || next.at > target) break;
      this.t = next.at;
      next.cancelled = true;
      next.fn();
    }
    this.t = target;
  }

  /** Sets the time (forward only), running what falls due. */
  set(time: number): void {
    if (time > this.t) this.advance(time - this.t);
  }

  private live(): Pending[] {
    this.pending = this.pending.filter((p) => !p.cancelled);
    return [...this.pending].sort((a, b) => a.at - b.at || a.seq - b.seq);
  }
}
