import { describe, expect, it } from 'vitest';
import { bearer, signUp, useApi } from '../support.js';

const fx = useApi('health');

describe('health and metrics', () => {
  it('reports MongoDB and Redis with latencies, without a token', async () => {
    const r = await fx().app.inject({ method: 'GET', url: '/health' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', mongo: { ok: true, latency_ms: expect.any(Number) }, redis: { ok: true } });
  });

  it('serves Prometheus text behind a token: requests by route pattern, latencies, strategies, backtests', async () => {
    const { app } = fx();
    const u = await signUp(app);
    await app.inject({ method: 'GET', url: '/strategies/abc', headers: bearer(u.token) });
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const r = await app.inject({ method: 'GET', url: '/metrics', headers: bearer(u.token) });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(r.body).toContain('algo_http_requests_total{method="GET",route="/strategies/:id",status="404"} 1');
    expect(r.body).toMatch(/algo_http_request_duration_seconds_count\{method="POST",route="\/auth\/register"\} 1/);
    expect(r.body).toContain('algo_strategies_running 0');
    expect(r.body).toContain('algo_backtests_in_progress{state="queued"} 0');
    expect(r.body).not.toContain('abc');
  });
});
