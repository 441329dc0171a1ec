/**
 * Incremental indicators: one class per stateful catalogue built-in, all sharing the
 * {@link Indicator} base (update / value / isReady / warmUp), created by name with
 * {@link createIndicator}.
 */
export { Indicator, IndicatorError, type IndicatorErrorCode, type SourceCount } from './indicator.js';
export { createIndicator, resolveIndicatorArgs, indicatorEntry, implementedIndicators, type IndicatorArgs, type IndicatorOptions } from './factory.js';
export { Sma, Ema, Wma, Rma, Dema, Tema } from './moving-averages.js';
export { Rsi, Macd, Stoch, Cci, Mfi, Willr } from './oscillators.js';
export { Roc, Mom, Change } from './momentum.js';
export { Tr, Atr, Stdev, Bollinger, Donchian, trueRange } from './volatility.js';
export { Adx, Dmi } from './directional.js';
export { Sar, Supertrend } from './stop-lines.js';
export { Vwap, Obv, type VwapOptions } from './volume.js';
export { Highest, Lowest, Rising, Falling, Crossover, Crossunder } from './windows.js';
