import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BacktestResultSchema } from '@algo/runtime';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, repoRoot, runAlgo } from './e2e/support.js';

// `algo backtest --report` as a user runs it (the built CLI), then the page opened in
// headless Chromium with the network cut off: it must render — charts drawn on their
// canvases, one table row per trade, no console error — and look right (screenshots kept
// in test-artifacts/, light and dark).

const ARTIFACTS = join(repoRoot, 'test-artifacts');
const REPORT = join(ARTIFACTS, 'backtest-report-cli.html');
let browser: Browser;

beforeAll(async () => {
  assertBuilt();
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
});

/** Opens the report offline; collects console errors/warnings, page errors and any request that is not the file itself. */
async function open(colorScheme: 'light' | 'dark'): Promise<{ page: Page; problems: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, colorScheme });
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
  await page.goto(pathToFileURL(REPORT).href);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 20_000 });
  return { page, problems, requests };
}

/** Distinct colours on the largest canvas inside `selector` (a blank chart has one or two). */
async function colours(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((root) => {
    const canvases = [...root.querySelectorAll('canvas')];
    const big = canvases.sort((a, b) => b.width * b.height - a.width * a.height)[0];
    if (!big) return 0;
    const data = big.getContext('2d')!.getImageData(0, 0, big.width, big.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 7) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    return seen.size;
  });
}

describe('the HTML report in Chromium', () => {
  it('renders a multi-instrument backtest: candles and equity drawn, a row per trade, instrument selector, trade details', async () => {
    const args = ['backtest', 'examples/02-rsi-pullback-multi-stock.algo', '--data', 'synth', '--from', '2024-01-01', '--to', '2024-02-29', '--report', REPORT, '--json'];
    const run = await runAlgo(args, { ...process.env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^Report: .*backtest-report-cli\.html \(\d\.\d MB\) — open file:\/\//m);
    const result = BacktestResultSchema.parse(JSON.parse(run.stdout));
    expect(result.trades.length).toBeGreaterThan(0);
    expect(statSync(REPORT).size).toBeLessThan(5_000_000);

    const { page, problems, requests } = await open('light');
    expect(await page.title()).toBe('RSI pullback — backtest report');
    expect(await page.locator('#price-chart canvas').count()).toBeGreaterThan(0);
    expect(await colours(page, '#price-chart')).toBeGreaterThan(20);
    expect(await colours(page, '#equity-chart')).toBeGreaterThan(10);
    expect(await page.locator('tr.trade').count()).toBe(result.trades.length);
    expect(await page.locator('.tab').allTextContents()).toEqual(result.run_parameters.data.map((d) => expect.stringContaining(d.instrument.split('|')[1]!)));

    // another instrument on the chart
    await page.locator('.tab').nth(1).click();
    expect(await page.locator('.tab[aria-selected="true"]').textContent()).toContain(result.run_parameters.data[1]!.instrument.split('|')[1]);
    // a trade opened: its rules and values, and the chart jumps to its instrument
    const first = result.trades[0]!;
    await page.locator('tr.trade').first().click();
    const why = page.locator('tr.why').first();
    expect(await why.isVisible()).toBe(true);
    expect(await why.textContent()).toContain(`Opened by ${first.entry.signal.rule}`);
    expect(await page.locator('.tab[aria-selected="true"]').textContent()).toContain(first.contract.split('|')[1]);
    await page.screenshot({ path: join(ARTIFACTS, 'backtest-report-cli.png'), fullPage: true });
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 120_000);

  it('follows a dark system theme', async () => {
    const { page, problems } = await open('dark');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(15, 18, 23)');
    expect(await colours(page, '#price-chart')).toBeGreaterThan(20);
    await page.screenshot({ path: join(ARTIFACTS, 'backtest-report-cli-dark.png'), fullPage: false });
    expect(readFileSync(join(ARTIFACTS, 'backtest-report-cli-dark.png')).length).toBeGreaterThan(20_000);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
