import { describe, expect, it } from 'vitest';
import { NSE_SESSION } from '../../src/data/session.js';
import { breakoutGraph, kitchenSinkGraph } from './fixtures/graphs.js';
import { differential } from './helpers/differential.js';
import { randomBars } from './helpers/random-bars.js';

const SEQUENCES = Number(process.env.DIFF_SEQUENCES ?? 1000);

describe('fast evaluator vs json-rules-engine (hand-written graphs)', () => {
  for (const [name, make] of [['breakout', breakoutGraph], ['kitchen sink', kitchenSinkGraph]] as const) {
    it(`${name}: same series, clock, warm-up and events on ${SEQUENCES} random bar sequences`, { timeout: 900_000 }, async () => {
      const graph = make();
      const check = differential(graph, NSE_SESSION);
      let evaluated = 0;
      let events = 0;
      for (let seed = 1; seed <= SEQUENCES; seed++) {
        const bars = await randomBars(graph, seed);
        const r = await check(bars);
        expect(r.mismatches, `seed ${seed}`).toEqual([]);
        evaluated += r.evaluated;
        events += r.events;
      }
      // The sequences must actually exercise the rules.
      expect(evaluated).toBeGreaterThan(SEQUENCES * 20);
      expect(events).toBeGreaterThan(SEQUENCES / 2);
    });
  }
});
