/**
 * The report's own script, as text for an inline `<script nonce>` (the page runs it in the
 * browser; Node never evaluates it). Plain ES2017 with no template literals, so it can live
 * in this string as is. It reads the JSON payload (`payload.ts`), draws the price chart
 * (candles, volume, entry/exit markers) and the equity curve over the starting capital with
 * the drawdown pane under it, both with TradingView's lightweight-charts in the page's
 * colours (re-applied when the system switches between light and dark); switches the
 * instrument the price chart shows; and on a click on a trade opens its
 * detail row and frames the trade on the chart with its entry, stop, target and exit lines.
 */
export const CLIENT_SCRIPT = String.raw`(function () {
  'use strict';
  var LC = window.LightweightCharts;
  var holder = document.getElementById('algo-report-data');
  if (!holder) return;
  var data = JSON.parse(holder.textContent);
  var priceEl = document.getElementById('price-chart');
  var equityEl = document.getElementById('equity-chart');
  if (!LC) {
    [priceEl, equityEl].forEach(function (el) { if (el) el.textContent = 'The charts need the lightweight-charts script, which this page could not load.'; });
    return;
  }

  function css(name) { return getComputedStyle(document.body).getPropertyValue(name).trim(); }
  function theme() {
    return { bg: css('--raised'), text: css('--muted'), grid: css('--grid'), border: css('--border'), up: css('--up'), down: css('--down'),
      upSoft: css('--up-soft'), downSoft: css('--down-soft'), accent: css('--accent'), faint: css('--faint'), font: css('--font') };
  }
  function chartOptions(t) {
    return {
      autoSize: true,
      layout: { background: { type: 'solid', color: t.bg }, textColor: t.text, fontFamily: t.font, fontSize: 12, attributionLogo: false,
        panes: { separatorColor: t.border, separatorHoverColor: t.grid } },
      grid: { vertLines: { color: t.grid }, horzLines: { color: t.grid } },
      rightPriceScale: { borderColor: t.border },
      timeScale: { borderColor: t.border, timeVisible: data.intraday, secondsVisible: false, rightOffset: 3 },
      crosshair: { mode: 0 }
    };
  }
  var fmt = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  function signed(x) { return (x > 0 ? '+' : '') + fmt.format(x); }

  var t = theme();
  var price = null, candles = null, volume = null, markers = null, lines = [], current = -1;
  var equity = null, equitySeries = null, ddSeries = null;

  function lowerBound(rows, time) {
    var lo = 0, hi = rows.length - 1, at = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (rows[mid][0] <= time) { at = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return at < 0 ? 0 : at;
  }

  function markersFor(i) {
    var rows = data.instruments[i].candles;
    if (!rows.length) return [];
    var mine = data.trades.filter(function (tr) { return tr[0] === i; });
    var words = mine.length <= 60;
    var out = [];
    mine.forEach(function (tr) {
      var long = tr[1] > 0;
      out.push({ time: rows[lowerBound(rows, tr[2])][0], position: long ? 'belowBar' : 'aboveBar', color: long ? t.up : t.down,
        shape: long ? 'arrowUp' : 'arrowDown', text: words ? (long ? 'Long ' : 'Short ') + tr[9] : '' });
      out.push({ time: rows[lowerBound(rows, tr[4])][0], position: long ? 'aboveBar' : 'belowBar', color: tr[8] >= 0 ? t.up : t.down,
        shape: 'circle', text: words ? signed(tr[8]) : '' });
    });
    out.sort(function (a, b) { return a.time - b.time; });
    return out;
  }

  function clearLines() {
    lines.forEach(function (l) { candles.removePriceLine(l); });
    lines = [];
  }

  function show(i) {
    if (!price || i === current) return;
    current = i;
    var rows = data.instruments[i].candles;
    candles.setData(rows.map(function (c) { return { time: c[0], open: c[1], high: c[2], low: c[3], close: c[4] }; }));
    volume.setData(rows.map(function (c) { return { time: c[0], value: c[5], color: c[4] >= c[1] ? t.upSoft : t.downSoft }; }));
    markers.setMarkers(markersFor(i));
    clearLines();
    price.timeScale().fitContent();
    var tabs = document.querySelectorAll('[data-tab]');
    for (var k = 0; k < tabs.length; k++) tabs[k].setAttribute('aria-selected', String(Number(tabs[k].getAttribute('data-tab')) === i));
    var note = document.getElementById('price-note');
    if (note) note.textContent = note.getAttribute('data-note-' + i) || '';
  }

  function focusTrade(n) {
    var tr = data.trades[n];
    if (!tr || !price || tr[0] < 0) return;
    show(tr[0]);
    var rows = data.instruments[tr[0]].candles;
    if (!rows.length) return;
    var a = lowerBound(rows, tr[2]), b = lowerBound(rows, tr[4]);
    var pad = Math.max(12, Math.round((b - a) * 0.8));
    price.timeScale().setVisibleLogicalRange({ from: a - pad, to: b + pad });
    clearLines();
    var add = function (p, color, style, title) { if (p !== null) lines.push(candles.createPriceLine({ price: p, color: color, lineWidth: 1, lineStyle: style, axisLabelVisible: true, title: title })); };
    add(tr[3], t.accent, 0, 'entry');
    add(tr[6], t.down, 2, 'stop');
    add(tr[7], t.up, 2, 'target');
    add(tr[5], t.faint, 1, 'exit');
  }

  if (priceEl && data.instruments.length) {
    price = LC.createChart(priceEl, chartOptions(t));
    candles = price.addSeries(LC.CandlestickSeries, { upColor: t.up, downColor: t.down, wickUpColor: t.up, wickDownColor: t.down, borderVisible: false, priceLineVisible: false });
    candles.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.22 } });
    volume = price.addSeries(LC.HistogramSeries, { priceScaleId: 'volume', priceFormat: { type: 'volume' }, lastValueVisible: false, priceLineVisible: false });
    price.priceScale('volume').applyOptions({ scaleMargins: { top: 0.84, bottom: 0 } });
    markers = LC.createSeriesMarkers(candles, []);
    show(0);
  }

  if (equityEl && data.equity.length) {
    equity = LC.createChart(equityEl, chartOptions(t));
    equitySeries = equity.addSeries(LC.BaselineSeries, { baseValue: { type: 'price', price: data.capital }, lineWidth: 2, priceLineVisible: false,
      priceFormat: { type: 'custom', minMove: 0.01, formatter: function (v) { return fmt.format(v); } } });
    ddSeries = equity.addSeries(LC.AreaSeries, { lineWidth: 1, invertFilledArea: true, priceLineVisible: false, lastValueVisible: false,
      priceFormat: { type: 'custom', minMove: 0.01, formatter: function (v) { return v.toFixed(2) + '%'; } } }, 1);
    equitySeries.setData(data.equity.map(function (p) { return { time: p[0], value: p[1] }; }));
    ddSeries.setData(data.equity.map(function (p) { return { time: p[0], value: p[2] }; }));
    var panes = equity.panes();
    if (panes.length > 1) { panes[0].setStretchFactor(3); panes[1].setStretchFactor(1); }
    equity.timeScale().fitContent();
  }

  function paint() {
    t = theme();
    [price, equity].forEach(function (c) { if (c) c.applyOptions(chartOptions(t)); });
    if (candles) {
      candles.applyOptions({ upColor: t.up, downColor: t.down, wickUpColor: t.up, wickDownColor: t.down });
      var keep = current;
      current = -1;
      show(keep);
    }
    if (equitySeries) equitySeries.applyOptions({ topLineColor: t.up, topFillColor1: t.upSoft, topFillColor2: 'rgba(0,0,0,0)',
      bottomLineColor: t.down, bottomFillColor1: 'rgba(0,0,0,0)', bottomFillColor2: t.downSoft });
    if (ddSeries) ddSeries.applyOptions({ lineColor: t.down, topColor: t.downSoft, bottomColor: t.downSoft });
  }
  paint();
  if (window.matchMedia) {
    var mq = window.matchMedia('(prefers-color-scheme: dark)');
    if (mq.addEventListener) mq.addEventListener('change', paint);
  }

  var tabs = document.querySelectorAll('[data-tab]');
  for (var k = 0; k < tabs.length; k++) tabs[k].addEventListener('click', function (e) { show(Number(e.currentTarget.getAttribute('data-tab'))); });

  function toggle(row) {
    var why = row.nextElementSibling;
    if (!why || !why.classList.contains('why')) return;
    why.hidden = !why.hidden;
    row.classList.toggle('open', !why.hidden);
    row.setAttribute('aria-expanded', String(!why.hidden));
    if (!why.hidden) focusTrade(Number(row.getAttribute('data-i')));
  }
  var table = document.querySelector('table.trades');
  if (table) {
    table.addEventListener('click', function (e) {
      var link = e.target.closest('[data-goto]');
      if (link) { e.preventDefault(); focusTrade(Number(link.getAttribute('data-goto'))); if (priceEl) priceEl.scrollIntoView({ behavior: 'smooth', block: 'center' }); return; }
      var row = e.target.closest('tr.trade');
      if (row) toggle(row);
    });
    table.addEventListener('keydown', function (e) {
      var row = e.target.closest('tr.trade');
      if (row && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); toggle(row); }
    });
  }
  document.documentElement.setAttribute('data-ready', 'true');
})();
`;
