export * from './market/candle.js';
export * from './indicators/index.js';
export * from './data/index.js';
export * from './storage/index.js';
export * from './redis/index.js';
export * from './evaluator/index.js';
export * from './strategy/index.js';
export * from './backtest/index.js';
