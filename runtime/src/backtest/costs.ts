import type { Commission } from '@algo/compiler';
import { z } from 'zod';
import { plainRecord } from '../evaluator/plain-record.js';
import { INDIA_CHARGE_TABLES, type IndiaSegment, type IndiaRates } from './india-charges.js';

/**
 * What one order costs. The simulated broker prices every fill with a {@link CostModel};
 * a trade's costs are its entry fill's plus its exit fill's. Presets itemise the Indian
 * statutory charges so a trader can check a contract note line by line.
 */
export const CostBreakdownSchema = z.strictObject({
  total: z.number(),
  brokerage: z.number(),
  stt: z.number(),
  exchange: z.number(),
  sebi: z.number(),
  stamp: z.number(),
  gst: z.number(),
});
export type CostBreakdown = z.infer<typeof CostBreakdownSchema>;

/** One executed order as the cost model sees it. */
export interface PricedOrder {
  readonly side: 'buy' | 'sell';
  readonly price: number;
  readonly qty: number;
  /** UTC ms of the fill (presets pick the rate table in force on that date) */
  readonly time: number;
}

/**
 * Prices orders. `describe` names the model and its rates for `run_parameters` (what a result
 * depends on). `cost` reads `order` during the call only: the simulated broker hands the same
 * object over for every fill, refilled.
 */
export interface CostModel {
  readonly describe: string;
  cost(order: PricedOrder): CostBreakdown;
}

const ZERO: CostBreakdown = Object.freeze({ total: 0, brokerage: 0, stt: 0, exchange: 0, sebi: 0, stamp: 0, gst: 0 });

/** No commission at all. */
export const NO_COSTS: CostModel = { describe: 'none', cost: () => ZERO };

/**
 * The cost model a graph's `settings.costs.commission` names: none, a flat amount per
 * order, a fraction of turnover, or an Indian charges preset.
 */
export function costModelFor(commission: Commission | undefined): CostModel {
  if (!commission) return NO_COSTS;
  switch (commission.kind) {
    case 'per_order': {
      const v = commission.value;
      return { describe: `${v} per order`, cost: () => brokerageOnly(v) };
    }
    case 'percent': {
      const f = commission.value;
      return { describe: `${round6(f * 100)}% of turnover`, cost: (o) => brokerageOnly(f * o.price * o.qty) };
    }
    case 'preset':
      return indiaPreset(commission.name);
  }
}

// A fill's costs stay with its trade; made by a constructor so the kept trades do not make
// every later fill's costs in the old generation (see evaluator/plain-record.ts).
const CostRecord = plainRecord(function (this: CostBreakdown, total: number, brokerage: number, stt: number, exchange: number, sebi: number, stamp: number, gst: number) {
  this.total = total;
  this.brokerage = brokerage;
  this.stt = stt;
  this.exchange = exchange;
  this.sebi = sebi;
  this.stamp = stamp;
  this.gst = gst;
});

function brokerageOnly(v: number): CostBreakdown {
  return new CostRecord(v, v, 0, 0, 0, 0, 0);
}

const SEGMENT: Record<Extract<Commission, { kind: 'preset' }>['name'], IndiaSegment> = {
  india_equity_intraday: 'equity_intraday',
  india_equity_delivery: 'equity_delivery',
  india_futures: 'futures',
  india_options: 'options',
};

/** The rates of `segment` in force at `time` (the latest table starting on or before it; the oldest before any). */
export function indiaRatesAt(segment: IndiaSegment, time: number): { from: string; rates: IndiaRates } {
  let chosen = INDIA_CHARGE_TABLES[0]!;
  for (const t of INDIA_CHARGE_TABLES) if (Date.parse(t.from) <= time) chosen = t;
  return { from: chosen.from, rates: chosen.segments[segment] };
}

/**
 * An Indian charges preset: brokerage (a percentage capped at a flat amount, or flat),
 * STT, exchange transaction charge, SEBI turnover fee, stamp duty and GST on
 * brokerage + exchange + SEBI, each on the order's turnover (premium turnover for options)
 * and on the side the law charges it. Amounts are not rounded (contract notes round STT
 * to the rupee per contract note, not per order).
 */
export function indiaPreset(name: Extract<Commission, { kind: 'preset' }>['name']): CostModel {
  const segment = SEGMENT[name];
  const tables = INDIA_CHARGE_TABLES.map((t) => t.from).join(', ');
  return {
    describe: `${name} (rate tables from ${tables}; see docs/LANGUAGE.md "Costs")`,
    cost(o) {
      const { rates: r } = indiaRatesAt(segment, o.time);
      const turnover = o.price * o.qty;
      const buy = o.side === 'buy';
      const brokerage = r.brokerageFlat !== undefined && r.brokeragePct === undefined
        ? r.brokerageFlat
        : Math.min(turnover * (r.brokeragePct ?? 0), r.brokerageFlat ?? Infinity);
      const stt = turnover * (buy ? r.sttBuy : r.sttSell);
      const exchange = turnover * r.exchange;
      const sebi = turnover * r.sebi;
      const stamp = buy ? turnover * r.stampBuy : 0;
      const gst = (brokerage + exchange + sebi) * r.gst;
      return new CostRecord(brokerage + stt + exchange + sebi + stamp + gst, brokerage, stt, exchange, sebi, stamp, gst);
    },
  };
}

/** Adds two breakdowns. */
export function addCosts(a: CostBreakdown, b: CostBreakdown): CostBreakdown {
  return {
    total: a.total + b.total,
    brokerage: a.brokerage + b.brokerage,
    stt: a.stt + b.stt,
    exchange: a.exchange + b.exchange,
    sebi: a.sebi + b.sebi,
    stamp: a.stamp + b.stamp,
    gst: a.gst + b.gst,
  };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
