import { createRequire } from 'node:module';

/**
 * The slice of `upstox-js-sdk` Algo uses, typed (the SDK ships JavaScript only), and one
 * promise-returning way to call it. Each adapter gets an `ApiClient` of its own with its own
 * base paths (`basePath` for REST, `orderBasePath` for place/modify/cancel — Upstox's HFT
 * host in production, anything in tests) and timeout.
 *
 * Answers are taken from the raw HTTP body, not the SDK's model objects: the models drop
 * fields the engine needs (an order history entry's pending quantity) and rename others.
 */

type Callback = (error: SdkError | null, data: unknown, response: SdkResponse | undefined) => void;

export interface SdkResponse {
  readonly status: number;
  readonly body: unknown;
}

/** What superagent rejects with: an HTTP error (`status`, `response.body`) or a network one (`code`, `timeout`). */
export interface SdkError {
  readonly status?: number;
  readonly code?: string;
  readonly timeout?: number;
  readonly message?: string;
  readonly response?: SdkResponse;
}

export interface UpstoxApiClient {
  basePath: string;
  orderBasePath: string;
  timeout: number;
  authentications: { OAUTH2: { type: 'oauth2'; accessToken?: string } };
}

interface Sdk {
  ApiClient: new (sandbox?: boolean) => UpstoxApiClient;
  OrderApi: new (c: UpstoxApiClient) => {
    getOrderBook(v: string, cb: Callback): void;
    getOrderStatus(opts: { orderId: string }, cb: Callback): void;
    getOrderDetails(v: string, opts: { orderId?: string; tag?: string }, cb: Callback): void;
  };
  OrderApiV3: new (c: UpstoxApiClient) => {
    placeOrder(body: Record<string, unknown>, opts: Record<string, unknown>, cb: Callback, algoName?: string): void;
    modifyOrder(body: Record<string, unknown>, cb: Callback, algoName?: string): void;
    cancelOrder(orderId: string, cb: Callback, algoName?: string): void;
  };
  PortfolioApi: new (c: UpstoxApiClient) => {
    getPositions(v: string, cb: Callback): void;
    getHoldings(v: string, cb: Callback): void;
  };
  LoginApi: new (c: UpstoxApiClient) => {
    token(v: string, opts: { code: string; clientId: string; clientSecret: string; redirectUri: string; grantType: string }, cb: Callback): void;
  };
  WebsocketApi: new (c: UpstoxApiClient) => {
    getMarketDataFeedAuthorizeV3(cb: Callback): void;
    getPortfolioStreamFeedAuthorize(v: string, cb: Callback): void;
  };
}

const require = createRequire(import.meta.url);
/** The SDK itself. */
export const upstoxSdk = require('upstox-js-sdk') as Sdk;

/** Where Upstox lives (production defaults) — reassign for a fake server or the sandbox. */
export interface UpstoxEndpoints {
  /** REST base (default https://api.upstox.com). */
  readonly basePath?: string;
  /** Order placement base (default https://api-hft.upstox.com). */
  readonly orderBasePath?: string;
  /** Request timeout, ms (default 10 s). */
  readonly timeoutMs?: number;
}

/**
 * A fresh SDK client for these endpoints. (The SDK's constructor also makes itself
 * `ApiClient.instance`; Algo never uses that global, always passing its own client.)
 */
export function upstoxClient(e: UpstoxEndpoints, accessToken?: string): UpstoxApiClient {
  const c = new upstoxSdk.ApiClient();
  if (e.basePath) c.basePath = e.basePath.replace(/\/+$/, '');
  if (e.orderBasePath ?? e.basePath) c.orderBasePath = (e.orderBasePath ?? e.basePath)!.replace(/\/+$/, '');
  c.timeout = e.timeoutMs ?? 10_000;
  if (accessToken) c.authentications.OAUTH2.accessToken = accessToken;
  return c;
}

export type SdkOutcome = { ok: true; status: number; body: unknown } | { ok: false; error: SdkError };

/** Runs one SDK call and settles with the raw answer or the raw failure (never rejects). */
export function sdkCall(invoke: (cb: Callback) => void): Promise<SdkOutcome> {
  return new Promise((resolve) => {
    try {
      invoke((error, _data, response) => {
        if (error) resolve({ ok: false, error });
        else resolve({ ok: true, status: response?.status ?? 200, body: response?.body });
      });
    } catch (err) {
      resolve({ ok: false, error: { message: (err as Error).message } });
    }
  });
}
