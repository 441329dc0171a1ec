import type { Redis } from 'ioredis';
import { z } from 'zod';
import { replayWindow } from '../../feeds/replay/stored-candles.js';
import type { WriteRecipe } from '../../redis/keyspace/codec.js';
import type { LiveControl } from '../../redis/keyspace/control.js';
import { redisKeys } from '../../redis/keyspace/keys.js';
import { reportRecipes, type EngineContext } from '../context.js';

/**
 * A run: one start of one strategy, from `start` to the end of its `stop` — the unit every
 * worker keys its state by. Kept in `runtime:{id}:run` (a Hash, so each worker sets its own
 * fields without a read-modify-write) and listed in `engine:runs`. Its id is the id of the
 * `stream:control` entry that started it, so every worker that reads that command names the
 * run alike and client order ids never repeat across runs.
 *
 * States: `running`; `stopping` (a stop was asked: exits only, then the keys are cleared);
 * `finished` (a replay played its day and closed its positions — results stay readable
 * until the strategy is stopped). `halted` holds why trading stays halted (a failed
 * reconciliation) until a person stops and starts the strategy again.
 */
export const RunSchema = z.object({
  run_id: z.string().min(1),
  strategy_id: z.string().min(1),
  user_id: z.string().min(1),
  mode: z.enum(['paper', 'live']),
  version: z.coerce.number().int(),
  asset: z.enum(['options', 'stocks']),
  /** the session date being replayed (paper), else empty: the live feed */
  replay: z.string().optional(),
  /** replay speed: market time per wall time */
  speed: z.coerce.number().positive().optional(),
  state: z.enum(['running', 'stopping', 'finished']),
  started_at: z.coerce.number(),
  halted: z.string().optional(),
  /** the session day whose counters `stats:daily` holds */
  stats_day: z.coerce.number().int().optional(),
});
export type Run = z.infer<typeof RunSchema>;

/** What a start command asks, checked: `{ replay: "2024-01-15", speed: 60 }` or nothing. */
export const StartOptionsSchema = z
  .object({
    replay: z
      .string()
      .refine((d) => replayWindow(d) !== undefined, 'a session date YYYY-MM-DD')
      .optional(),
    speed: z.union([z.number(), z.string().transform(Number)]).pipe(z.number().positive('a speed above 0 (market time per wall time)')).optional(),
  })
  .loose();

/** Default replay speed: a minute bar a second. */
export const DEFAULT_REPLAY_SPEED = 60;

function fromHash(h: Record<string, string>): Run | null {
  if (!h.run_id) return null;
  const clean = Object.fromEntries(Object.entries(h).filter(([, v]) => v !== ''));
  const r = RunSchema.safeParse(clean);
  return r.success ? r.data : null;
}

export async function getRun(redis: Redis, setId: string): Promise<Run | null> {
  return fromHash(await redis.hgetall(redisKeys.run(setId)));
}

/** Every run the engine has, by strategy id. */
export async function listRuns(redis: Redis): Promise<Run[]> {
  const ids = (await redis.smembers(redisKeys.activeRuns())).sort();
  if (ids.length === 0) return [];
  const p = redis.pipeline();
  for (const id of ids) p.hgetall(redisKeys.run(id));
  const rows = (await p.exec()) ?? [];
  return rows.map(([, h]) => fromHash((h ?? {}) as Record<string, string>)).filter((r): r is Run => r !== null);
}

// Creates the run only when none exists, atomically (two workers may read the start command at once).
const CREATE = `if redis.call('hexists', KEYS[1], 'run_id') == 1 then return 0 end
redis.call('hset', KEYS[1], unpack(ARGV, 2))
redis.call('sadd', KEYS[2], ARGV[1])
return 1`;

type StartCommand = Extract<LiveControl, { action: 'start' }>;

/**
 * The run a start command asks for: the existing one (a repeated start, or a restarted
 * engine reading it again), or a new one named by the command's entry id. A start whose
 * options cannot run is refused with the reason.
 */
export async function ensureRun(redis: Redis, entryId: string, cmd: StartCommand, asset: 'options' | 'stocks'): Promise<{ run: Run; created: boolean } | { error: string }> {
  const existing = await getRun(redis, cmd.strategy_id);
  if (existing) return { run: existing, created: false };
  const opts = StartOptionsSchema.safeParse(cmd.options ?? {});
  if (!opts.success) return { error: `start options: ${opts.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
  const replay = opts.data.replay;
  if (replay && cmd.mode === 'live') return { error: `--replay plays a stored day on the paper broker; start it with --paper (asked: live)` };
  const run: Run = {
    run_id: entryId,
    strategy_id: cmd.strategy_id,
    user_id: cmd.user_id,
    mode: cmd.mode,
    version: cmd.version,
    asset,
    ...(replay ? { replay, speed: opts.data.speed ?? DEFAULT_REPLAY_SPEED } : {}),
    state: 'running',
    started_at: cmd.at,
  };
  const fields = Object.entries(run).flatMap(([k, v]) => [k, String(v)]);
  const created = (await redis.eval(CREATE, 2, redisKeys.run(cmd.strategy_id), redisKeys.activeRuns(), cmd.strategy_id, ...fields)) === 1;
  if (created) return { run, created };
  const now = await getRun(redis, cmd.strategy_id);
  return now ? { run: now, created: false } : { error: 'the run vanished while it was being created' };
}

/** Queues: set run fields (an empty string clears one). */
export function runFieldsRecipe(setId: string, fields: Partial<Record<keyof Run, string | number>>): WriteRecipe {
  const key = redisKeys.run(setId);
  const flat = Object.entries(fields).flatMap(([k, v]) => [k, String(v)]);
  return (c) => void c.hset(key, ...flat);
}

/** Queues: forget the run (its other keys are each worker's to delete). */
export function dropRunRecipe(setId: string): WriteRecipe {
  return (c) => {
    c.del(redisKeys.run(setId));
    c.srem(redisKeys.activeRuns(), setId);
  };
}

/** A short tag of a run for client order ids (7 base-36 characters), the same in every process. */
export function runTag(run: Pick<Run, 'strategy_id' | 'run_id'>): string {
  let h = 0x811c9dc5;
  const s = `${run.strategy_id}:${run.run_id}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let g = 0x9e3779b9;
  for (let i = s.length - 1; i >= 0; i--) {
    g ^= s.charCodeAt(i);
    g = Math.imul(g, 0x85ebca6b) >>> 0;
  }
  return ((h % 46_656) * 1_679_616 + (g % 1_679_616)).toString(36).padStart(7, '0').slice(-7).toUpperCase();
}

/** What the worker that created a run says about it (once: only the creator says it). */
export function startedRecipes(ctx: EngineContext, run: Run): WriteRecipe[] {
  const what = run.replay ? `replaying ${run.replay} at ${run.speed}× on the paper broker` : `trading ${run.mode === 'paper' ? 'on the paper broker' : `live with ${ctx.broker.broker}`}`;
  return reportRecipes(ctx, { strategyId: run.strategy_id, level: 'INFO', component: 'live-engine', message: `run ${run.run_id} started: ${what} (version ${run.version})` });
}
