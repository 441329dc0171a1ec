import { describe, expect, it } from 'vitest';
import { unwrap } from '../../src/brokers/errors.js';
import { PaperBroker } from '../../src/brokers/paper/paper-broker.js';
import { collectCandles, fromCandles, synthCandles } from '../../src/data/index.js';
import type { Tick } from '../../src/feeds/feed.js';
import { ReplayFeed } from '../../src/feeds/replay/replay-feed.js';

describe('paper broker on a replayed day', () => {
  it('fills an order decided at a bar close at the next bar’s open, and a stop at its level or the gap open — as the backtester does', async () => {
    const key = 'NSE_EQ|TCS';
    const bars = await collectCandles(synthCandles({ symbol: key, from: '2024-01-15', to: '2024-01-15' }));
    const paper = new PaperBroker();
    const feed = new ReplayFeed({ candles: () => fromCandles(bars), speed: Infinity });
    const entryBar = 100;
    let stopId: string | undefined;
    let entryId: string | undefined;
    feed.onTicks(async (batch: readonly Tick[]) => {
      paper.onTick(batch);
      const t = batch[0]!;
      // the engine sees bar N close when bar N+1's open tick arrives, and decides at N's close time (= this tick's time)
      if (t.gap && t.ts === bars[entryBar]!.t) {
        entryId = unwrap(await paper.placeOrder({ clientOrderId: 'E1', instrument: key, side: 'BUY', quantity: 10, orderType: 'MARKET', product: 'intraday', decidedAt: bars[entryBar]!.t })).brokerOrderId;
        // a stop below the entry that the next hour reaches
        const stop = Number((Math.min(...bars.slice(entryBar, entryBar + 60).map((b) => b.l)) + 0.05).toFixed(2));
        expect(stop).toBeLessThan(bars[entryBar]!.o);
        stopId = unwrap(await paper.placeOrder({ clientOrderId: 'S1', instrument: key, side: 'SELL', quantity: 10, orderType: 'STOP_LOSS_MARKET', triggerPrice: stop, product: 'intraday', decidedAt: bars[entryBar]!.t })).brokerOrderId;
      }
    });
    await feed.subscribe([key]);
    await feed.start();
    await feed.finished();
    const entry = unwrap(await paper.getOrder(entryId!));
    expect(entry).toMatchObject({ status: 'COMPLETE', averagePrice: bars[entryBar]!.o, updatedAt: bars[entryBar]!.t });
    const stop = unwrap(await paper.getOrder(stopId!));
    const trigger = stop.triggerPrice!;
    const hit = bars.slice(entryBar).find((b, i) => (i === 0 ? b.l <= trigger : b.l <= trigger || b.o <= trigger))!;
    expect(stop.status).toBe('COMPLETE');
    // the bar that reaches it: a gap open below the stop fills at the open, otherwise at the stop
    expect(stop.averagePrice).toBe(hit.o <= trigger && hit !== bars[entryBar] ? hit.o : trigger);
    expect(stop.updatedAt).toBeGreaterThanOrEqual(hit.t);
    expect(stop.updatedAt).toBeLessThan(hit.t + 60_000);
  });
});
