import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hoursOf, formatClock } from '@algo/language';
import { describe, expect, it } from 'vitest';
import { openData, parseDataSpecs, warmupBars } from '../../src/backtest/data-specs.js';
import { BacktestResultSchema } from '../../src/backtest/result.js';
import { runBacktest } from '../../src/backtest/run.js';
import { compileOk } from './helpers.js';

// Every bundled example backtests on synthetic data (options on the synthetic chain) and
// gives a valid result; the run is reproducible to the fingerprint.

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../../examples');
const examples = readdirSync(dir).filter((f) => f.endsWith('.algo')).sort();

async function run(source: string) {
  const graph = compileOk(source);
  const s = graph.settings;
  const instruments = s.asset === 'options' ? [s.underlying!] : s.symbols;
  const parsed = parseDataSpecs(['synth'], instruments);
  if ('error' in parsed) throw new Error(parsed.error);
  const hours = hoursOf(instruments[0]!);
  const session = { timeZone: s.timezone, open: formatClock(hours?.open ?? 555), close: formatClock(hours?.close ?? 930) };
  const opened = await openData(parsed.specs, { timeframe: s.timeframe, session, asset: s.asset, from: '2024-01-01', to: '2024-02-29', warmupBars: warmupBars(graph, session) });
  const r = await runBacktest(graph, opened.data, {
    exchange: session,
    from: opened.from!,
    to: opened.to!,
    ...(opened.optionChain ? { optionChain: opened.optionChain } : {}),
    ...(opened.spec ? { spec: opened.spec } : {}),
  });
  if (!r.result) throw new Error(r.errors.join('\n'));
  return r.result;
}

describe('every example on synthetic data', () => {
  for (const name of examples) {
    it(name, async () => {
      const source = readFileSync(join(dir, name), 'utf8');
      const result = await run(source);
      expect(BacktestResultSchema.safeParse(result).success).toBe(true);
      expect(result.summary.bars).toBeGreaterThan(0);
      expect(result.summary.first_bar).toBeGreaterThanOrEqual(Date.parse('2024-01-01T00:00:00+05:30'));
      // equity is cash plus open profit: after the end-of-data exits they agree with the trades
      const realised = result.trades.reduce((a, t) => a + t.net_pnl, 0);
      expect(result.summary.final_equity).toBeCloseTo(result.summary.initial_capital + realised, 6);
      const again = await run(source);
      expect(again.run_parameters.fingerprint).toBe(result.run_parameters.fingerprint);
      expect(again.trades).toEqual(result.trades);
    }, 120_000);
  }
});
