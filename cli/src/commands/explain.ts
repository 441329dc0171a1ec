import { DataError, explainBar, parseAt, prepareRun, renderExplanation } from '@algo/runtime';
import type { Command } from 'commander';
import type { RegisterCommand } from './index.js';
import { addRunOptions, mongoCandles, runSpecFrom, type RunFlags } from './run-inputs.js';

interface ExplainFlags extends RunFlags {
  at?: string;
  symbol?: string;
  json?: boolean;
}

/**
 * `algo explain <file.algo> --data … --at <time>`: why the strategy did (or did not) trade
 * on one bar of the backtest `algo backtest` would run with the same flags — every rule and
 * condition with its values, warm-up, what an entry must pass (position, session, risk
 * limits), the position, and what the orders filled at. Plain English, or `--json` (format
 * `algo.explain/v1`). An `--at` that names no bar says which bars exist nearby; every bad
 * input is one line on stderr and exit 1.
 */
export const registerExplain: RegisterCommand = (program: Command) => {
  const cmd = program
    .command('explain')
    .description('Say why a strategy did or did not trade on one bar: every rule, condition and value')
    .argument('<file>', 'the .algo strategy')
    .option('--at <time>', "the bar's open time in exchange time, e.g. \"2024-02-05 10:15\" (a date alone for daily bars)");
  addRunOptions(cmd)
    .option('--symbol <key>', 'only this instrument (a strategy trading several explains each one with a bar then)')
    .option('--json', 'print the explanation as JSON')
    .addHelpText(
      'after',
      `
Examples:
  algo explain examples/04-macd-bollinger.algo --data synth --at "2024-01-04 09:15"
  algo explain breakout.algo --data tcs.csv --at 2024-03-12T11:30 --json

The bar is named by its open time, as on a chart and in a trade's signal bar (a trade entered
at the next bar's open was decided on the bar before). The run is the one algo backtest makes
with the same flags, up to that bar.
`,
    )
    .action(async (file: string, flags: ExplainFlags) => {
      process.exitCode = await run(file, flags);
    });
};

function fail(message: string): number {
  process.stderr.write(`algo explain: ${message}\n`);
  return 1;
}

async function run(file: string, flags: ExplainFlags): Promise<number> {
  if (!flags.at) return fail('--at is required: the open time of the bar to explain, e.g. --at "2024-02-05 10:15"');
  const spec = await runSpecFrom(file, flags);
  if (typeof spec === 'string') return fail(spec);
  const mongo = mongoCandles('algo explain');
  try {
    const prepared = await prepareRun(spec, { candles: mongo.candles });
    if (!prepared.run) {
      for (const e of prepared.errors) process.stderr.write(prepared.diagnostics ? `${e}\n` : `algo explain: ${e}\n`);
      return 1;
    }
    const s = prepared.run.graph.settings;
    const at = parseAt(flags.at, s.timezone, !/^\d+[dw]$/.test(s.timeframe));
    if (at.error !== undefined) return fail(at.error);
    const explained = await explainBar(prepared.run, at.t, flags.symbol !== undefined ? { instrument: flags.symbol } : {});
    if (!explained.report) {
      for (const e of explained.errors) fail(e);
      return 1;
    }
    process.stdout.write(flags.json ? `${JSON.stringify(explained.report, null, 2)}\n` : renderExplanation(explained.report));
    return 0;
  } catch (e) {
    if (e instanceof DataError) return fail(e.message);
    throw e;
  } finally {
    await mongo.close();
  }
}
