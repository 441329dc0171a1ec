/**
 * Indian statutory charges and discount-broker brokerage, as dated tables — the data
 * behind the `india_*` commission presets. A fill is priced with the table in force on its
 * date (the oldest table for earlier dates), so a backtest over 2025 and one over 2026 each
 * use the rates of their time. Sources and dates are in docs/LANGUAGE.md ("Costs"):
 * Zerodha's published charges (brokerage, exchange transaction charges on NSE, SEBI fee,
 * stamp duty, GST) and the Finance Acts for STT (Finance (No. 2) Act 2024 from 1 Oct 2024;
 * Finance Act 2026 from 1 Apr 2026 for futures and options).
 *
 * Fractions of turnover throughout (0.0003 = 0.03%); options rates apply to premium turnover.
 */

export type IndiaSegment = 'equity_intraday' | 'equity_delivery' | 'futures' | 'options';

export interface IndiaRates {
  /** brokerage as a fraction of turnover (capped at `brokerageFlat` when both are set) */
  readonly brokeragePct?: number;
  /** flat brokerage per order, or the cap of the percentage */
  readonly brokerageFlat?: number;
  readonly sttBuy: number;
  readonly sttSell: number;
  /** NSE exchange transaction charge */
  readonly exchange: number;
  /** SEBI turnover fee: ₹10 per crore */
  readonly sebi: number;
  /** stamp duty, buy side only */
  readonly stampBuy: number;
  /** GST on brokerage + exchange charge + SEBI fee */
  readonly gst: number;
}

export interface IndiaChargeTable {
  /** first day the table applies (YYYY-MM-DD, IST trading days) */
  readonly from: string;
  readonly segments: Readonly<Record<IndiaSegment, IndiaRates>>;
}

const SEBI = 10 / 1e7;
const GST = 0.18;
const CAPPED = { brokeragePct: 0.0003, brokerageFlat: 20 } as const;

/** Oldest first. */
export const INDIA_CHARGE_TABLES: readonly IndiaChargeTable[] = [
  {
    from: '2024-10-01',
    segments: {
      equity_intraday: { ...CAPPED, sttBuy: 0, sttSell: 0.00025, exchange: 0.0000297, sebi: SEBI, stampBuy: 0.00003, gst: GST },
      equity_delivery: { brokerageFlat: 0, sttBuy: 0.001, sttSell: 0.001, exchange: 0.0000297, sebi: SEBI, stampBuy: 0.00015, gst: GST },
      futures: { ...CAPPED, sttBuy: 0, sttSell: 0.0002, exchange: 0.0000173, sebi: SEBI, stampBuy: 0.00002, gst: GST },
      options: { brokerageFlat: 20, sttBuy: 0, sttSell: 0.001, exchange: 0.0003503, sebi: SEBI, stampBuy: 0.00003, gst: GST },
    },
  },
  {
    from: '2026-04-01',
    segments: {
      equity_intraday: { ...CAPPED, sttBuy: 0, sttSell: 0.00025, exchange: 0.0000307, sebi: SEBI, stampBuy: 0.00003, gst: GST },
      equity_delivery: { brokerageFlat: 0, sttBuy: 0.001, sttSell: 0.001, exchange: 0.0000307, sebi: SEBI, stampBuy: 0.00015, gst: GST },
      futures: { ...CAPPED, sttBuy: 0, sttSell: 0.0005, exchange: 0.0000183, sebi: SEBI, stampBuy: 0.00002, gst: GST },
      options: { brokerageFlat: 20, sttBuy: 0, sttSell: 0.0015, exchange: 0.0003553, sebi: SEBI, stampBuy: 0.00003, gst: GST },
    },
  },
];
