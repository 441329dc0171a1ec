/**
 * Market data: the {@link CandleSource} shape every bar provider satisfies, the CSV reader,
 * resampling to higher timeframes, the deterministic synthetic generator, and the exchange
 * session / time-zone arithmetic they share.
 */
export { DataError, fromCandles, forEachCandle, collectCandles, eachCandle, type CandleSource, type DataErrorCode } from './candle-source.js';
export { ZoneClock, zoneClock, isTimeZone, DAY_MS } from './zone-clock.js';
export { ExchangeSessionSchema, NSE_SESSION, SessionClock, sessionClock, parseClock, type ExchangeSession } from './session.js';
export { CsvCandleSource, readCsvCandles, type CsvReport } from './csv/reader.js';
export { CsvReadOptionsSchema, type CsvReadOptions } from './csv/options.js';
export { COLUMN_ROLES, type ColumnRole, type CsvLayout } from './csv/columns.js';
export { DATE_FORMATS, type DateOrder } from './csv/timestamps.js';
export { resample, planResample, type ResampleOptions, type ResamplePlan } from './resample.js';
export { synthCandles, SynthOptionsSchema, SYNTH_VERSION, type SynthOptions } from './synth/synth.js';
export { writeCandlesCsv, isoLocal, type CsvWriteOptions } from './csv/writer.js';
