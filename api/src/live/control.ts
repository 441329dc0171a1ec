import { ENGINE_HEARTBEAT_STALE_MS, type Keyspace, type Storage, type StrategyDoc } from '@algo/runtime';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { ApiError } from '../errors.js';
import type { ApiWarning, StrategyStateSchema } from '../schemas/strategies.js';
import type { StrategyService } from '../strategies/service.js';
import { graphView } from '../strategies/view.js';

type State = z.input<typeof StrategyStateSchema>;

/**
 * Live control — the API's half of the contract with the live engine (docs/ARCHITECTURE.md,
 * "API ↔ live engine"). Start and stop record what is wanted in MongoDB (the system of
 * record: `strategies.status`, `mode`, `is_active`), write the config through to
 * `strategy:{id}`, set the status hash and the symbol fan-out sets, and append a command to
 * `stream:control` for the engine. The engine reports back through
 * `state:{asset}:{id}:status`, positions and `stats:daily:{id}`, which `state()` reads.
 */
export class LiveControl {
  constructor(
    private readonly storage: Storage,
    private readonly keyspace: Keyspace,
    private readonly strategies: StrategyService,
    private readonly log: Logger,
  ) {}

  /** Starts (or confirms running) a strategy in `mode`. Refusals: kill switch engaged, live without broker credentials, running in the other mode. */
  async start(userId: string, id: string, mode: 'paper' | 'live', options: Record<string, unknown> = {}): Promise<State> {
    const s = await this.strategies.get(userId, id);
    const halted = await this.keyspace.system.killSwitchFor(userId);
    if (halted) {
      throw new ApiError('KILL_SWITCH_ENGAGED', `trading is halted by the ${halted.scope} kill switch (${halted.reason}); nothing new starts until it is released`);
    }
    if (s.status === 'running' && s.mode !== mode) {
      throw new ApiError('STRATEGY_RUNNING', `"${s.set_name}" is running in ${s.mode} mode: stop it before starting it in ${mode} mode`);
    }
    if (mode === 'live') {
      const creds = await this.storage.brokerCredentials.list(userId);
      if (creds.length === 0) {
        throw new ApiError('BROKER_CREDENTIALS_MISSING', 'live mode needs your broker credentials, and none are stored: PUT /broker/credentials first (or start in paper mode)');
      }
    }
    const warnings: ApiWarning[] = [];
    if (s.status !== 'running') {
      const next = await this.storage.strategies.setState(id, { status: 'running', mode, is_active: true });
      if (!next) throw new ApiError('NOT_FOUND', `no strategy with id ${JSON.stringify(id)}`);
      warnings.push(...(await this.strategies.writeThrough(next)));
      const at = Date.now();
      await this.keyspace.state.setStatus(next.asset_type, id, { state: 'starting', trading: 'active', mode, message: `start requested (${mode})`, updated_at: at });
      for (const k of graphView(next.config).instruments) await this.keyspace.runtime.subscribe(k, id);
      await this.keyspace.streams.control.publish({ action: 'start', strategy_id: id, user_id: userId, version: next.version, mode, options, at });
      await this.audit(next, `start requested in ${mode} mode (version ${next.version})`, { mode, options });
    }
    warnings.push(...(await this.strategies.sameSymbolWarnings(s)));
    return this.state(userId, id, warnings);
  }

  /** Stops a strategy (idempotent): no new entries; the engine flattens and clears its live state. */
  async stop(userId: string, id: string, reason?: string): Promise<State> {
    const s = await this.strategies.get(userId, id);
    const warnings: ApiWarning[] = [];
    if (s.status === 'running') {
      const next = await this.storage.strategies.setState(id, { status: 'stopped', is_active: false });
      if (!next) throw new ApiError('NOT_FOUND', `no strategy with id ${JSON.stringify(id)}`);
      warnings.push(...(await this.strategies.writeThrough(next)));
      const at = Date.now();
      await this.keyspace.state.setStatus(next.asset_type, id, { state: 'stopping', trading: 'reducing_only', message: reason ? `stop requested: ${reason}` : 'stop requested', updated_at: at });
      for (const k of graphView(next.config).instruments) await this.keyspace.runtime.unsubscribe(k, id);
      await this.keyspace.streams.control.publish({ action: 'stop', strategy_id: id, user_id: userId, ...(reason ? { reason } : {}), at });
      await this.audit(next, `stop requested${reason ? `: ${reason}` : ''}`, {});
    }
    return this.state(userId, id, warnings);
  }

  /** What was asked (MongoDB) and what the engine reports (Redis), in one body. */
  async state(userId: string, id: string, warnings: ApiWarning[] = []): Promise<State> {
    const s = await this.strategies.get(userId, id);
    const [engine, positions, daily, halted, online] = await Promise.all([
      this.keyspace.state.getStatus(s.asset_type, id),
      this.positions(s),
      this.keyspace.signals.getStats(id),
      this.keyspace.system.killSwitchFor(userId),
      this.engineOnline(),
    ]);
    const out = [...warnings];
    if (s.status === 'running' && !online) {
      out.push({ code: 'NO_LIVE_ENGINE', message: 'no live engine is running (its heartbeat in system:state is missing or stale): the strategy trades once one starts' });
    }
    return {
      id: s._id,
      name: s.set_name,
      version: s.version,
      status: s.status,
      mode: s.mode,
      ...(engine ? { engine } : {}),
      engine_online: online,
      positions,
      daily,
      ...(halted ? { kill_switch: { scope: halted.scope, reason: halted.reason, at: new Date(halted.at).toISOString(), ...(halted.by ? { by: halted.by } : {}) } } : {}),
      warnings: out,
    };
  }

  /** True when the engine's heartbeat (`system:state.timestamp`) is fresher than 30 s. */
  async engineOnline(): Promise<boolean> {
    const st = await this.keyspace.system.getSystemState().catch(() => null);
    return st !== null && st.state !== 'stopped' && Date.now() - st.timestamp < ENGINE_HEARTBEAT_STALE_MS;
  }

  private async positions(s: StrategyDoc): Promise<Array<Record<string, unknown>>> {
    if (s.asset_type === 'options') {
      const p = await this.keyspace.state.getOptionPosition(s._id);
      return p ? [p] : [];
    }
    return Object.values(await this.keyspace.state.getStockPositions(s._id));
  }

  private async audit(s: StrategyDoc, message: string, context: Record<string, unknown>): Promise<void> {
    await this.storage.systemLogs.write([{ level: 'INFO', component: 'api', set_id: s._id, message, context }]).catch((err: unknown) => this.log.warn({ err }, 'system_logs write failed'));
  }
}
