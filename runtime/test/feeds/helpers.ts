import type { Tick } from '../../src/feeds/feed.js';
import type { Candle } from '../../src/market/candle.js';

/** Lets pending I/O callbacks and promise chains run (a few event-loop turns; no timers). */
export async function flushIO(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}

/**
 * Bars rebuilt from one instrument's ticks of one session, aligned to `barMs`: OHLC from the
 * prices, volume from the running session volume (difference across the bar).
 */
export function rebuildBars(ticks: readonly Tick[], barMs: number): Candle[] {
  const bars: Candle[] = [];
  let prevVolume = 0;
  let lastVolume = 0;
  for (const tk of ticks) {
    const t = Math.floor(tk.ts / barMs) * barMs;
    const bar = bars.at(-1);
    if (!bar || bar.t !== t) {
      if (bar) {
        bar.v = lastVolume - prevVolume;
        prevVolume = lastVolume;
      }
      bars.push({ t, o: tk.ltp, h: tk.ltp, l: tk.ltp, c: tk.ltp, v: 0 });
    } else {
      bar.h = Math.max(bar.h, tk.ltp);
      bar.l = Math.min(bar.l, tk.ltp);
      bar.c = tk.ltp;
    }
    lastVolume = tk.volume ?? lastVolume;
  }
  const last = bars.at(-1);
  if (last) last.v = lastVolume - prevVolume;
  return bars;
}

/** Polls `condition` until it holds or `ms` pass (then throws naming `what`). */
export async function until(what: string, condition: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}
