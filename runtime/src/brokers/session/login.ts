import type { Clock } from '../../feeds/clock.js';
import { systemClock } from '../../feeds/clock.js';
import type { Keyspace } from '../../redis/keyspace/index.js';
import type { BrokerCredentialsRepository } from '../../storage/repositories/broker-credentials.js';
import { BROKER_ERROR_CODES as E, fail, ok, type BrokerResult } from '../errors.js';
import { exchangeUpstoxCode } from '../upstox/upstox-session.js';
import { exchangeKiteRequestToken } from '../zerodha/kite-session.js';
import { storeAccessToken } from './session-source.js';
import { formatIst, type TokenBroker } from './token-expiry.js';

/** Where the brokers' login endpoints are (production by default; a fake server in tests and demos). */
export interface LoginEndpoints {
  /** Kite Connect REST root. */
  readonly kiteRoot?: string;
  /** Upstox REST base. */
  readonly upstoxBasePath?: string;
  /** Upstox: the redirect URI registered for the app (the code is bound to it). */
  readonly upstoxRedirectUri?: string;
}

export interface CompletedLogin {
  readonly broker: TokenBroker;
  readonly brokerUserId: string;
  readonly expiresAt: number;
  /** For the person: "logged in to zerodha as AB1234; the token lasts until 2024-01-16 06:00 IST". */
  readonly message: string;
}

/**
 * The daily login's last step, whoever drives it (the CLI, the API's redirect handler):
 * the stored API key and secret are read (decrypted) from `broker_credentials`, the one-time
 * code the broker's redirect carried (Kite `request_token`, Upstox `code`) is exchanged for
 * the day's access token, and the token is stored encrypted with its expiry (and mirrored
 * at `system:access_token:{broker}:{user}`). Nothing secret is returned or logged.
 */
export async function completeLogin(
  deps: { credentials: BrokerCredentialsRepository; keyspace?: Keyspace; clock?: Clock },
  broker: TokenBroker,
  userId: string,
  code: string,
  endpoints: LoginEndpoints = {},
): Promise<BrokerResult<CompletedLogin>> {
  const secrets = await deps.credentials.reveal(userId, broker);
  if (!secrets) return fail(E.tokenMissing, `${broker}: no API key and secret stored for user ${userId} — add them before logging in`);
  let login: BrokerResult<{ accessToken: string; brokerUserId: string }>;
  if (broker === 'zerodha') {
    login = await exchangeKiteRequestToken({ apiKey: secrets.api_key, apiSecret: secrets.api_secret, requestToken: code, ...(endpoints.kiteRoot ? { root: endpoints.kiteRoot } : {}) });
  } else {
    if (!endpoints.upstoxRedirectUri) return fail(E.invalidRequest, 'upstox: the login needs the redirect URI registered for the app (ALGO_UPSTOX_REDIRECT_URI)');
    login = await exchangeUpstoxCode({
      clientId: secrets.api_key,
      clientSecret: secrets.api_secret,
      redirectUri: endpoints.upstoxRedirectUri,
      code,
      ...(endpoints.upstoxBasePath ? { basePath: endpoints.upstoxBasePath } : {}),
    });
  }
  if (!login.ok) return login;
  const stored = await storeAccessToken(deps, broker, userId, login.value.accessToken, (deps.clock ?? systemClock).now());
  if (!stored.ok) return stored;
  const { expiresAt } = stored.value;
  return ok({ broker, brokerUserId: login.value.brokerUserId, expiresAt, message: `logged in to ${broker} as ${login.value.brokerUserId}; the token lasts until ${formatIst(expiresAt)}` });
}
