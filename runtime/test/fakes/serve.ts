/**
 * Runs both fake brokers with a moving market, for a developer to point the engine (or the
 * CLI) at instead of Zerodha and Upstox:
 *
 *   npx tsx runtime/test/fakes/serve.ts [--kite-port 7101] [--upstox-port 7102] [--tick-ms 500]
 *
 * It prints the environment to export (`ALGO_KITE_ROOT`, …), the fake credentials to store
 * (`algo`'s broker credentials), and the login URLs, which redirect at once with a fresh
 * request token / code as the real login pages do after a successful login. Prices of the
 * instruments in fakes/instruments.ts move by a seeded random walk; orders fill against them.
 * Ctrl-C stops everything.
 */
import { INSTRUMENT_DOCS, KITE_ROWS, UPSTOX_INSTRUMENTS } from './instruments.js';
import { KiteFake } from './kite/kite-fake.js';
import { UpstoxFake } from './upstox/upstox-fake.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 0) {
    process.stderr.write(`--${name}: expected a whole number, got ${process.argv[i + 1]}\n`);
    process.exit(2);
  }
  return v;
}

const redirect = 'http://127.0.0.1:7100/broker/callback';
const kite = await KiteFake.start({ port: flag('kite-port', 7101), instruments: KITE_ROWS, redirectUrl: redirect });
const upstox = await UpstoxFake.start({ port: flag('upstox-port', 7102), instruments: UPSTOX_INSTRUMENTS, redirectUri: redirect });

// A seeded random walk per instrument (mulberry32), pushed to both feeds and to both order books.
let seed = 42;
const random = (): number => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const prices = new Map(INSTRUMENT_DOCS.map((d, i) => [d.instrument_key, [2500, 3500, 45000, 300][i] ?? 100]));
const volumes = new Map<string, number>();
const timer = setInterval(() => {
  const now = Date.now();
  for (const doc of INSTRUMENT_DOCS) {
    const k = doc.instrument_key;
    const p = Math.max(doc.tick_size, Math.round((prices.get(k)! * (1 + (random() - 0.5) * 0.002)) / doc.tick_size) * doc.tick_size);
    prices.set(k, Number(p.toFixed(2)));
    const volume = (volumes.get(k) ?? 0) + Math.floor(random() * 500);
    volumes.set(k, volume);
    const kiteRow = KITE_ROWS.find((r) => r.instrument_token === doc.instrument_token)!;
    kite.exchange.setPrice(`${kiteRow.exchange}:${kiteRow.tradingsymbol}`, p);
    kite.pushTicks([{ token: kiteRow.instrument_token, ltp: p, volume, ts: now }]);
    const upKey = doc.instrument_type === 'INDEX' ? k : doc.isin ? `NSE_EQ|${doc.isin}` : `NSE_FO|${doc.exchange_token}`;
    upstox.exchange.setPrice(upKey, p);
    upstox.pushTicks([{ key: upKey, ltp: p, ltt: now, vtt: volume }]);
  }
}, flag('tick-ms', 500));

process.stdout.write(
  [
    'Fake brokers are up (Ctrl-C to stop).',
    '',
    `Zerodha (Kite Connect)  REST ${kite.restUrl}   ticker ${kite.tickerUrl}`,
    `  credentials: api_key ${kite.apiKey}   api_secret ${kite.apiSecret}`,
    `  login: ${kite.restUrl}/connect/login?api_key=${kite.apiKey}&v=3  → ${redirect}?request_token=…`,
    `Upstox                  REST ${upstox.url}   (orders too)`,
    `  credentials: api_key ${upstox.clientId}   api_secret ${upstox.clientSecret}   redirect ${upstox.redirectUri}`,
    `  login: ${upstox.url}/v2/login/authorization/dialog?response_type=code&client_id=${upstox.clientId}&redirect_uri=${encodeURIComponent(redirect)}  → ?code=…`,
    '',
    'Point the engine at them:',
    `  export ALGO_KITE_ROOT=${kite.restUrl} ALGO_KITE_TICKER_URL=${kite.tickerUrl} ALGO_KITE_LOGIN_URL=${kite.restUrl}/connect/login`,
    `  export ALGO_UPSTOX_BASE_URL=${upstox.url} ALGO_UPSTOX_ORDER_URL=${upstox.url} ALGO_UPSTOX_REDIRECT_URI=${redirect}`,
    `Instruments: ${INSTRUMENT_DOCS.map((d) => d.instrument_key).join(', ')}`,
    '',
  ].join('\n'),
);

const stop = async (): Promise<void> => {
  clearInterval(timer);
  await Promise.all([kite.stop(), upstox.stop()]);
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
