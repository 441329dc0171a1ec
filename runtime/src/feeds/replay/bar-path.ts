import type { Candle } from '../../market/candle.js';
import type { Tick } from '../feed.js';

/**
 * The price path a replay plays inside one stored bar: four ticks, open → first extreme →
 * second extreme → close, all inside `[t, t + barMs)`.
 *
 * Which extreme comes first is the rule TradingView's broker emulator states: when the open
 * is nearer the high than the low, the bar went up first (O → H → L → C), otherwise down
 * first (O → L → H → C); a tie goes down first. Times: the open at `t`, the extremes at
 * one and two thirds of the bar, the close in the bar's last sixtieth (59 s into a minute
 * bar) — so a candle builder aligned to the bar boundaries rebuilds exactly the stored bar.
 *
 * The open tick is marked `gap` (the stored data says nothing of the path from the previous
 * close to this open, so a stop it passes fills at the open, as in the backtester).
 *
 * Volume is the session's running total (see `Tick.volume`): the bar's `v` is spread over
 * its four ticks (¼, ½, ¾, all of it), so the bar volume is the difference of the running
 * totals at the bar's close and the previous bar's close.
 *
 * `first` overrides the rule: the live engine replays the extreme that is adverse to an open
 * position first (`low` for a long), which is how the backtester reads a bar that reaches
 * both a stop and a target (see `ReplayFeedOptions.extremeFirst`).
 */
export function barPath(instrument: string, bar: Candle, barMs: number, volumeBefore: number, first?: 'high' | 'low'): Tick[] {
  const upFirst = first === undefined ? bar.h - bar.o < bar.o - bar.l : first === 'high';
  const [one, two] = upFirst ? [bar.h, bar.l] : [bar.l, bar.h];
  const third = Math.floor(barMs / 3);
  const times = [bar.t, bar.t + third, bar.t + 2 * third, bar.t + barMs - Math.max(1, Math.ceil(barMs / 60))];
  const prices = [bar.o, one, two, bar.c];
  const shares = [Math.round(bar.v / 4), Math.round(bar.v / 2), Math.round((3 * bar.v) / 4), bar.v];
  const ticks: Tick[] = [];
  for (let i = 0; i < 4; i++) {
    ticks.push({
      instrument,
      ltp: prices[i]!,
      volume: volumeBefore + shares[i]!,
      ...(bar.oi !== undefined ? { oi: bar.oi } : {}),
      ts: times[i]!,
      ...(i === 0 ? { gap: true } : {}),
    });
  }
  return ticks;
}
