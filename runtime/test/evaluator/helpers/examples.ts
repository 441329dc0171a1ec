import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NSE_SESSION } from '../../../src/data/session.js';
import { compileOk } from '../../backtest/helpers.js';
import { differential } from './differential.js';
import { randomBars } from './random-bars.js';

const SEQUENCES = Number(process.env.DIFF_SEQUENCES ?? 1000);
const dir = join(dirname(fileURLToPath(import.meta.url)), '../../../../examples');

/** The bundled examples, sorted. */
export const EXAMPLES = readdirSync(dir).filter((f) => f.endsWith('.algo')).sort();

/**
 * Declares one test per example in `names`: compiled, then run by the fast evaluator and by
 * json-rules-engine on `SEQUENCES` random bar sequences — same series, clock, warm-up and
 * events on every bar. (Split over two files so the two halves run in parallel.)
 */
export function differentialOnExamples(names: readonly string[]): void {
  describe(`fast evaluator vs json-rules-engine on examples (${SEQUENCES} sequences each)`, () => {
    for (const name of names) {
      it(name, async () => {
        const graph = compileOk(readFileSync(join(dir, name), 'utf8'));
        const check = differential(graph, NSE_SESSION);
        let evaluated = 0;
        for (let seed = 1; seed <= SEQUENCES; seed++) {
          const r = await check(await randomBars(graph, seed));
          expect(r.mismatches, `${name}, seed ${seed}`).toEqual([]);
          evaluated += r.evaluated;
        }
        expect(evaluated).toBeGreaterThan(SEQUENCES * 10);
      }, 900_000);
    }
  });
}
