import { COMPILER_VERSION, compile, type RuleGraph } from '@algo/compiler';
import type { Keyspace, Storage, StrategyDoc, StrategySummaryDoc } from '@algo/runtime';
import type { Logger } from 'pino';
import { ApiError, notFound, type ApiDiagnostic } from '../errors.js';
import type { ApiWarning } from '../schemas/strategies.js';
import { toApiDiagnostic } from './diagnostics.js';
import { activeConfig, graphView, storageAssetType } from './view.js';

type Params = Record<string, number | boolean>;

/** A compiled source: the graph and the warnings that did not stop it. */
export interface Compiled {
  readonly graph: RuleGraph;
  readonly diagnostics: ApiDiagnostic[];
}

/** What create, push and update report. */
export interface SaveOutcome {
  readonly strategy: StrategyDoc;
  readonly created: boolean;
  readonly unchanged: boolean;
  readonly previousVersion?: number;
  readonly diagnostics: ApiDiagnostic[];
  readonly warnings: ApiWarning[];
}

function sameParams(a: Params | undefined, b: Record<string, unknown> | undefined): boolean {
  const ka = Object.keys(a ?? {}).sort();
  const kb = Object.keys(b ?? {}).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a![k] === b![k]);
}

/**
 * Strategies as the API manages them: source compiled on the server (a client-supplied
 * graph is never accepted), stored with its rule graph and `indicators_config`, versioned
 * (every version is kept in `strategy_versions`), and written through to Redis
 * (`strategy:{id}`) after every change in MongoDB — seed 003's write-through cache.
 */
export class StrategyService {
  constructor(
    private readonly storage: Storage,
    private readonly keyspace: Keyspace,
    private readonly log: Logger,
  ) {}

  /** Compiles `source` with `params`, or refuses with the compiler's diagnostics (422). */
  compile(source: string, params: Params = {}): Compiled {
    const r = compile(source, { params, uri: 'strategy.algo' });
    const diagnostics = r.diagnostics.map(toApiDiagnostic);
    if (!r.graph) {
      const errors = diagnostics.filter((d) => d.severity === 'error');
      const first = errors[0];
      const what = errors.length === 1 ? '1 error' : `${errors.length} errors`;
      throw new ApiError('COMPILE_ERRORS', `the strategy has ${what}; nothing was stored${first ? ` (first: ${first.line}:${first.column} ${first.code} ${first.message})` : ''}`, { diagnostics });
    }
    return { graph: r.graph, diagnostics };
  }

  /** The user's strategies by name, without source and graph (see `listSummariesByUser`). */
  async list(userId: string): Promise<StrategySummaryDoc[]> {
    return this.storage.strategies.listSummariesByUser(userId);
  }

  /** The user's strategy, or 404 (another user's strategy is indistinguishable from none). */
  async get(userId: string, id: string): Promise<StrategyDoc> {
    const s = await this.storage.strategies.getOwned(userId, id);
    if (!s) throw notFound('strategy', id);
    return s;
  }

  /** Creates a strategy from source; a name the user already has is 409. */
  async create(userId: string, source: string, params: Params = {}): Promise<SaveOutcome> {
    const { graph, diagnostics } = this.compile(source, params);
    return this.insert(userId, source, params, graph, diagnostics);
  }

  /**
   * `algo push`: the strategy named in the source becomes the new version of the user's
   * strategy of that name, or a new strategy. Pushing exactly what is stored (same source
   * hash and params) changes nothing and says so.
   */
  async push(userId: string, source: string, params: Params = {}): Promise<SaveOutcome> {
    const compiled = this.compile(source, params);
    const current = await this.storage.strategies.findByName(userId, compiled.graph.settings.name);
    if (!current) return this.insert(userId, source, params, compiled.graph, compiled.diagnostics);
    return this.newVersion(current, source, params, compiled);
  }

  /** `PUT /strategies/:id`: new code for this strategy (a changed `strategy "…"` name renames it). */
  async update(userId: string, id: string, source: string, params: Params = {}): Promise<SaveOutcome> {
    const current = await this.get(userId, id);
    const compiled = this.compile(source, params);
    const name = compiled.graph.settings.name;
    let base = current;
    if (name !== current.set_name) {
      const renamed = await this.storage.strategies.rename(id, name);
      if (!renamed.ok) throw new ApiError('NAME_TAKEN', `you already have a strategy named ${JSON.stringify(name)}`);
      base = renamed.value ?? current;
    }
    return this.newVersion(base, source, params, compiled);
  }

  /** Deletes a stopped strategy with its versions and Redis state; a running one is 409. */
  async delete(userId: string, id: string): Promise<void> {
    const s = await this.get(userId, id);
    if (s.status === 'running') throw new ApiError('STRATEGY_RUNNING', `"${s.set_name}" is running: stop it before deleting it`);
    if (!(await this.storage.strategies.delete(userId, id))) throw notFound('strategy', id);
    await this.storage.strategyVersions.deleteAll(id);
    await this.keyspace.state.clear(s.asset_type, id).catch((err: unknown) => this.log.warn({ err, strategy_id: id }, 'redis: could not clear a deleted strategy'));
  }

