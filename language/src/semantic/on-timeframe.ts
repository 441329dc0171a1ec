import type { OnTimeframe } from '../ast.js';
import { isMultipleOf, parseTimeframe, timeframeMs } from '../timeframe.js';
import type { CheckContext } from './context.js';

/**
 * Checks the timeframe of `expr on <tf>` against the strategy's: it must be a timeframe,
 * not lower than the strategy's (that would need bars that have not closed yet), and a
 * whole multiple of it so its bars close on strategy bar closes. Equal is allowed but
 * pointless (ALG500). Returns the timeframe text when usable.
 */
export function checkOnTimeframe(e: OnTimeframe, ctx: CheckContext): string | undefined {
  const lit = e.timeframe;
  if (!lit) return undefined;
  const tf = parseTimeframe(lit.text);
  if (!tf) {
    ctx.report('ALG306', lit.range, `\`${lit.text}\` is not a timeframe; write e.g. 5m, 15m, 1h, 1d or 1w`);
    return undefined;
  }
  const base = ctx.clock.timeframe;
  if (!parseTimeframe(base)) return lit.text;
  if (timeframeMs(tf) < timeframeMs(base)) {
    ctx.report('ALG306', lit.range, `\`on ${lit.text}\` is lower than the strategy's timeframe (${base}); \`on\` reads only equal or higher timeframes, whose bars have closed`);
    return undefined;
  }
  if (!isMultipleOf(tf, base)) {
    ctx.report('ALG306', lit.range, `${lit.text} is not a whole multiple of the strategy's ${base}, so its bars would close between strategy bars`);
    return undefined;
  }
  if (timeframeMs(tf) === timeframeMs(base)) {
    ctx.report('ALG500', { start: e.range.start, end: lit.range.end }, `the strategy already runs on ${base}: \`on ${lit.text}\` changes nothing`, {
      fixes: [],
    });
  }
  return lit.text;
}

const DAY_MS = 86_400_000;

/**
 * How many strategy bars one bar of `higher` spans, for warm-up: intraday timeframes by
 * length, days by the session's length (a trading day is the session, not 24h), weeks as
 * five trading days.
 */
export function barsPer(higher: string, base: string, sessionMinutes: number): number {
  const h = timeframeMs(higher);
  const b = timeframeMs(base);
  const tradingDays = (ms: number): number => (ms >= 7 * DAY_MS ? (ms / (7 * DAY_MS)) * 5 : ms / DAY_MS);
  if (b >= DAY_MS) return Math.max(1, Math.round(tradingDays(h) / tradingDays(b)));
  if (h < DAY_MS) return Math.max(1, Math.ceil(h / b));
  const perDay = Math.max(1, Math.ceil((sessionMinutes * 60_000) / b));
  return Math.max(1, Math.round(tradingDays(h))) * perDay;
}
