/**
 * `algo series`: every `let` and indicator value per bar, written as CSV (Pine's data
 * window, in a file) — and the column choice `algo explain` shares.
 */
export { exportSeries, type SeriesExport, type SeriesExportOptions } from './export-series.js';
export { seriesColumns, withParamValues, type SeriesColumn } from './columns.js';
