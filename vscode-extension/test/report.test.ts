import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { backtestCommand } from '../src/commands/backtest.js';
import { runLocalBacktest } from '../src/backtest/run-local.js';
import { RecordingHost } from './support/host.js';
import { EXAMPLES } from './support/worker.js';

// The page `Algo: Backtest` shows in its webview, as the command produced it (the runtime's
// report, rendered for the panel's CSP with the chart library loaded from the extension's
// folder), opened in headless Chromium with the network cut off.

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-artifacts');
const PAGE = join(ARTIFACTS, 'vscode-backtest-report.html');
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

it('renders the webview report in Chromium: charts drawn, a row per trade, nothing fetched, no console error', async () => {
  const source = readFileSync(join(EXAMPLES, '01-banknifty-options-breakout.algo'), 'utf8');
  const host = new RecordingHost({ 'backtest.from': '2024-01-01', 'backtest.to': '2024-02-29' }, { 'file:///01.algo': source });
  const reply = await backtestCommand(host, 'file:///01.algo', (req, p) => runLocalBacktest(req, p));
  if (!reply?.ok) throw new Error(reply ? reply.message : 'no reply');
  const html = host.reports[0]!.pages[0]!;
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(PAGE, html);
  expect(statSync(PAGE).size).toBeLessThan(3_000_000);

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    requests.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(PAGE).href);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 20_000 });

  expect(await page.title()).toBe('BankNifty Live Breakout — backtest report');
  expect(await page.locator('#price-chart canvas').count()).toBeGreaterThan(0);
  expect(await page.locator('#equity-chart canvas').count()).toBeGreaterThan(0);
  const drawn = await page.locator('#equity-chart').evaluate((root) => {
    const big = [...root.querySelectorAll('canvas')].sort((a, b) => b.width * b.height - a.width * a.height)[0]!;
    const data = big.getContext('2d')!.getImageData(0, 0, big.width, big.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 7) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    return seen.size;
  });
  expect(drawn).toBeGreaterThan(10);
  expect(await page.locator('tr.trade').count()).toBe(reply.result.trades.length);
  await page.screenshot({ path: join(ARTIFACTS, 'vscode-backtest-report.png'), fullPage: true });
  expect(problems).toEqual([]);
  expect(requests).toEqual([]);
  await page.close();
}, 120_000);
