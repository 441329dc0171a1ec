/**
 * The fixed vocabulary of `algo.rulegraph/v1`: the format tag, the state and clock facts a
 * runtime must supply, the prefix of parameter facts, and the condition operators. One
 * place, so the schema, the compiler, the reference interpreter and the runtime's fast
 * evaluator agree on every name.
 */

/** The `format` tag every graph carries. A change that old readers cannot load bumps it. */
export const GRAPH_FORMAT = 'algo.rulegraph/v1';

/**
 * Bar fields a series can read (`{ op: 'field' }`), as the language spells them.
 * `hl2 = (high+low)/2`, `hlc3 = (high+low+close)/3`, `ohlc4 = (open+high+low+close)/4`;
 * `time` is the bar's open time as minutes after midnight in the strategy's time zone.
 */
export const FIELD_NAMES = ['open', 'high', 'low', 'close', 'volume', 'oi', 'hl2', 'hlc3', 'ohlc4', 'time'] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

/**
 * Per-instrument position state, read by `{ op: 'state' }` nodes and as condition facts.
 * All are 0 while the instrument is flat.
 * - `position.qty`: signed quantity (long > 0, short < 0).
 * - `position.entry_price`: average fill price of the open position.
 * - `position.bars`: bars closed since the entry filled, the fill bar counting as 1.
 * - `position.pnl`: open profit in money at this bar's close, before costs.
 * - `position.pnl_pct`: open profit as a fraction of the entry price (0.02 = 2%), at this bar's close.
 * The language catalogue (`FIELDS`, group `position`) is the source of these names; a test
 * keeps this list equal to it.
 */
export const STATE_FACTS = ['position.qty', 'position.entry_price', 'position.bars', 'position.pnl', 'position.pnl_pct'] as const;
export type StateFact = (typeof STATE_FACTS)[number];

/**
 * Clock facts, in minutes after midnight in the strategy's time zone.
 * - `clock.time`: when the current bar closes (the moment rules are evaluated).
 * - `clock.prev_time`: when the previous bar of the same trading day closed; -1 on the
 *   day's first bar. `at 09:30` compiles to `clock.time >= 570 and clock.prev_time < 570`:
 *   true on the first bar of each day that closes at or after 09:30.
 */
export const CLOCK_FACTS = ['clock.time', 'clock.prev_time'] as const;
export type ClockFact = (typeof CLOCK_FACTS)[number];

/** A parameter's resolved value is the constant fact `param.<name>`. */
export const PARAM_FACT_PREFIX = 'param.';

/** The fact id of parameter `name`. */
export function paramFact(name: string): string {
  return PARAM_FACT_PREFIX + name;
}

/**
 * Condition operators (all custom; none of json-rules-engine's built-ins is used, so a
 * graph run without our operators registered fails loudly instead of quietly differing).
 * Every operator is false when an operand is missing: `null`, `undefined`, `NaN` or ±∞.
 * - `gt gte lt lte`: numeric `> >= < <=`.
 * - `eq neq`: `===` / `!==` on two finite numbers or two booleans (mixed types: false).
 * - `crossesAbove` / `crossesBelow`: operands are `[now, previous]` pairs (facts read with
 *   `params: { window: 2 }`), or a plain number meaning the same value on both bars.
 *   above: `prevA <= prevB && nowA > nowB`; below: `prevA >= prevB && nowA < nowB`.
 */
export const OPERATORS = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq', 'crossesAbove', 'crossesBelow'] as const;
export type OperatorName = (typeof OPERATORS)[number];

/** Event types a rule can fire. */
export const EVENT_TYPES = ['entry', 'exit'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
