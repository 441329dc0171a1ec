/**
 * Bar timeframes (`1m 5m 15m 1h 1d 1w`): the one place that knows how a timeframe is
 * written and how long it lasts. The language checks them, the compiler writes them into
 * the rule graph as written (`"5m"`), and the runtime resamples and aligns bars with them.
 */

export type TimeframeUnit = 's' | 'm' | 'h' | 'd' | 'w';

export interface Timeframe {
  /** How many units, e.g. 15 in `15m`. */
  readonly count: number;
  readonly unit: TimeframeUnit;
}

const UNIT_MS: Record<TimeframeUnit, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

const PATTERN = /^([1-9][0-9]{0,3})(s|m|h|d|w)$/;

/** Parses `"15m"`; returns undefined for anything that is not a timeframe. */
export function parseTimeframe(text: string): Timeframe | undefined {
  const m = PATTERN.exec(text);
  if (!m) return undefined;
  return { count: Number(m[1]), unit: m[2] as TimeframeUnit };
}

/** The canonical spelling, e.g. `{count: 1, unit: 'h'}` → `"1h"`. */
export function formatTimeframe(tf: Timeframe): string {
  return `${tf.count}${tf.unit}`;
}

/** Length of one bar in milliseconds. */
export function timeframeMs(tf: Timeframe | string): number {
  const t = typeof tf === 'string' ? parseTimeframe(tf) : tf;
  if (!t) throw new RangeError(`not a timeframe: ${String(tf)}`);
  return t.count * UNIT_MS[t.unit];
}

/** True when bars of `higher` can be built from whole bars of `lower` (e.g. 1m → 15m, 1d → 1w). */
export function isMultipleOf(higher: Timeframe | string, lower: Timeframe | string): boolean {
  const h = timeframeMs(higher);
  const l = timeframeMs(lower);
  return h >= l && h % l === 0;
}
