import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runLocalBacktest } from '../src/backtest/run-local.js';
import { reportHtml } from '../src/report/webview.js';
import { EXAMPLES } from './support/worker.js';

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-artifacts');
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
});

it('renders the backtest report in Chromium: summary, equity curve with trade marks, drawdown, trades — under a CSP with no scripts', async () => {
  const source = readFileSync(join(EXAMPLES, '01-banknifty-options-breakout.algo'), 'utf8');
  const reply = await runLocalBacktest({ source, uri: 'file:///01.algo', data: ['synth'], from: '2024-01-01', to: '2024-02-29', params: {}, seed: 1 });
  if (!reply.ok) throw new Error(reply.message);
  const r = reply.result;
  const html = reportHtml(r, { cspSource: 'https://webview.test', nonce: 'cmVwb3J0LXRlc3Q=' });
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'backtest-report.html'), html);

  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.setContent(html, { waitUntil: 'load' });

  expect(await page.title()).toBe('BankNifty Live Breakout — backtest');
  expect(await page.locator('h1').textContent()).toBe('BankNifty Live Breakout');
  const cards = await page.locator('.card .label').allTextContents();
  expect(cards).toEqual(expect.arrayContaining(['Net profit', 'Trades', 'Win rate', 'Profit factor', 'Max drawdown', 'Sharpe · Sortino', 'CAGR', 'Buy & hold']));
  expect(await page.locator('.card').first().locator('.value').textContent()).toContain(r.summary.net_profit.toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
  // the curve has one vertex per equity point, one mark per trade, and a drawdown area
  const points = await page.locator('polyline.equity').getAttribute('points');
  expect(points!.trim().split(/\s+/)).toHaveLength(r.equity.length);
  expect(await page.locator('svg.chart circle').count()).toBe(r.trades.length);
  expect(await page.locator('polygon.drawdown').count()).toBe(1);
  expect(await page.locator('tbody tr').count()).toBe(Math.min(r.trades.length, 500));
  // the nonce'd style block applied under the CSP (cards have their border), and the chart has a size
  const border = await page.locator('.card').first().evaluate((el) => getComputedStyle(el).borderTopStyle);
  expect(border).toBe('solid');
  const box = await page.locator('svg.chart').first().boundingBox();
  expect(box!.width).toBeGreaterThan(800);
  expect(box!.height).toBeGreaterThan(150);
  expect(problems).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, 'backtest-report.png'), fullPage: true });
  expect(readFileSync(join(ARTIFACTS, 'backtest-report.png')).length).toBeGreaterThan(10_000);
  await page.close();
}, 60_000);
