/**
 * The file name of lightweight-charts' standalone build that `scripts/build.mjs` copies
 * into `dist/` next to the bundles; the report page loads it from there (by its webview
 * URI), so the page itself stays small and the library is shipped once.
 */
export const CHART_LIBRARY = 'lightweight-charts.standalone.production.js';