  /**
   * Mirrors the stored strategy to `strategy:{id}`. MongoDB already has the change; when
   * Redis cannot take it the request still succeeds, with a warning (the cache is rewritten
   * at the next change and when `algo serve` starts).
   */
  async writeThrough(s: StrategyDoc): Promise<ApiWarning[]> {
    try {
      await this.keyspace.runtime.setConfig(s._id, activeConfig(s));
      return [];
    } catch (err) {
      this.log.error({ err, strategy_id: s._id }, 'redis: write-through of the strategy config failed');
      return [{ code: 'CACHE_WRITE_FAILED', message: 'stored in MongoDB, but Redis could not be updated; the live engine sees the change once Redis is back and the strategy is saved or started again' }];
    }
  }

  /** Rewrites the config of every active strategy to Redis (at start-up: Redis may have lost it); returns how many. */
  async warmCache(): Promise<number> {
    let n = 0;
    for (const s of await this.storage.strategies.listActive()) if ((await this.writeThrough(s)).length === 0) n++;
    return n;
  }

  /** Seed 001: warn when another of the user's running strategies trades one of the same instruments. */
  async sameSymbolWarnings(s: StrategyDoc): Promise<ApiWarning[]> {
    const mine = new Set(graphView(s.config).instruments);
    const out: ApiWarning[] = [];
    for (const other of await this.storage.strategies.listSummariesByUser(s.user_id)) {
      if (other._id === s._id || other.status !== 'running') continue;
      const shared = graphView(other.config).instruments.filter((k) => mine.has(k));
      if (shared.length) out.push({ code: 'SAME_SYMBOL_RUNNING', message: `your strategy "${other.set_name}" is also running on ${shared.join(', ')}: both will trade it` });
    }
    return out;
  }

  private async insert(userId: string, source: string, params: Params, graph: RuleGraph, diagnostics: ApiDiagnostic[]): Promise<SaveOutcome> {
    const created = await this.storage.strategies.create({
      user_id: userId,
      set_name: graph.settings.name,
      asset_type: storageAssetType(graph.settings.asset),
      source,
      source_hash: graph.source_hash,
      config: graph as unknown as Record<string, unknown>,
      indicators_config: graph.indicators_config as unknown as Record<string, unknown>,
      ...(Object.keys(params).length ? { params } : {}),
    });
    if (!created.ok) throw new ApiError('NAME_TAKEN', `you already have a strategy named ${JSON.stringify(graph.settings.name)}`);
    await this.recordVersion(created.value);
    const warnings = [...(await this.writeThrough(created.value)), ...(await this.sameSymbolWarnings(created.value))];
    return { strategy: created.value, created: true, unchanged: false, diagnostics, warnings };
  }

  private async newVersion(current: StrategyDoc, source: string, params: Params, { graph, diagnostics }: Compiled): Promise<SaveOutcome> {
    if (current.source_hash === graph.source_hash && current.source === source && sameParams(params, current.params)) {
      return { strategy: current, created: false, unchanged: true, previousVersion: current.version, diagnostics, warnings: await this.sameSymbolWarnings(current) };
    }
    // The version being replaced is kept (it normally is already, from when it was saved).
    await this.recordVersion(current);
    const r = await this.storage.strategies.updateCode(current._id, current.version, {
      source,
      source_hash: graph.source_hash,
      config: graph as unknown as Record<string, unknown>,
      indicators_config: graph.indicators_config as unknown as Record<string, unknown>,
      asset_type: storageAssetType(graph.settings.asset),
      params,
    });
    if (!r.ok) throw new ApiError('VERSION_CONFLICT', `"${current.set_name}" changed while this was being saved (it is no longer version ${current.version}); push again`);
    const next = r.value;
    await this.recordVersion(next);
    const warnings = [...(await this.writeThrough(next)), ...(await this.sameSymbolWarnings(next))];
    if (next.status === 'running') {
      await this.keyspace.streams.control.publish({ action: 'reload', strategy_id: next._id, user_id: next.user_id, version: next.version, at: Date.now() });
      warnings.push({ code: 'RELOADED_WHILE_RUNNING', message: `"${next.set_name}" is running: the live engine switches to version ${next.version} (open positions stay)` });
    }
    return { strategy: next, created: false, unchanged: false, previousVersion: current.version, diagnostics, warnings };
  }

  /** Keeps `s`'s code as `strategy_versions` entry `<id>@<version>`; an entry that exists is left as it is (versions never change). */
  private async recordVersion(s: StrategyDoc): Promise<void> {
    await this.storage.strategyVersions.record({
      strategy_id: s._id,
      version: s.version,
      source: s.source,
      ...(s.source_hash ? { source_hash: s.source_hash } : {}),
      config: s.config,
      indicators_config: s.indicators_config,
      ...(s.params ? { params: s.params } : {}),
      compiler_version: String((s.config as { compiler?: { version?: unknown } }).compiler?.version ?? COMPILER_VERSION),
      created_by: s.user_id,
    });
  }
}
