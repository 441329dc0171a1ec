import { cleanPrice } from './instrument.js';
import { tighterStop } from './levels.js';
import type { ProtectIntent } from './orders.js';
import { ProtectRecord } from './records.js';
import type { Position } from './state.js';

/** Position arithmetic shared by the core and its fill handling. */

/** Open profit of `p` at `price`, before costs. */
export function openPnl(p: Position, price: number): number {
  return (p.side === 'long' ? 1 : -1) * (price - p.entry_price) * p.qty;
}

/** The protective orders of a position as they stand. */
export function protectIntent(p: Position): ProtectIntent {
  const stop = tighterStop(p.stop, p.trail_level, p.side);
  // Made by a constructor, not written as an object literal: V8 starts every object literal
  // with this many keys from one shared map, and the live engine's `OrderIntentSchema` writes
  // a literal with exactly these keys (holding zod objects). On that map `target` only took
  // heap objects, so each whole-number target (a small integer) threw `applyFill` out of
  // optimised code, again and again.
  return new ProtectRecord(p, stop, p.trail_level !== null && stop === p.trail_level && stop !== p.stop ? 'trailing_stop' : 'stop_loss');
}

/** Rounds a stop to a tick, away from the price it protects (a long's stop down, a short's up), so rounding never tightens it. */
export function roundStop(level: number, tick: number, side: 'long' | 'short'): number {
  const n = side === 'long' ? Math.floor(level / tick + 1e-9) : Math.ceil(level / tick - 1e-9);
  return cleanPrice(n * tick);
}
