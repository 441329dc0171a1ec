import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { ZodApp } from '../server/zod-app.js';
import { API_VERSION } from '../version.js';

const Check = z.object({ ok: z.boolean(), latency_ms: z.number(), error: z.string().optional() });
const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  uptime_s: z.number(),
  mongo: Check,
  redis: Check,
});

async function timed(fn: () => Promise<unknown>, timeoutMs = 2_000): Promise<z.infer<typeof Check>> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([fn(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs)))]);
    return { ok: true, latency_ms: Math.round((performance.now() - start) * 100) / 100 };
  } catch (err) {
    return { ok: false, latency_ms: Math.round(performance.now() - start), error: err instanceof Error ? err.message.split('\n')[0]! : 'failed' };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /health` (public): pings MongoDB and Redis; 200 when both answer, 503 (`degraded`)
 * when either does not — what a load balancer or an orchestrator's probe wants.
 */
export function registerHealthRoutes(app: ZodApp, ctx: AppContext): void {
  const started = Date.now();
  app.get(
    '/health',
    { schema: { tags: ['system'], summary: 'Liveness and readiness: MongoDB and Redis answer', response: { 200: HealthSchema, 503: HealthSchema } } },
    async (_req, reply) => {
      const [mongo, redis] = await Promise.all([timed(() => ctx.storage.db.command({ ping: 1 })), timed(() => ctx.redis.ping())]);
      const ok = mongo.ok && redis.ok;
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', version: API_VERSION, uptime_s: Math.round((Date.now() - started) / 1000), mongo, redis });
    },
  );
}
