export * from './market/candle.js';
export * from './indicators/index.js';
export * from './data/index.js';
export * from './storage/index.js';
export * from './redis/index.js';
export * from './evaluator/index.js';
export * from './strategy/index.js';
export * from './backtest/index.js';
export * from './report/index.js';
export * from './sweep/index.js';
export * from './series-export/index.js';
export * from './explain/index.js';
export * from './feeds/index.js';
export * from './brokers/index.js';
// `Broker` is the broker interface (brokers/); the storage module's broker-name enum of the same name stays `BrokerField`'s type.
export type { Broker } from './brokers/index.js';
export * from './live/index.js';
