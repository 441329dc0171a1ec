/**
 * The report's stylesheet: one inline `<style>` (nonce'd under a CSP). Colours are CSS
 * variables — light by default, dark under `prefers-color-scheme: dark`, and VS Code's theme
 * classes (`vscode-light` / `vscode-dark` on `body`) win inside a webview — and the chart
 * script reads the same variables, so candles, curves and tables always agree.
 */
export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --surface: #f7f8fa; --raised: #ffffff; --text: #131722; --muted: #5d6470; --faint: #8a919c;
  --border: #e1e4ea; --grid: #eef0f4; --accent: #2962ff; --accent-soft: rgba(41, 98, 255, .12);
  --up: #089981; --down: #f23645; --up-soft: rgba(8, 153, 129, .14); --down-soft: rgba(242, 54, 69, .14);
  --warn: #b26b00; --warn-soft: rgba(255, 170, 0, .14); --row-hover: #f3f5f9;
  --font: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1217; --surface: #161a22; --raised: #1b2029; --text: #e3e6eb; --muted: #9aa1ad; --faint: #6b7280;
    --border: #2a303b; --grid: #1f242d; --accent: #5b8cff; --accent-soft: rgba(91, 140, 255, .16);
    --up: #22ab94; --down: #f7525f; --up-soft: rgba(34, 171, 148, .16); --down-soft: rgba(247, 82, 95, .16);
    --warn: #f0b429; --warn-soft: rgba(240, 180, 41, .12); --row-hover: #1d232d;
  }
}
body.vscode-light { --bg: var(--vscode-editor-background, #fff); --text: var(--vscode-foreground, #131722); }
body.vscode-dark, body.vscode-high-contrast {
  --bg: var(--vscode-editor-background, #0f1217); --surface: #161a22; --raised: #1b2029; --text: var(--vscode-foreground, #e3e6eb);
  --muted: #9aa1ad; --faint: #6b7280; --border: #2a303b; --grid: #1f242d; --accent: #5b8cff; --accent-soft: rgba(91, 140, 255, .16);
  --up: #22ab94; --down: #f7525f; --up-soft: rgba(34, 171, 148, .16); --down-soft: rgba(247, 82, 95, .16);
  --warn: #f0b429; --warn-soft: rgba(240, 180, 41, .12); --row-hover: #1d232d;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--text); font: 14px/1.5 var(--font); font-variant-numeric: tabular-nums; }
.page { max-width: 1320px; margin: 0 auto; padding: 28px 32px 40px; }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
h1 { font-size: 22px; line-height: 1.25; font-weight: 650; letter-spacing: -.01em; margin: 0; }
h2 { font-size: 15px; font-weight: 600; margin: 0; }
h3 { font-size: 12px; font-weight: 600; margin: 0 0 6px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.muted { color: var(--muted); } .faint { color: var(--faint); }
.pos { color: var(--up); } .neg { color: var(--down); }
.top { display: flex; gap: 24px; align-items: flex-end; justify-content: space-between; padding-bottom: 20px; border-bottom: 1px solid var(--border); }
.eyebrow { font-size: 12px; letter-spacing: .08em; text-transform: uppercase; color: var(--muted); margin-bottom: 4px; }
.subtitle { margin-top: 6px; color: var(--muted); }
.subtitle b { color: var(--text); font-weight: 500; }
.top > div:first-child { flex: 1 1 auto; min-width: 0; }
.headline { text-align: right; flex: none; }
.headline .value { font-size: 30px; font-weight: 650; line-height: 1.1; letter-spacing: -.02em; }
.headline .detail { color: var(--muted); margin-top: 2px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(168px, 1fr)); gap: 1px; margin: 20px 0; background: var(--border); border: 1px solid var(--border); border-radius: 10px; overflow: hidden; }
.kpi { background: var(--raised); padding: 12px 14px; min-width: 0; }
.kpi .label { font-size: 12px; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.kpi .value { font-size: 17px; font-weight: 600; margin-top: 2px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.kpi .detail { font-size: 12px; color: var(--faint); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.callout { display: flex; gap: 12px; align-items: flex-start; border: 1px solid var(--border); border-left: 3px solid var(--warn); background: var(--warn-soft); border-radius: 8px; padding: 12px 14px; margin: 0 0 20px; }
.callout.calm { border-left-color: var(--accent); background: var(--accent-soft); }
.callout b { font-weight: 600; }
.panel { background: var(--raised); border: 1px solid var(--border); border-radius: 10px; margin: 0 0 20px; }
.panel-head { display: flex; align-items: center; gap: 16px; flex-wrap: wrap; padding: 12px 16px; border-bottom: 1px solid var(--border); }
.panel-head .note { margin-left: auto; font-size: 12px; color: var(--muted); }
.panel-body { padding: 14px 16px; }
.chart { height: 440px; position: relative; }
.chart.equity { height: 300px; }
.legend { display: flex; gap: 18px; flex-wrap: wrap; padding: 8px 16px 12px; font-size: 12px; color: var(--muted); border-top: 1px solid var(--border); }
.legend i { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 6px; vertical-align: 0; }
.legend .tri-up { width: 0; height: 0; border-radius: 0; border-left: 5px solid transparent; border-right: 5px solid transparent; border-bottom: 9px solid var(--up); }
.legend .tri-down { width: 0; height: 0; border-radius: 0; border-left: 5px solid transparent; border-right: 5px solid transparent; border-top: 9px solid var(--down); }
.legend .dot-win { background: var(--up); } .legend .dot-loss { background: var(--down); }
.tabs { display: flex; gap: 4px; flex-wrap: wrap; }
.tab { font: inherit; font-size: 13px; color: var(--muted); background: transparent; border: 1px solid var(--border); border-radius: 999px; padding: 3px 12px; cursor: pointer; }
.tab:hover { color: var(--text); }
.tab[aria-selected="true"] { color: var(--accent); border-color: var(--accent); background: var(--accent-soft); }
.tab small { color: var(--faint); margin-left: 6px; }
.table-wrap { overflow: auto; max-height: 640px; }
table { border-collapse: separate; border-spacing: 0; width: 100%; font-size: 13px; }
th { position: sticky; top: 0; z-index: 1; background: var(--surface); color: var(--muted); font-weight: 500; text-align: left; padding: 8px 8px; border-bottom: 1px solid var(--border); white-space: nowrap; }
td { padding: 7px 8px; border-bottom: 1px solid var(--grid); white-space: nowrap; vertical-align: top; }
th.n, td.n { text-align: right; }
tr.trade { cursor: pointer; }
tr.trade:hover td, tr.trade.open td { background: var(--row-hover); }
tr.trade:focus-visible { outline: 2px solid var(--accent); outline-offset: -2px; }
.side { display: inline-block; font-size: 11px; font-weight: 600; letter-spacing: .04em; text-transform: uppercase; padding: 1px 7px; border-radius: 4px; }
.side.long { color: var(--up); background: var(--up-soft); } .side.short { color: var(--down); background: var(--down-soft); }
td.rule { color: var(--muted); max-width: 200px; overflow: hidden; text-overflow: ellipsis; }
tr.why > td > div { max-width: min(1240px, calc(100vw - 150px)); position: sticky; left: 16px; }
td.instrument { white-space: normal; min-width: 200px; max-width: 240px; }
tr.why td { background: var(--surface); white-space: normal; padding: 14px 16px 16px; }
.why-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 18px 28px; }
.why-grid .wide { grid-column: 1 / -1; }
.conds { list-style: none; margin: 0; padding: 0; font-family: var(--mono); font-size: 12px; }
.conds li { padding: 2px 0; }
.conds li::before { display: inline-block; width: 1.4em; content: "✓"; color: var(--up); font-family: var(--font); }
.conds li.no::before { content: "✗"; color: var(--down); }
.conds li.head::before { content: ""; }
.conds li.d1 { padding-left: 1.4em; } .conds li.d2 { padding-left: 2.8em; } .conds li.d3 { padding-left: 4.2em; }
.facts { display: flex; gap: 8px 24px; flex-wrap: wrap; font-size: 12px; color: var(--muted); }
.facts b { color: var(--text); font-weight: 500; }
.grid2 { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); gap: 20px; align-items: start; }
.panel-body h3 { margin-top: 16px; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 6px 18px; margin: 0; font-size: 13px; }
dl.kv dt { color: var(--muted); } dl.kv dd { margin: 0; overflow-wrap: anywhere; }
code, .mono { font-family: var(--mono); font-size: 12px; }
ul.plain { margin: 0; padding-left: 18px; } ul.plain li { margin: 3px 0; }
.empty { padding: 28px 16px; text-align: center; color: var(--muted); }
footer { margin-top: 28px; font-size: 12px; color: var(--faint); display: flex; gap: 16px; flex-wrap: wrap; justify-content: space-between; }
@media (max-width: 900px) { .page { padding: 18px 14px 28px; } .top { flex-wrap: wrap; } .why-grid, .grid2 { grid-template-columns: 1fr; } .headline { text-align: left; } .chart { height: 360px; } }
@media print { .table-wrap { max-height: none; overflow: visible; } .chart { break-inside: avoid; } }
`;
