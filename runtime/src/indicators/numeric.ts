/**
 * TA-Lib's `TA_IS_ZERO` (ta_utility.h, `TA_EPSILON` = 1e-14): the test TA-Lib uses before
 * dividing by a sum that can vanish (RSI's gain + loss, ADX's true range and DI sum). Kept
 * identical so a flat stretch gives the same value here as in TA-Lib.
 */
export function isZero(v: number): boolean {
  return -1e-14 < v && v < 1e-14;
}
