/**
 * `algo explain`: why a strategy did or did not trade on one bar — every rule and condition
 * with its values, warm-up, the gates an entry must pass, position and fills — watched on
 * the real backtest run; and the sentences for condition traces the report shares.
 */
export { explainBar, EXPLAIN_FORMAT, type BarReport, type InstrumentReport, type RuleNote, type OrderNote, type FillNote, type PositionNote, type SeriesNote, type ExplainOptions } from './explain-bar.js';
export { renderExplanation } from './render.js';
export { parseAt } from './at-time.js';
export { entryGates, type Gate } from './gates.js';
export { describeLeaf, conditionLines, conditionSentence, formatValue, ruleName, type ConditionLine, type ParamValues } from './conditions.js';
