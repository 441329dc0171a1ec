/**
 * Failures a fake broker can be told to produce, one request at a time — the things that
 * go wrong with a real broker on a real day:
 *
 * - `reject`: the API refuses the request (bad input, margin) — nothing placed;
 * - `rms_reject`: the order is accepted, then rejected by the risk system / exchange;
 * - `rate_limit`: HTTP 429;
 * - `server_error`: HTTP 5xx from the order system — outcome unknown to the client;
 * - `hang_after_accept`: the order is placed, but the answer never comes (a client timeout);
 * - `drop_after_accept`: the order is placed, then the connection is cut before the answer;
 * - `token_expired`: the session is no longer valid.
 */
export type Fault =
  | { kind: 'reject'; message?: string; errorType?: string }
  | { kind: 'rms_reject'; message?: string }
  | { kind: 'rate_limit' }
  | { kind: 'server_error'; status?: number }
  | { kind: 'hang_after_accept' }
  | { kind: 'drop_after_accept' }
  | { kind: 'token_expired' };

/** Which request a fault applies to. */
export type FaultOp = 'place' | 'modify' | 'cancel' | 'orders' | 'order' | 'positions' | 'holdings' | 'session' | 'authorize';

export class FaultPlan {
  private readonly queue = new Map<FaultOp, Fault[]>();

  /** The next `times` requests of `op` fail with `fault`. */
  next(op: FaultOp, fault: Fault, times = 1): this {
    const q = this.queue.get(op) ?? [];
    for (let i = 0; i < times; i++) q.push(fault);
    this.queue.set(op, q);
    return this;
  }

  /** The fault for this request of `op`, if one is planned (consumed). */
  take(op: FaultOp): Fault | undefined {
    return this.queue.get(op)?.shift();
  }

  clear(): void {
    this.queue.clear();
  }
}

/** Sliding-window request counter (the broker's own order-rate limit). */
export class WindowLimiter {
  private readonly times: number[] = [];

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether one more request fits in the last second (and counts it if so). */
  allow(): boolean {
    const t = this.now();
    while (this.times.length && t - this.times[0]! >= 1000) this.times.shift();
    if (this.times.length >= this.perSecond) return false;
    this.times.push(t);
    return true;
  }
}
