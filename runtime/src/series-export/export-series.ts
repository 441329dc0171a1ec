import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { runBacktest } from '../backtest/run.js';
import type { CandleSource } from '../data/candle-source.js';
import { zoneClock } from '../data/zone-clock.js';
import type { Candle } from '../market/candle.js';
import { cannotWrite, partialName } from '../report/output-file.js';
import type { StrategyCore } from '../strategy/core.js';
import type { PreparedRun } from '../sweep/run-spec.js';
import { cell, csvField, seriesColumns } from './columns.js';

/** What `exportSeries` wrote. */
export interface SeriesExport {
  readonly rows: number;
  /** the headers of the value columns (after time, instrument and the bar's prices) */
  readonly columns: readonly string[];
}

/** Options of `exportSeries`. */
export interface SeriesExportOptions {
  /** also write the warm-up bars before `--from` (default: trading bars only) */
  readonly warmup?: boolean;
}

/**
 * `algo series`: runs the backtest and writes, per base bar, the bar (time in the exchange's
 * zone, open, high, low, close, volume) and the value of every `let` and indicator on it
 * (`seriesColumns`), blank until warmed up — Pine's data window, as a CSV a trader can hold
 * against their own sheet. Values are read from the same evaluator that decided the trades,
 * after each bar's close (so `let`s that read `position` show what the rules saw).
 *
 * Streamed: rows are buffered only until the backtest asks for its next batch of bars,
 * which waits for the output to drain — memory stays flat however long the data. To a path,
 * the file appears whole or not at all (a temporary file renamed at the end); a write error
 * comes back as a message. Bad data rejects with the data layer's `DataError`.
 */
export async function exportSeries(run: PreparedRun, target: string | Writable, o: SeriesExportOptions = {}): Promise<{ value: SeriesExport; errors: [] } | { value?: undefined; errors: string[] }> {
  const graph = run.graph;
  const columns = seriesColumns(graph);
  const multi = run.instruments.length > 1;
  const zone = zoneClock(graph.settings.timezone);
  const daily = /^\d+[dw]$/.test(graph.settings.timeframe);
  const when = (t: number) => {
    const iso = new Date(zone.toWall(t)).toISOString();
    return daily ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  };
  const head = [`time (${graph.settings.timezone})`, ...(multi ? ['instrument'] : []), 'open', 'high', 'low', 'close', 'volume', ...columns.map((c) => c.header)];

  const toFile = typeof target === 'string' && target !== '-';
  const temp = toFile ? partialName(target) : '';
  const out: Writable = toFile ? createWriteStream(temp) : typeof target === 'string' ? process.stdout : target;
  let failure: Error | undefined;
  out.on('error', (e: Error) => (failure ??= e));
  if (toFile) {
    try {
      await Promise.race([once(out as WriteStream, 'open'), once(out, 'error').then(([e]) => Promise.reject(e as Error))]);
    } catch (e) {
      return { errors: [cannotWrite('-o', target, e)] };
    }
  }

  let buffer = `${head.map(csvField).join(',')}\n`;
  let rows = 0;
  const writeRow = (core: StrategyCore, instrument: string, bar: Candle) => {
    const ev = core.evaluator(instrument);
    let line = `${when(bar.t)}${multi ? `,${csvField(instrument)}` : ''},${bar.o},${bar.h},${bar.l},${bar.c},${bar.v}`;
    for (let i = 0; i < columns.length; i++) line += `,${cell(ev.valueAt(columns[i]!.index), columns[i]!.type)}`;
    buffer += `${line}\n`;
    rows++;
  };
  const flush = async () => {
    if (failure) throw failure;
    if (buffer.length === 0) return;
    const chunk = buffer;
    buffer = '';
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), once(out, 'error')]);
    if (failure) throw failure;
  };
  const watch = (core: StrategyCore) => {
    const onBar = core.onBar.bind(core);
    core.onBar = (instrument, bar) => {
      const intents = onBar(instrument, bar);
      writeRow(core, instrument, bar);
      return intents;
    };
    if (o.warmup) {
      const prime = core.prime.bind(core);
      core.prime = (instrument, bar) => {
        prime(instrument, bar);
        writeRow(core, instrument, bar);
      };
    }
  };

  try {
    const data = run.opened.data.map((d) => ({ ...d, source: paced(d.source, flush) }));
    const outcome = await runBacktest(graph, data, { ...run.options, maxTrades: 1, onCore: watch });
    if (!outcome.result) {
      await discard(out, temp, toFile);
      return { errors: outcome.errors };
    }
    await flush();
    if (toFile) {
      out.end();
      await finished(out);
      if (failure) throw failure;
      await rename(temp, target);
    }
    return { value: { rows, columns: columns.map((c) => c.header) }, errors: [] };
  } catch (e) {
    await discard(out, temp, toFile);
    const err = e as NodeJS.ErrnoException;
    // A reader that stopped early (`| head`) is not a failure.
    if (!toFile && err.code === 'EPIPE') return { value: { rows, columns: columns.map((c) => c.header) }, errors: [] };
    if (err.syscall && typeof target === 'string') return { errors: [cannotWrite('-o', target, e)] };
    throw e;
  }
}

async function discard(out: Writable, temp: string, toFile: boolean): Promise<void> {
  if (!toFile) return;
  out.destroy();
  await unlink(temp).catch(() => undefined);
}

/** `source`, waiting for `flush` before handing out each batch: the output's backpressure reaches the data. */
function paced(source: CandleSource, flush: () => Promise<void>): CandleSource {
  return {
    [Symbol.asyncIterator]: () => {
      const it = source[Symbol.asyncIterator]();
      return {
        next: async () => {
          await flush();
          return it.next();
        },
        return: async (v?: unknown) => (it.return ? it.return(v) : { done: true as const, value: undefined }),
      };
    },
  };
}
