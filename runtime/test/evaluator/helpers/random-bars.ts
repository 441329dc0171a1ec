import type { RuleGraph } from '@algo/compiler';
import { timeframeMs } from '@algo/language';
import { collectCandles } from '../../../src/data/candle-source.js';
import { synthCandles } from '../../../src/data/synth/synth.js';
import type { Candle } from '../../../src/market/candle.js';
import { rng } from '../../indicators/helpers/bars.js';

/** Trading minutes in an NSE session. */
const SESSION_MINUTES = 375;

const markets = new Map<string, Candle[][]>();

/** Three long synthetic markets of one timeframe (generated once per test file). */
async function marketsOf(tf: string, days: number): Promise<Candle[][]> {
  const key = `${tf}|${days}`;
  let m = markets.get(key);
  if (!m) {
    const to = new Date(Date.UTC(2022, 0, 3) + Math.ceil(days * 1.45 + 5) * 86_400_000).toISOString().slice(0, 10);
    m = await Promise.all(['NSE_EQ|ALPHA', 'NSE_EQ|BETA', 'NSE_EQ|GAMMA'].map((symbol, i) => collectCandles(synthCandles({ symbol, from: '2022-01-03', to, timeframe: tf, seed: 11 + i }))));
    markets.set(key, m);
  }
  return m;
}

/** Base bars `graph` needs before every timeframe is warm. */
export function warmupBars(graph: RuleGraph): number {
  const base = graph.settings.timeframe;
  const perDay = (tf: string) => {
    const ms = timeframeMs(tf);
    return ms >= 7 * 86_400_000 ? 0.2 : ms >= 86_400_000 ? 1 : Math.ceil((SESSION_MINUTES * 60_000) / ms);
  };
  let need = (graph.warmup[base] ?? 0) + 1;
  for (const tf of graph.settings.timeframes.slice(1)) need = Math.max(need, Math.ceil((((graph.warmup[tf] ?? 0) + 1) / perDay(tf)) * perDay(base)) + 1);
  return need;
}

/**
 * A random bar sequence for `graph`, reproducible from `seed`: a window of one of three long
 * synthetic markets of the graph's base timeframe, starting at a random bar, long enough to
 * warm every timeframe up and then give about `extra` evaluated bars, with about 3% of the
 * bars dropped (missing data, so buckets complete late).
 */
export async function randomBars(graph: RuleGraph, seed: number, extra = 30): Promise<Candle[]> {
  const r = rng(seed * 7919 + 17);
  const base = graph.settings.timeframe;
  const length = Math.ceil((warmupBars(graph) + extra) * 1.04);
  const perDay = Math.max(1, Math.ceil((SESSION_MINUTES * 60_000) / timeframeMs(base)));
  const pool = await marketsOf(base, Math.max(60, Math.ceil((4 * length) / perDay)));
  const market = pool[Math.floor(r() * pool.length)]!;
  const start = Math.floor(r() * Math.max(1, market.length - length));
  return market.slice(start, start + length).filter(() => r() > 0.03);
}
