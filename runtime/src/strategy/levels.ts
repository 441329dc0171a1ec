import type { Level, Trail } from '@algo/compiler';
import type { LevelPlan, TrailPlan } from './state.js';

/**
 * Stop-loss, take-profit and trailing-stop arithmetic. An entry's levels are planned on the
 * signal bar (an ATR multiple or `stop_loss at <expr>` is read there, as the graph says)
 * and priced on the entry fill: percentages and distances are measured from the fill price,
 * absolute prices stay where they are, and `R` multiples use the stop's distance from the
 * fill.
 */

/**
 * The plan of a level given how to read a series on the signal bar (NaN when missing).
 * Undefined when the series it needs has no value yet (the core then refuses the entry: it
 * never opens a position without a stop).
 */
export function planLevel(level: Level, read: (series: string) => number): LevelPlan | undefined {
  switch (level.kind) {
    case 'percent':
      return { kind: 'fraction', value: level.value };
    case 'points':
      return { kind: 'distance', value: level.value };
    case 'atr': {
      const atr = read(level.series);
      return Number.isFinite(atr) ? { kind: 'distance', value: level.value * atr } : undefined;
    }
    case 'r':
      return { kind: 'r', value: level.value };
    case 'price':
      return { kind: 'price', value: level.value };
    case 'price_series': {
      const v = read(level.series);
      return Number.isFinite(v) ? { kind: 'price', value: v } : undefined;
    }
  }
}

/** The plan of a trailing stop. */
export function planTrail(trail: Trail): TrailPlan {
  switch (trail.kind) {
    case 'percent':
      return { kind: 'fraction', value: trail.value };
    case 'points':
      return { kind: 'distance', value: trail.value };
    case 'atr':
      return { kind: 'atr', value: trail.value, series: trail.series };
  }
}

const dir = (side: 'long' | 'short') => (side === 'long' ? 1 : -1);

/** The stop-loss price of an entry at `entry`: below it for a long, above for a short. */
export function stopPrice(plan: LevelPlan, entry: number, side: 'long' | 'short'): number {
  switch (plan.kind) {
    case 'fraction':
      return entry * (1 - dir(side) * plan.value);
    case 'distance':
      return entry - dir(side) * plan.value;
    case 'price':
      return plan.value;
    case 'r':
      return NaN;
  }
}

/** The take-profit price of an entry at `entry`; `stopDistance` (≥ 0) prices `R` multiples. */
export function targetPrice(plan: LevelPlan, entry: number, side: 'long' | 'short', stopDistance: number): number {
  switch (plan.kind) {
    case 'fraction':
      return entry * (1 + dir(side) * plan.value);
    case 'distance':
      return entry + dir(side) * plan.value;
    case 'price':
      return plan.value;
    case 'r':
      return entry + dir(side) * plan.value * stopDistance;
  }
}

/** The trailing stop given the best price since entry (`atr`: the ATR series' latest value). */
export function trailPrice(plan: TrailPlan, best: number, side: 'long' | 'short', atr: number): number {
  switch (plan.kind) {
    case 'fraction':
      return best * (1 - dir(side) * plan.value);
    case 'distance':
      return best - dir(side) * plan.value;
    case 'atr':
      return best - dir(side) * plan.value * atr;
  }
}

/** The tighter of two stops for `side` (the higher for a long); NaN/null in one gives the other. */
export function tighterStop(a: number, b: number | null, side: 'long' | 'short'): number {
  if (b === null || !Number.isFinite(b)) return a;
  if (!Number.isFinite(a)) return b;
  return side === 'long' ? Math.max(a, b) : Math.min(a, b);
}
