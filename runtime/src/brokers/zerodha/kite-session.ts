import { KiteConnect } from 'kiteconnect';
import { z } from 'zod';
import { parseAnswer } from '../answer.js';
import { ok, type BrokerResult } from '../errors.js';
import { kiteFailure } from './kite-errors.js';

/**
 * Kite Connect's daily login: the user opens `kiteLoginUrl(apiKey)`, logs in, and Kite
 * redirects to the app's registered URL with `?request_token=…`; that one-time token is
 * exchanged (with the API secret, as a SHA-256 checksum — `kiteconnect` computes it) for the
 * access token, which lasts until 06:00 IST the next day.
 */
export function kiteLoginUrl(apiKey: string, loginUri = 'https://kite.zerodha.com/connect/login'): string {
  return `${loginUri}?api_key=${encodeURIComponent(apiKey)}&v=3`;
}

const SessionAnswer = z.looseObject({ access_token: z.string().min(1), user_id: z.string() });

export interface KiteLogin {
  readonly accessToken: string;
  /** Zerodha's client id of the user. */
  readonly brokerUserId: string;
}

/** Exchanges a request token for an access token (POST /session/token). */
export async function exchangeKiteRequestToken(o: { apiKey: string; apiSecret: string; requestToken: string; root?: string; timeoutMs?: number }): Promise<BrokerResult<KiteLogin>> {
  const kc = new KiteConnect({ api_key: o.apiKey, ...(o.root ? { root: o.root } : {}), timeout: o.timeoutMs ?? 7000 });
  try {
    const answer = parseAnswer('zerodha', 'the login', SessionAnswer, await kc.generateSession(o.requestToken, o.apiSecret));
    return answer.ok ? ok({ accessToken: answer.value.access_token, brokerUserId: answer.value.user_id }) : answer;
  } catch (err) {
    return kiteFailure(err, 'session').result;
  }
}
