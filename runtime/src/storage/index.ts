/**
 * Storage — MongoDB, the system of record: resolving a server (`resolveMongo`), opening
 * the repositories (`openStorage`), one repository per collection with its zod document
 * schema, encryption of broker secrets, and the offline stand-in `algo db serve` starts.
 * Document types carry a `Doc` suffix so they never clash with the runtime's domain types.
 */
export { resolveMongo } from './mongo/resolve.js';
export type { MongoPurpose, ResolveMongoOptions, ResolvedMongo } from './mongo/resolve.js';
export { probeMongo } from './mongo/probe.js';
export type { MongoProbe } from './mongo/probe.js';
export { startMongoStandin, STANDIN_COMMANDS } from './mongo-standin/index.js';
export type { MongoStandin, MongoStandinOptions } from './mongo-standin/index.js';

export { openStorage, ensureIndexes, repositories as createRepositories, COLLECTION_INDEXES, DEFAULT_DATABASE } from './storage.js';
export type { Storage, StorageOptions } from './storage.js';
export { StorageError } from './outcome.js';
export type { Outcome, StorageErrorCode } from './outcome.js';
export { InvalidDocumentError } from './repositories/validation.js';
export { isDuplicateKey } from './repositories/repository.js';
export type { CollectionIndexes, WriteResult } from './repositories/repository.js';
export { retrySafe, isTransientMongoError } from './retry.js';
export { redactUrl } from './url.js';
export { defaultDataDir } from './data-dir.js';
export { CredentialsCipher, CREDENTIALS_KEY_ENV } from './crypto/credentials-cipher.js';

export { SystemConfigRepository, SystemConfigDocSchema, KillSwitchDocSchema } from './repositories/system-config.js';
export type { SystemConfigDoc, KillSwitchDoc } from './repositories/system-config.js';
export { StrategiesRepository, StrategyDocSchema, StrategySummaryDocSchema, StrategyStatusField } from './repositories/strategies.js';
export type { StrategyDoc, StrategySummaryDoc, NewStrategy, StrategyCode } from './repositories/strategies.js';
export { StrategyVersionsRepository, StrategyVersionDocSchema } from './repositories/strategy-versions.js';
export type { StrategyVersionDoc } from './repositories/strategy-versions.js';
export { HistoricalCandlesRepository, CandleBucketDocSchema } from './repositories/historical-candles.js';
export { candleDay } from './repositories/candle-buckets.js';
export type { CandleBucketDoc, CandleSeries, CandleRange, CandleWriteSummary, CandleCoverage } from './repositories/historical-candles.js';
export { InstrumentsRepository, InstrumentDocSchema } from './repositories/instruments.js';
export type { InstrumentDoc, InstrumentDocInput } from './repositories/instruments.js';
export { MarketSessionsRepository, MarketSessionDocSchema } from './repositories/market-sessions.js';
export type { MarketSessionDoc, MarketSessionDocInput } from './repositories/market-sessions.js';
export { OrdersRepository, OrderDocSchema, OrderStatusField, OrderUpdateInputSchema, ClientOrderIdField, TERMINAL_ORDER_STATUSES } from './repositories/orders.js';
export type { OrderDoc, OrderStatus, NewOrderIntent, OrderUpdateInput, OrderEventDoc } from './repositories/orders.js';
export { TradeLogsRepository, TradeLogDocSchema } from './repositories/trade-logs.js';
export type { TradeLogDoc } from './repositories/trade-logs.js';
export { BacktestResultsRepository, BacktestResultDocSchema, BacktestStatusField, RunParametersDocSchema, StrategySnapshotDocSchema } from './repositories/backtest-results.js';
export type { BacktestResultDoc, ResultSchemas } from './repositories/backtest-results.js';
export { SystemLogsRepository, SystemLogDocSchema, LogLevelField, redactSecrets } from './repositories/system-logs.js';
export type { SystemLogDoc, SystemLogDocInput } from './repositories/system-logs.js';
export { UsersRepository, UserDocSchema } from './repositories/users.js';
export type { UserDoc } from './repositories/users.js';
export { ApiTokensRepository, ApiTokenDocSchema } from './repositories/api-tokens.js';
export type { ApiTokenDoc } from './repositories/api-tokens.js';
export { BrokerCredentialsRepository, BrokerField, BrokerSecretsSchema } from './repositories/broker-credentials.js';
export type { Broker, BrokerSecrets, BrokerCredentialInfo } from './repositories/broker-credentials.js';
export { TradingSignalsRepository, TradingSignalDocSchema } from './repositories/trading-signals.js';
export type { TradingSignalDoc, TradingSignalDocInput } from './repositories/trading-signals.js';
