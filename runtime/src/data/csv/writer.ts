import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Candle } from '../../market/candle.js';
import { DataError, type CandleSource } from '../candle-source.js';
import { NSE_SESSION } from '../session.js';
import { zoneClock, type ZoneClock } from '../zone-clock.js';

/** How candles are written: the zone whose local time (with its offset) stamps each row. */
export interface CsvWriteOptions {
  /** Default Asia/Kolkata. */
  readonly timeZone?: string;
}

/**
 * Writes candles as CSV — `datetime,open,high,low,close,volume[,oi]`, the time as ISO 8601 in
 * the exchange's local time with its offset (`2024-01-02T09:15:00+05:30`), numbers in their
 * shortest exact form — so {@link readCsvCandles} reads back exactly the same candles.
 *
 * To a path, the file appears only when complete: rows go to a temporary file beside it, which
 * is renamed over the target at the end and removed if anything fails (never half-written).
 * `'-'` or a stream writes there directly. Resolves to the number of candles written.
 */
export async function writeCandlesCsv(source: CandleSource, target: string | Writable, options: CsvWriteOptions = {}): Promise<number> {
  const zone = zoneClock(options.timeZone ?? NSE_SESSION.timeZone);
  if (typeof target !== 'string' || target === '-') {
    // A reader that stops early (`| head`) closes the pipe: stop writing, quietly. The
    // listener stays: writes already queued can fail after this function has returned.
    const out = typeof target === 'string' ? process.stdout : target;
    let closed: Error | undefined;
    out.on('error', (e: Error) => (closed ??= e));
    return writeRows(source, out, zone, () => closed);
  }
  const temp = `${target}.${process.pid}.${Date.now().toString(36)}.partial`;
  const out = createWriteStream(temp);
  // Keep the first write error; an unheard 'error' event would take the process down.
  let failure: Error | undefined;
  out.on('error', (e) => (failure ??= e));
  try {
    await once(out, 'open');
    const n = await writeRows(source, out, zone, () => failure);
    out.end();
    await finished(out);
    if (failure) throw failure;
    await rename(temp, target);
    return n;
  } catch (e) {
    out.destroy();
    await unlink(temp).catch(() => undefined);
    const err = e as NodeJS.ErrnoException;
    if (err.syscall) throw new DataError('FILE_UNREADABLE', `${target}: cannot write the file (${WRITE_ERRORS[err.code ?? ''] ?? err.code ?? err.message})`);
    throw e;
  }
}

const WRITE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such folder',
  EACCES: 'permission denied',
  EISDIR: 'it is a folder',
  ENOSPC: 'the disk is full',
  EROFS: 'the disk is read-only',
};

/** Writes every batch; stops early (quietly) when the output has failed with EPIPE. */
async function writeRows(source: CandleSource, out: Writable, zone: ZoneClock, failed: () => Error | undefined): Promise<number> {
  let n = 0;
  let withOi: boolean | undefined;
  for await (const batch of source) {
    const failure = failed() as NodeJS.ErrnoException | undefined;
    if (failure) {
      if (failure.code === 'EPIPE') return n;
      throw failure;
    }
    if (batch.length === 0) continue;
    if (withOi === undefined) {
      withOi = batch[0]!.oi !== undefined;
      out.write(withOi ? 'datetime,open,high,low,close,volume,oi\n' : 'datetime,open,high,low,close,volume\n');
    }
    let text = '';
    for (const c of batch) text += row(c, zone, withOi);
    n += batch.length;
    if (!out.write(text)) {
      // A stream that failed is destroyed and never drains.
      if (out.destroyed || failed()) continue;
      await settled(out);
    }
  }
  return n;
}

/** Resolves when the stream drains, closes or fails (the failure is read through `failed`). */
function settled(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      out.off('drain', done);
      out.off('close', done);
      out.off('error', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
    out.on('error', done);
  });
}

function row(c: Candle, zone: ZoneClock, withOi: boolean): string {
  const line = `${isoLocal(c.t, zone)},${c.o},${c.h},${c.l},${c.c},${c.v}`;
  return withOi ? `${line},${c.oi ?? 0}\n` : `${line}\n`;
}

/** `2024-01-02T09:15:00+05:30`: the local time of `t` in `zone`, with the offset. */
export function isoLocal(t: number, zone: ZoneClock): string {
  const offset = zone.offsetAt(t);
  const wall = new Date(t + offset).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const minutes = Math.abs(offset) / 60_000;
  return `${wall}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
