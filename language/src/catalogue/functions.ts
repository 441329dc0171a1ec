import type { BuiltinFunction, BuiltinParam } from './types.js';

/**
 * The pure math functions of `.algo`: no state, no warm-up (`lookback` 0), applied to the
 * current values of their arguments. A result that is not a real number (`sqrt(-1)`,
 * `log(0)`, a division by zero) has no value on that bar, and a comparison with no value
 * is false. The runtime implements each entry exactly as its `math` says.
 */

const x = (name = 'x', doc = 'a number or numeric series'): BuiltinParam => ({ name, kind: 'source', doc });

function fn(name: string, params: BuiltinParam[], summary: string, doc: string, example: string, math: string): BuiltinFunction {
  return { name, category: 'function', params, returns: 'number', outputs: [], barInputs: [], lookback: () => 0, summary, doc, example, math };
}

export const MATH_FUNCTIONS: readonly BuiltinFunction[] = [
  fn('abs', [x()], 'absolute value', 'The value without its sign: the size of a move regardless of direction.', 'let move = abs(change(close))', '|x|'),
  fn('min', [x('a'), x('b')], 'the smaller of two values', 'The smaller of `a` and `b`, bar by bar (for the lowest over time use `lowest`).', 'stop_loss at min(low, low[1])', 'a if a ≤ b, else b'),
  fn('max', [x('a'), x('b')], 'the larger of two values', 'The larger of `a` and `b`, bar by bar (for the highest over time use `highest`).', 'let top = max(open, close)', 'a if a ≥ b, else b'),
  fn('round', [x()], 'nearest whole number', 'Rounds to the nearest whole number; halves round away from zero (2.5 → 3, −2.5 → −3).', 'let level = round(close / 100) * 100', 'sign(x)·⌊|x| + 0.5⌋'),
  fn('floor', [x()], 'largest whole number ≤ x', 'Rounds down to the nearest whole number (towards minus infinity).', 'let strike = floor(close / 100) * 100', '⌊x⌋'),
  fn('ceil', [x()], 'smallest whole number ≥ x', 'Rounds up to the nearest whole number (towards plus infinity).', 'let next_level = ceil(close / 50) * 50', '⌈x⌉'),
  fn('sqrt', [x()], 'square root', 'The square root; no value for a negative number.', 'let daily_vol = stdev(change(close), 20) * sqrt(75)', '√x (x ≥ 0)'),
  fn('log', [x()], 'natural logarithm', 'The natural logarithm; no value for zero or less.', 'let log_ret = log(close / close[1])', 'ln x (x > 0)'),
  fn('log10', [x()], 'base-10 logarithm', 'The base-10 logarithm; no value for zero or less.', 'let digits = floor(log10(close))', 'log₁₀ x (x > 0)'),
  fn('exp', [x()], 'e raised to x', 'The exponential function: e raised to the value; the inverse of `log`.', 'let growth = exp(log(close / close[20]) / 20)', 'eˣ'),
  fn('pow', [x('base'), x('exponent')], 'base raised to exponent', 'Raises `base` to `exponent`; no value when the result is not a real number.', 'let sq = pow(close - sma(close, 20), 2)', 'base^exponent'),
  fn('sign', [x()], 'sign: −1, 0 or 1', 'The sign of the value: −1 when negative, 0 when zero, 1 when positive.', 'let dir = sign(change(close))', '−1 if x < 0; 0 if x = 0; 1 if x > 0'),
];
