import { z } from 'zod';
import { parseAnswer } from '../answer.js';
import { ok, type BrokerResult } from '../errors.js';
import { sdkCall, upstoxClient, upstoxSdk, type UpstoxEndpoints } from './upstox-client.js';
import { upstoxFailure } from './upstox-errors.js';

/**
 * Upstox's daily login (OAuth 2 authorization code): the user opens `upstoxLoginUrl`, logs
 * in, and Upstox redirects to the app's registered redirect URI with `?code=…`; the code is
 * exchanged (POST /v2/login/authorization/token, with the API key and secret) for the access
 * token, which lasts until 03:30 IST the next day.
 */
export function upstoxLoginUrl(clientId: string, redirectUri: string, opts: { state?: string; basePath?: string } = {}): string {
  const u = new URL('/v2/login/authorization/dialog', opts.basePath ?? 'https://api.upstox.com');
  u.searchParams.set('response_type', 'code');
  u.searchParams.set('client_id', clientId);
  u.searchParams.set('redirect_uri', redirectUri);
  if (opts.state) u.searchParams.set('state', opts.state);
  return u.toString();
}

const TokenAnswer = z.looseObject({ access_token: z.string().min(1), user_id: z.string() });

export interface UpstoxLogin {
  readonly accessToken: string;
  readonly brokerUserId: string;
}

/** Exchanges an authorization code for an access token. */
export async function exchangeUpstoxCode(o: UpstoxEndpoints & { clientId: string; clientSecret: string; redirectUri: string; code: string }): Promise<BrokerResult<UpstoxLogin>> {
  const c = upstoxClient(o);
  const r = await sdkCall((cb) => new upstoxSdk.LoginApi(c).token('2.0', { code: o.code, clientId: o.clientId, clientSecret: o.clientSecret, redirectUri: o.redirectUri, grantType: 'authorization_code' }, cb));
  if (!r.ok) return upstoxFailure(r.error, 'session').result;
  const a = parseAnswer('upstox', 'the login', TokenAnswer, r.body);
  return a.ok ? ok({ accessToken: a.value.access_token, brokerUserId: a.value.user_id }) : a;
}
