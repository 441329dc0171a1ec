import { MongoClient } from 'mongodb';
import type { Db } from 'mongodb';
import type { CredentialsCipher } from './crypto/credentials-cipher.js';
import { StorageError, failure, success } from './outcome.js';
import type { Outcome } from './outcome.js';
import { ApiTokensRepository, apiTokenIndexes } from './repositories/api-tokens.js';
import { BacktestResultsRepository, backtestResultIndexes } from './repositories/backtest-results.js';
import type { ResultSchemas } from './repositories/backtest-results.js';
import { BrokerCredentialsRepository, brokerCredentialIndexes } from './repositories/broker-credentials.js';
import { HistoricalCandlesRepository, historicalCandleIndexes } from './repositories/historical-candles.js';
import { InstrumentsRepository, instrumentIndexes } from './repositories/instruments.js';
import { MarketSessionsRepository, marketSessionIndexes } from './repositories/market-sessions.js';
import { OrdersRepository, orderIndexes } from './repositories/orders.js';
import type { CollectionIndexes } from './repositories/repository.js';
import { StrategiesRepository, strategyIndexes } from './repositories/strategies.js';
import { StrategyVersionsRepository, strategyVersionIndexes } from './repositories/strategy-versions.js';
import { SystemConfigRepository, systemConfigIndexes } from './repositories/system-config.js';
import { SystemLogsRepository, systemLogIndexes } from './repositories/system-logs.js';
import { TradeLogsRepository, tradeLogIndexes } from './repositories/trade-logs.js';
import { TradingSignalsRepository, tradingSignalIndexes } from './repositories/trading-signals.js';
import { UsersRepository, userIndexes } from './repositories/users.js';
import { redactUrl } from './url.js';

/**
 * The system of record: one MongoDB connection and a repository per collection of
 * DESIGN §5 (plus seed 002's `trading_signals`). Opening it creates the seeds' indexes,
 * idempotently, so every process can open it at start.
 */

/** The database the seeds name. */
export const DEFAULT_DATABASE = 'trading_platform';

/** Every collection's indexes, as created at start. */
export const COLLECTION_INDEXES: readonly CollectionIndexes[] = [
  systemConfigIndexes,
  strategyIndexes,
  strategyVersionIndexes,
  historicalCandleIndexes,
  instrumentIndexes,
  marketSessionIndexes,
  orderIndexes,
  tradeLogIndexes,
  backtestResultIndexes,
  systemLogIndexes,
  userIndexes,
  apiTokenIndexes,
  brokerCredentialIndexes,
  tradingSignalIndexes,
];

export interface StorageOptions {
  /** A MongoDB URL — usually `resolveMongo(...).url`. */
  url: string;
  /** Default `trading_platform`. */
  dbName?: string;
  /** The broker-credentials key (`CredentialsCipher.fromEnv()`); without it credentials cannot be stored or revealed. */
  credentialsCipher?: CredentialsCipher;
  /** The backtester's result schemas, checked when a run completes. */
  resultSchemas?: ResultSchemas;
  /** How long to try reaching the server. Default 5 s. */
  timeoutMs?: number;
  /** Create the seeds' indexes (default true). */
  ensureIndexes?: boolean;
}

export interface Storage {
  readonly client: MongoClient;
  readonly db: Db;
  readonly systemConfig: SystemConfigRepository;
  readonly strategies: StrategiesRepository;
  readonly strategyVersions: StrategyVersionsRepository;
  readonly historicalCandles: HistoricalCandlesRepository;
  readonly instruments: InstrumentsRepository;
  readonly marketSessions: MarketSessionsRepository;
  readonly orders: OrdersRepository;
  readonly tradeLogs: TradeLogsRepository;
  readonly backtestResults: BacktestResultsRepository;
  readonly systemLogs: SystemLogsRepository;
  readonly users: UsersRepository;
  readonly apiTokens: ApiTokensRepository;
  readonly brokerCredentials: BrokerCredentialsRepository;
  readonly tradingSignals: TradingSignalsRepository;
  /** Closes the connection. */
  close(): Promise<void>;
}

/**
 * Creates every collection's indexes. Creating an index that exists is a no-op on any
 * MongoDB, so this runs at every start; an index whose definition changed is reported
 * (drop it to let the new one be built) rather than silently left stale.
 */
export async function ensureIndexes(db: Db): Promise<void> {
  for (const { collection, indexes } of COLLECTION_INDEXES) {
    if (indexes.length === 0) continue;
    try {
      await db.collection(collection).createIndexes([...indexes]);
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (code === 85 || code === 86) {
        throw new StorageError('STORAGE_CONFIG', `${collection}: an index differs from the one this version expects (${(err as Error).message}); drop it and restart to rebuild it`);
      }
      throw err;
    }
  }
}

/** Builds the repositories over an open database (no I/O). */
export function repositories(db: Db, opts: Pick<StorageOptions, 'credentialsCipher' | 'resultSchemas'> = {}): Omit<Storage, 'client' | 'db' | 'close'> {
  return {
    systemConfig: new SystemConfigRepository(db),
    strategies: new StrategiesRepository(db),
    strategyVersions: new StrategyVersionsRepository(db),
    historicalCandles: new HistoricalCandlesRepository(db),
    instruments: new InstrumentsRepository(db),
    marketSessions: new MarketSessionsRepository(db),
    orders: new OrdersRepository(db),
    tradeLogs: new TradeLogsRepository(db),
    backtestResults: new BacktestResultsRepository(db, opts.resultSchemas),
    systemLogs: new SystemLogsRepository(db),
    users: new UsersRepository(db),
    apiTokens: new ApiTokensRepository(db),
    brokerCredentials: new BrokerCredentialsRepository(db, opts.credentialsCipher),
    tradingSignals: new TradingSignalsRepository(db),
  };
}

/**
 * Connects, checks the server answers, creates indexes, and returns the repositories. An
 * unreachable server is an expected failure: one line with the (redacted) URL and what
 * was tried.
 */
export async function openStorage(opts: StorageOptions): Promise<Outcome<Storage>> {
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const client = new MongoClient(opts.url, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs, appName: 'algo' });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
  } catch (err) {
    await client.close().catch(() => undefined);
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return failure('STORAGE_UNREACHABLE', `MongoDB unreachable at ${redactUrl(opts.url)}: tried for ${timeoutMs / 1000} s — ${reason}`);
  }
  const db = client.db(opts.dbName ?? DEFAULT_DATABASE);
  try {
    if (opts.ensureIndexes !== false) await ensureIndexes(db);
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
  return success({ client, db, ...repositories(db, opts), close: () => client.close() });
}
