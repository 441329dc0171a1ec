import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The plumbing the fake broker servers share: one HTTP server on a free loopback port that
 * routes REST requests (`METHOD /path/:param`) and WebSocket upgrades, parses form and JSON
 * bodies, and can hold a response open forever ("the broker accepted the order but never
 * answered") or cut the connection — and close everything on `stop()`.
 */

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  /** Form fields or JSON object, as sent. */
  readonly body: Record<string, unknown>;
  readonly raw: IncomingMessage;
}

/** What a handler answers: a JSON body with a status, raw text, or one of the two failures a network can produce. */
export type FakeReply =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; text: string; contentType: string }
  | { hang: true }
  | { drop: true };

export type Handler = (req: FakeRequest) => FakeReply | Promise<FakeReply>;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: string[];
  readonly handler: Handler;
}

export class FakeHttpServer {
  private readonly routes: Route[] = [];
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly hung = new Set<ServerResponse>();
  /** Every request seen (method, path, headers, body) — tests assert on what reached the broker. */
  readonly requests: Array<{ method: string; path: string; headers: IncomingMessage['headers']; body: Record<string, unknown> }> = [];
  private upgradeHandler: ((req: IncomingMessage, accept: () => Promise<WebSocket>, reject: (status: number) => void) => void) | undefined;

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('upgrade', (req, socket, head) => {
      const handler = this.upgradeHandler;
      const reject = (status: number): void => {
        socket.end(`HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : status === 401 ? 'Unauthorized' : 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      };
      if (!handler) return reject(404);
      handler(req, () => new Promise((resolve) => this.wss.handleUpgrade(req, socket, head, resolve)), reject);
    });
  }

  route(method: string, path: string, handler: Handler): void {
    const names: string[] = [];
    const pattern = new RegExp(`^${path.replace(/:([a-z_]+)/g, (_m, n: string) => (names.push(n), '([^/]+)'))}$`);
    this.routes.push({ method, pattern, names, handler });
  }

  onUpgrade(handler: NonNullable<FakeHttpServer['upgradeHandler']>): void {
    this.upgradeHandler = handler;
  }

  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  /** Closes sockets, held responses and the server. */
  async stop(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    for (const c of this.wss.clients) c.terminate();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    const body = parseBody(raw, req.headers['content-type']);
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, headers: req.headers, body });
    for (const r of this.routes) {
      if (r.method !== req.method) continue;
      const m = r.pattern.exec(url.pathname);
      if (!m) continue;
      const params = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
      const reply = await r.handler({ method: r.method, path: url.pathname, params, query: url.searchParams, headers: req.headers, body, raw: req });
      return this.send(res, reply);
    }
    this.send(res, { status: 404, json: { status: 'error', message: `no route ${req.method} ${url.pathname}` } });
  }

  private send(res: ServerResponse, reply: FakeReply): void {
    if ('hang' in reply) {
      this.hung.add(res);
      res.on('close', () => this.hung.delete(res));
      return;
    }
    if ('drop' in reply) {
      res.socket?.destroy();
      return;
    }
    if ('text' in reply) {
      res.writeHead(reply.status, { 'content-type': reply.contentType });
      res.end(reply.text);
      return;
    }
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.json));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string, type: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (type?.includes('application/json')) {
    try {
      const v = JSON.parse(raw) as unknown;
      return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(raw));
}
