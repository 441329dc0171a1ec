export * from './market/candle.js';
export * from './indicators/index.js';
export * from './data/index.js';
