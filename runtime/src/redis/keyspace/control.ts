import { z } from 'zod';

/**
 * The contract between the management API and the live engine, as data:
 *
 * - `ActiveStrategyConfigSchema`: what the API writes through to `strategy:{id}` (seed 001's
 *   static config of a strategy, seed 003's write-through cache) every time it changes the
 *   strategy in MongoDB — at create, push, start and stop. The engine loads the rule graph
 *   from here, never from the API.
 * - `LiveControlSchema`: the commands the API appends to `stream:control` (a Redis Stream,
 *   so a command sent while the engine is down is read when it comes back). The engine
 *   reads them with a consumer group and acknowledges each once it has acted.
 *
 * MongoDB stays the system of record (`strategies.status`, `mode`, `is_active`;
 * `system_config.kill_switch`; `users.kill_switch`): an engine that starts reads
 * `strategies.listActive()` and the kill switches, then follows the stream.
 */

const Id = z.string().min(1).max(128);
const EpochMs = z.number().int();
const Mode = z.enum(['paper', 'live']);

/** The active config of a strategy at `strategy:{id}`. */
export const ActiveStrategyConfigSchema = z
  .object({
    strategy_id: Id,
    user_id: Id,
    set_name: z.string(),
    /** the version of the code in `config` (a `strategy_versions` entry) */
    version: z.number().int().min(1),
    asset_type: z.enum(['options', 'stocks']),
    /** what the API last asked for: `running` (started), `stopped`, or `created` (never started) */
    status: z.enum(['created', 'running', 'stopped']),
    mode: Mode,
    is_active: z.boolean(),
    /** the instruments the strategy trades or watches (symbols, or the options underlying) */
    instruments: z.array(z.string()),
    /** the rule graph (`algo.rulegraph/v1`); validate with the compiler's `RuleGraphSchema` */
    config: z.record(z.string(), z.unknown()),
    indicators_config: z.record(z.string(), z.unknown()),
    params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
    source_hash: z.string().optional(),
    updated_at: EpochMs,
  })
  .catchall(z.unknown());
export type ActiveStrategyConfig = z.infer<typeof ActiveStrategyConfigSchema>;

/** Start trading `strategy_id` at `version` in `mode`; `options` carries engine options (`replay`, `speed`, …) as the user gave them. */
export const StartCommandSchema = z.object({
  action: z.literal('start'),
  strategy_id: Id,
  user_id: Id,
  version: z.number().int().min(1),
  mode: Mode,
  options: z.record(z.string(), z.unknown()).default({}),
  at: EpochMs,
});

/** Stop: no new entries; flatten open positions; clear the strategy's live state (`StrategyStateKeys.clear`). */
export const StopCommandSchema = z.object({
  action: z.literal('stop'),
  strategy_id: Id,
  user_id: Id,
  reason: z.string().max(500).optional(),
  at: EpochMs,
});

/** A running strategy got new code: reload `strategy:{id}` (positions stay). */
export const ReloadCommandSchema = z.object({
  action: z.literal('reload'),
  strategy_id: Id,
  user_id: Id,
  version: z.number().int().min(1),
  at: EpochMs,
});

/** A kill switch changed (the keys in `system.ts` hold the current value; this wakes the engine). */
export const KillSwitchCommandSchema = z.object({
  action: z.literal('kill_switch'),
  scope: z.enum(['global', 'user']),
  /** set when `scope` is `user` */
  user_id: Id.optional(),
  engaged: z.boolean(),
  reason: z.string().max(500).optional(),
  at: EpochMs,
});

export const LiveControlSchema = z.discriminatedUnion('action', [StartCommandSchema, StopCommandSchema, ReloadCommandSchema, KillSwitchCommandSchema]);
export type LiveControl = z.infer<typeof LiveControlSchema>;

/**
 * How fresh `system:state.timestamp` must be for the API to consider a live engine
 * running: the engine rewrites `system:state` at least every 10 s.
 */
export const ENGINE_HEARTBEAT_STALE_MS = 30_000;
