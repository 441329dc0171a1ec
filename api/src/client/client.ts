import WebSocket from 'ws';
import { z } from 'zod';
import { ErrorBodySchema } from '../errors.js';
import { NewTokenSchema, UserSchema } from '../schemas/auth.js';
import { BacktestDetailSchema, BacktestSummarySchema, type CreateBacktestBody } from '../schemas/backtests.js';
import { LogListSchema, SaveResponseSchema, StrategyListSchema, StrategyStateSchema } from '../schemas/strategies.js';
import { ServerMessageSchema, type ServerMessage } from '../schemas/ws.js';

/** An API answer: the parsed body, or the error the server (or the network) gave. */
export type ApiResult<T> = { ok: true; status: number; value: T } | { ok: false; status: number; error: z.infer<typeof ErrorBodySchema>['error'] };

type Params = Record<string, number | boolean>;

/**
 * A typed client of the management API — what the CLI uses. Responses are parsed with the
 * same zod schemas the server answers with, so a server and client that disagree fail
 * loudly here instead of printing nonsense. Never throws for an HTTP error or an
 * unreachable server: both come back as `{ ok: false, error }` with a readable message.
 */
export class ApiClient {
  constructor(
    readonly server: string,
    private readonly token?: string,
  ) {}

  private async call<T>(schema: z.ZodType<T>, method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(new URL(path, this.server), { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      return { ok: false, status: 0, error: { code: 'UNREACHABLE', message: `cannot reach ${this.server}${cause ? ` (${cause})` : ''}: is algo serve running there?` } };
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const e = ErrorBodySchema.safeParse(json);
      return { ok: false, status: res.status, error: e.success ? e.data.error : { code: `HTTP_${res.status}`, message: `${this.server} answered ${res.status} ${res.statusText}` } };
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      return { ok: false, status: res.status, error: { code: 'BAD_RESPONSE', message: `unexpected answer from ${this.server} at ${i?.path.join('.') || 'body'}: ${i?.message} (is it an Algo server of this version?)` } };
    }
    return { ok: true, status: res.status, value: parsed.data };
  }

  /** A failed answer as one line for a person: a refused token says to log in again. */
  explain(r: { ok: false; status: number; error: { message: string } }): string {
    return r.status === 401 ? `${this.server} refused your token (expired or revoked): run algo login --server ${this.server}` : r.error.message;
  }

  register(email: string, password: string): Promise<ApiResult<{ user: z.infer<typeof UserSchema> }>> {
    return this.call(z.object({ user: UserSchema }), 'POST', '/auth/register', { email, password });
  }

  login(email: string, password: string, tokenName?: string): Promise<ApiResult<z.infer<typeof NewTokenSchema>>> {
    return this.call(NewTokenSchema, 'POST', '/auth/login', { email, password, ...(tokenName ? { token_name: tokenName } : {}) });
  }

  me(): Promise<ApiResult<{ user: z.infer<typeof UserSchema> }>> {
    return this.call(z.object({ user: UserSchema }), 'GET', '/auth/me');
  }

  push(source: string, params: Params = {}): Promise<ApiResult<z.infer<typeof SaveResponseSchema>>> {
    return this.call(SaveResponseSchema, 'POST', '/strategies/push', { source, ...(Object.keys(params).length ? { params } : {}) });
  }

  strategies(): Promise<ApiResult<z.infer<typeof StrategyListSchema>>> {
    return this.call(StrategyListSchema, 'GET', '/strategies');
  }

  /**
   * The strategy a person means by `ref`: its id, its exact name, or its name in any case;
   * several matches or none is an error that lists what there is.
   */
  async findStrategy(ref: string): Promise<ApiResult<z.infer<typeof StrategyListSchema>['strategies'][number]>> {
    const all = await this.strategies();
    if (!all.ok) return all;
    const list = all.value.strategies;
    const hit = list.find((s) => s.id === ref) ?? list.find((s) => s.name === ref);
    if (hit) return { ok: true, status: 200, value: hit };
    const loose = list.filter((s) => s.name.toLowerCase() === ref.toLowerCase());
    if (loose.length === 1) return { ok: true, status: 200, value: loose[0]! };
    const names = list.map((s) => `"${s.name}"`).join(', ');
    return { ok: false, status: 404, error: { code: 'NOT_FOUND', message: `no strategy named "${ref}" on ${this.server}${names ? ` (you have ${names})` : ' (you have none yet: algo push one)'}` } };
  }

  start(id: string, mode: 'paper' | 'live', options: Record<string, string | number | boolean> = {}): Promise<ApiResult<z.infer<typeof StrategyStateSchema>>> {
    return this.call(StrategyStateSchema, 'POST', `/strategies/${encodeURIComponent(id)}/start`, { mode, ...(Object.keys(options).length ? { options } : {}) });
  }

  stop(id: string, reason?: string): Promise<ApiResult<z.infer<typeof StrategyStateSchema>>> {
    return this.call(StrategyStateSchema, 'POST', `/strategies/${encodeURIComponent(id)}/stop`, reason ? { reason } : {});
  }

  state(id: string): Promise<ApiResult<z.infer<typeof StrategyStateSchema>>> {
    return this.call(StrategyStateSchema, 'GET', `/strategies/${encodeURIComponent(id)}/state`);
  }

  logs(id: string, limit = 100): Promise<ApiResult<z.infer<typeof LogListSchema>>> {
    return this.call(LogListSchema, 'GET', `/strategies/${encodeURIComponent(id)}/logs?limit=${limit}`);
  }

  createBacktest(body: CreateBacktestBody): Promise<ApiResult<z.infer<typeof BacktestSummarySchema>>> {
    return this.call(BacktestSummarySchema, 'POST', '/backtests', body);
  }

  backtest(id: string): Promise<ApiResult<z.infer<typeof BacktestDetailSchema>>> {
    return this.call(BacktestDetailSchema, 'GET', `/backtests/${encodeURIComponent(id)}`);
  }

  /**
   * Opens the WebSocket and subscribes to `topic`/`id`; `onMessage` gets every server
   * message (parsed). Resolves to a close function once the socket is open.
   */
  async follow(topic: 'strategy' | 'backtest', id: string, onMessage: (m: ServerMessage) => void, onClose?: () => void): Promise<() => void> {
    const url = new URL('/ws', this.server);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url, { headers: this.token ? { authorization: `Bearer ${this.token}` } : {} });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new Error(`${this.server} refused the WebSocket (${res.statusCode})`)));
      ws.once('error', (err) => reject(new Error(`cannot open the WebSocket at ${url.href}: ${err.message}`)));
    });
    ws.on('message', (data) => {
      let raw: unknown;
      try {
        raw = JSON.parse(String(data));
      } catch {
        return;
      }
      const m = ServerMessageSchema.safeParse(raw);
      if (m.success) onMessage(m.data);
    });
    ws.on('close', () => onClose?.());
    ws.send(JSON.stringify({ type: 'subscribe', topic, id }));
    return () => ws.close();
  }
}
