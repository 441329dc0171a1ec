import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/brokers/errors.js';
import { completeLogin } from '../../src/brokers/session/login.js';
import { StoredSessionSource, storeAccessToken } from '../../src/brokers/session/session-source.js';
import { accessTokenExpiry, formatIst } from '../../src/brokers/session/token-expiry.js';
import { ManualScheduler } from '../../src/feeds/clock.js';
import { redisKeys } from '../../src/redis/keyspace/keys.js';
import { KiteFake } from '../fakes/kite/kite-fake.js';
import { UpstoxFake } from '../fakes/upstox/upstox-fake.js';
import { useRedis } from '../redis/support.js';
import { useStorage } from '../storage/support.js';

/** UTC ms of an IST wall time. */
const ist = (d: number, h: number, m = 0): number => Date.UTC(2024, 0, d, h, m) - 330 * 60_000;

describe('access-token expiry', () => {
  it('is the next 06:00 IST for Kite and 03:30 IST for Upstox, whenever the token was issued', () => {
    expect(accessTokenExpiry('zerodha', ist(15, 8, 45))).toBe(ist(16, 6));
    expect(accessTokenExpiry('zerodha', ist(16, 5, 59))).toBe(ist(16, 6));
    expect(accessTokenExpiry('zerodha', ist(16, 6))).toBe(ist(17, 6));
    expect(accessTokenExpiry('upstox', ist(15, 23, 50))).toBe(ist(16, 3, 30));
    expect(accessTokenExpiry('upstox', ist(16, 2))).toBe(ist(16, 3, 30));
    expect(formatIst(ist(16, 3, 30))).toBe('2024-01-16 03:30 IST');
  });
});

describe('stored sessions', () => {
  const storage = useStorage('broker_sessions');
  const redis = useRedis();
  let kite: KiteFake;
  let up: UpstoxFake;
  beforeAll(async () => {
    kite = await KiteFake.start();
    up = await UpstoxFake.start();
  });
  afterAll(async () => {
    await kite.stop();
    await up.stop();
  });

  it('says plainly what is missing, then serves the day’s token until it expires', async () => {
    const credentials = storage().storage.brokerCredentials;
    const now = Date.now();
    const clock = new ManualScheduler(now);
    const source = new StoredSessionSource({ broker: 'zerodha', userId: 'u1', credentials, keyspace: redis().ks, clock });
    const nothing = await source.current();
    expect(nothing.ok || nothing.error).toMatchObject({
      code: 'BROKER_TOKEN_MISSING',
      message: 'zerodha: no credentials stored for user u1 — add the API key and secret, then log in',
    });
    await credentials.put('u1', 'zerodha', { api_key: kite.apiKey, api_secret: kite.apiSecret });
    const noToken = await source.current();
    expect(noToken.ok || noToken.error.message).toBe('zerodha: not logged in today (no access token for user u1) — log in to zerodha to trade live');

    const login = unwrap(await completeLogin({ credentials, keyspace: redis().ks, clock }, 'zerodha', 'u1', kite.issueRequestToken(), { kiteRoot: kite.restUrl }));
    expect(login).toMatchObject({ broker: 'zerodha', brokerUserId: 'AB1234', expiresAt: accessTokenExpiry('zerodha', now) });
    expect(login.message).toBe(`logged in to zerodha as AB1234; the token lasts until ${formatIst(login.expiresAt)}`);
    const session = unwrap(await source.current());
    expect(session).toMatchObject({ apiKey: kite.apiKey, expiresAt: login.expiresAt });
    expect(await redis().redis.get(redisKeys.accessToken('zerodha', 'u1'))).toBe(session.accessToken);
    expect(await redis().redis.pexpiretime(redisKeys.accessToken('zerodha', 'u1'))).toBe(login.expiresAt);
    expect(JSON.stringify(await credentials.describe('u1', 'zerodha'))).not.toContain(session.accessToken);

    clock.set(login.expiresAt);
    const stale = await source.current();
    expect(stale.ok || stale.error).toMatchObject({ code: 'BROKER_TOKEN_STALE', message: `zerodha: the access token expired at ${formatIst(login.expiresAt)} — log in to zerodha again to trade live` });
  });

  it('when the broker rejects the token, marks it dead for every process and clears the mirror', async () => {
    const credentials = storage().storage.brokerCredentials;
    await credentials.put('u2', 'upstox', { api_key: up.clientId, api_secret: up.clientSecret });
    const stored = unwrap(await storeAccessToken({ credentials, keyspace: redis().ks }, 'upstox', 'u2', up.issueAccessToken(), Date.now()));
    expect(stored.expiresAt).toBe(accessTokenExpiry('upstox', Date.now()));
    const one = new StoredSessionSource({ broker: 'upstox', userId: 'u2', credentials, keyspace: redis().ks });
    const two = new StoredSessionSource({ broker: 'upstox', userId: 'u2', credentials, keyspace: redis().ks, cacheMs: 0 });
    expect((await one.current()).ok).toBe(true);
    await one.invalidate('upstox: the broker rejected the access token (Invalid token used to access API)');
    expect((await one.current()).ok ? 'ok' : 'refused').toBe('refused');
    const other = await two.current();
    expect(other.ok || other.error.code).toBe('BROKER_TOKEN_STALE');
    expect(await redis().redis.exists(redisKeys.accessToken('upstox', 'u2'))).toBe(0);
  });

  it('completes an Upstox login with the registered redirect URI, and refuses without it', async () => {
    const credentials = storage().storage.brokerCredentials;
    await credentials.put('u3', 'upstox', { api_key: up.clientId, api_secret: up.clientSecret });
    const missing = await completeLogin({ credentials }, 'upstox', 'u3', up.issueCode(), { upstoxBasePath: up.url });
    expect(missing.ok || missing.error.message).toBe('upstox: the login needs the redirect URI registered for the app (ALGO_UPSTOX_REDIRECT_URI)');
    const done = unwrap(await completeLogin({ credentials }, 'upstox', 'u3', up.issueCode(), { upstoxBasePath: up.url, upstoxRedirectUri: up.redirectUri }));
    expect(done.brokerUserId).toBe('UP1234');
    expect((await new StoredSessionSource({ broker: 'upstox', userId: 'u3', credentials }).current()).ok).toBe(true);
    const nobody = await completeLogin({ credentials }, 'zerodha', 'nobody', 'x');
    expect(nobody.ok || nobody.error.message).toBe('zerodha: no API key and secret stored for user nobody — add them before logging in');
  });
});
