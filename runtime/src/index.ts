export * from './market/candle.js';
export * from './indicators/index.js';
export * from './data/index.js';
export * from './storage/index.js';
export * from './redis/index.js';
