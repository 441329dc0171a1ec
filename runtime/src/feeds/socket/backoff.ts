/**
 * How long to wait before reconnect attempt `n` (1-based): exponential from `initialMs`,
 * capped at `maxMs`, spread by ±`jitter` so a fleet of engines does not reconnect in step
 * after a broker outage. `random` is injectable (tests pass `() => 0.5`, no spread).
 */
export interface BackoffOptions {
  /** First delay (default 500 ms). */
  readonly initialMs?: number;
  /** Longest delay (default 30 s). */
  readonly maxMs?: number;
  /** Growth per attempt (default 2). */
  readonly factor?: number;
  /** Fraction of the delay to spread by, 0..1 (default 0.2). */
  readonly jitter?: number;
  readonly random?: () => number;
}

export function backoffDelay(attempt: number, o: BackoffOptions = {}): number {
  const initial = o.initialMs ?? 500;
  const max = o.maxMs ?? 30_000;
  const base = Math.min(max, initial * (o.factor ?? 2) ** Math.max(0, attempt - 1));
  const spread = (o.jitter ?? 0.2) * ((o.random ?? Math.random)() * 2 - 1);
  return Math.max(0, Math.round(base * (1 + spread)));
}
