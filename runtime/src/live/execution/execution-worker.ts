import { costModelFor } from '../../backtest/costs.js';
import type { WriteRecipe } from '../../redis/keyspace/codec.js';
import type { LiveControl } from '../../redis/keyspace/control.js';
import { redisKeys } from '../../redis/keyspace/keys.js';
import type { StreamEntry } from '../../redis/keyspace/streams.js';
import { commit, reportRecipes, type EngineContext } from '../context.js';
import { BarGrid } from '../market/buckets.js';
import { RoleWorker } from '../role-worker.js';
import { ensureRun, getRun, listRuns, runFieldsRecipe, runTag, startedRecipes, type Run } from '../runs/run-record.js';
import { loadStrategy } from '../runs/strategy-loader.js';
import { statusFieldsRecipe } from '../state/recipes.js';
import { inflightRecipe } from '../streams/channels.js';
import type { IntentMessage, TickEvent } from '../streams/messages.js';
import { Account } from './account.js';
import { Brokers } from './brokers.js';
import { Effects } from './effects.js';
import { OrderBook } from './order-book.js';
import { OrderRouter } from './order-router.js';
import { reconcile } from './reconcile.js';

/**
 * The execution worker (seed 003): for each run, its broker and order book. It feeds the
 * paper brokers every tick of their market (`stream:ticks`), turns the strategy core's
 * intents (`stream:signals`) into orders through `OrderRouter`, and reports fills and
 * refusals on `stream:orders`. When it first takes up a run — at its start, or after a
 * restart — it reconciles the run with the broker and MongoDB, and keeps the run halted
 * (exits only) when something cannot be explained. It owns the `trading` field of the
 * status: `halted` (kill switch, or reconciliation failed), `reducing_only` (stopping, or a
 * replay that ended), `active`.
 *
 * One process at a time runs it (a lease). Its state is the order book and the paper
 * brokers, saved in Redis with every acknowledged entry.
 */
export class ExecutionWorker extends RoleWorker {
  private readonly accounts = new Map<string, Account>();
  private readonly broken = new Map<string, string>();
  private readonly router: OrderRouter;
  private readonly brokers: Brokers;
  /** instrument → strategies trading it, for live ticks (refreshed every second) */
  private readonly fanout = new Map<string, { ids: string[]; at: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(ctx: EngineContext) {
    super(ctx, 'execution');
    this.router = new OrderRouter(ctx);
    this.brokers = new Brokers(ctx);
    this.consume('ticks', (e) => this.onTicks(e), { batched: true });
    // Signals of different strategies are handled concurrently (each strategy's in order);
    // ticks and control commands, which span strategies, alone.
    this.consume('signals', (e) => this.onSignal(e), { keyOf: (e) => e.payload.set_id });
    this.consume('control', (e) => this.onControl(e));
  }

  override async start(): Promise<void> {
    await super.start();
    this.timer = setInterval(() => {
      if (this.active) void this.serial.run(undefined, () => this.housekeeping()).catch((err: unknown) => this.ctx.log.warn({ err: (err as Error).message }, 'execution housekeeping failed'));
    }, 1_000);
    this.timer.unref();
  }

  protected override async onStop(): Promise<void> {
    clearInterval(this.timer);
    for (const a of this.accounts.values()) a.close();
    this.accounts.clear();
    await this.brokers.close();
  }

  /**
   * Start-up reconciliation: on taking the role, every run is loaded again — its order book
   * and paper broker from Redis — and reconciled with the broker and MongoDB before any
   * new work is done.
   */
  protected async onTakeOver(why: 'lease' | 'stale'): Promise<void> {
    for (const a of this.accounts.values()) a.close();
    this.accounts.clear();
    this.broken.clear();
    if (why !== 'lease') return;
    for (const run of await listRuns(this.ctx.redis)) await this.accountOf(run.strategy_id, run);
  }

  /** The run's account, loaded (and reconciled) on first use. */
  private async accountOf(strategyId: string, known?: Run | null): Promise<Account | undefined> {
    const run = known === undefined ? await getRun(this.ctx.redis, strategyId) : known;
    const cached = this.accounts.get(strategyId);
    if (!run) {
      if (cached) this.drop(cached);
      return undefined;
    }
    if (cached && cached.run.run_id === run.run_id) return cached;
    if (cached) this.drop(cached);
    if (this.broken.get(strategyId) === run.run_id) return undefined;
    const loaded = await loadStrategy(this.ctx.keyspace, this.ctx.storage, strategyId);
    const broker = 'error' in loaded ? loaded : await this.brokers.forRun(run, loaded.value);
    if ('error' in loaded || 'error' in broker) {
      this.broken.set(strategyId, run.run_id);
      const why = 'error' in loaded ? loaded.error : (broker as { error: string }).error;
      await commit(this.ctx.redis, reportRecipes(this.ctx, { strategyId, asset: run.asset, level: 'ERROR', component: 'ExecutionWorker', message: `cannot trade: ${why}` }));
      return undefined;
    }
    const s = loaded.value;
    const book = await OrderBook.load(this.ctx.redis, strategyId, run.run_id);
    const acc = new Account(run, s, broker.broker, broker.paper, book, costModelFor(s.graph.settings.costs.commission), runTag(run), new BarGrid(s.program.clock, s.program.timeframes[0]!.ms));
    this.accounts.set(strategyId, acc);
    const own = new Effects(this.ctx, acc);
    const rec = await reconcile(acc, own, this.router, this.ctx.storage, (c) => this.othersHeld(acc, c), this.ctx.config.mongoTimeoutMs);
    acc.reconciled = true;
    const out = [...own.finish()];
    for (const n of rec.notes) this.ctx.log.info({ strategy_id: strategyId }, `reconciliation: ${n}`);
    if (rec.problems.length) {
      const reason = `reconciliation found ${rec.problems.length} unexplained difference(s) with the broker`;
      acc.run.halted = reason;
      out.push(runFieldsRecipe(strategyId, { halted: reason }));
      out.push(...reportRecipes(this.ctx, { strategyId, asset: run.asset, level: 'ERROR', component: 'ExecutionWorker', message: `${reason} — trading halted (exits only) until a person acts (stop the strategy, put the broker right, start it again): ${rec.problems.join('; ')}`, context: { problems: rec.problems } }));
    } else {
      const quiet = rec.notes.length === 0;
      out.push(...reportRecipes(this.ctx, { strategyId, level: 'INFO', component: 'ExecutionWorker', message: `reconciled with ${acc.broker.name}: ${quiet ? 'orders and positions match' : rec.notes.join('; ')}`, context: { positions: Object.fromEntries(acc.book.positions()) } }));
    }
    out.push(...this.tradingRecipes(acc, await this.ctx.keyspace.system.killSwitchFor(run.user_id)));
    await commit(this.ctx.redis, out);
    return acc;
  }

  /** Units of a contract the user's other runs hold (a real broker's account is the user's, shared). */
  private othersHeld(acc: Account, contract: string): number {
    let n = 0;
    for (const a of this.accounts.values()) if (a !== acc && a.run.user_id === acc.run.user_id && !a.paper) n += a.book.position(contract);
    return n;
  }

  /** Forgets a run whose run is over; its keys go when the run's record is gone. */
  private drop(acc: Account): void {
    acc.close();
    this.accounts.delete(acc.run.strategy_id);
  }

  private async onTicks(entry: StreamEntry<TickEvent>): Promise<WriteRecipe[]> {
    const ev = entry.payload;
    const replayId = ev.market.startsWith('replay:') ? ev.market.slice(7) : undefined;
    const out: WriteRecipe[] = replayId !== undefined ? [inflightRecipe(replayId, -1)] : [];
    this.ctx.metrics.tickBatches++;
    const ids = replayId !== undefined ? [replayId] : await this.strategiesOn(ev.ticks.map((t) => t.instrument));
    const now = Date.now();
    for (const id of ids) {
      const acc = this.accounts.get(id) ?? (await this.accountOf(id));
      if (!acc || acc.market !== ev.market) continue;
      acc.onTicks(ev.ticks);
      // A replay saves its paper broker with every instant (a restart must see the ticks an
      // on_close order fills from); the live feed's only when orders changed, or every 5 s.
      const save = acc.run.replay !== undefined || now - acc.lastPaperSave > 5_000;
      if (acc.updates.length === 0 && !acc.ordersChanged && !save) continue;
      const fx = new Effects(this.ctx, acc);
      await this.router.settle(acc, fx);
      out.push(...fx.finish(save));
    }
    return out;
  }

  private async strategiesOn(instruments: readonly string[]): Promise<string[]> {
    const ids = new Set<string>();
    const now = Date.now();
    for (const k of new Set(instruments)) {
      let f = this.fanout.get(k);
      if (!f || now - f.at > 1_000) this.fanout.set(k, (f = { ids: await this.ctx.keyspace.runtime.strategiesFor(k), at: now }));
      for (const id of f.ids) ids.add(id);
    }
    return [...ids];
  }

  private async onSignal(entry: StreamEntry<IntentMessage>): Promise<WriteRecipe[]> {
    const m = entry.payload;
    const out: WriteRecipe[] = m.lockstep ? [inflightRecipe(m.set_id, -1)] : [];
    const cached = this.accounts.get(m.set_id);
    const acc = cached?.run.run_id === m.run_id ? cached : await this.accountOf(m.set_id);
    if (!acc || acc.run.run_id !== m.run_id) return out;
    const fx = new Effects(this.ctx, acc);
    await this.router.handle(acc, m, fx);
    out.push(...this.tradingRecipes(acc, undefined), ...fx.finish());
    return out;
  }

  private async onControl(entry: StreamEntry<LiveControl>): Promise<WriteRecipe[]> {
    const cmd = entry.payload;
    if (cmd.action === 'kill_switch') {
      const out: WriteRecipe[] = [];
      for (const acc of this.accounts.values()) if (cmd.scope === 'global' || cmd.user_id === acc.run.user_id) out.push(...this.tradingRecipes(acc, await this.ctx.keyspace.system.killSwitchFor(acc.run.user_id)));
      return out;
    }
    const id = cmd.strategy_id;
    if (cmd.action === 'start') {
      const config = await this.ctx.keyspace.runtime.getConfig(id);
      if (!config || config.status !== 'running') return [];
      const made = await ensureRun(this.ctx.redis, entry.id, cmd, config.asset_type === 'options' ? 'options' : 'stocks');
      if ('error' in made) return [];
      await this.accountOf(id, made.run);
      return made.created ? startedRecipes(this.ctx, made.run) : [];
    }
    const acc = this.accounts.get(id);
    if (cmd.action === 'stop' && acc) {
      acc.run.state = 'stopping';
      return this.tradingRecipes(acc, undefined);
    }
    if (cmd.action === 'reload' && acc) this.drop(acc);
    return [];
  }

  /**
   * The status's `trading` field, when it changed: halted (a kill switch, or a failed
   * reconciliation), reducing only (stopping, or a replay that ended), or active.
   * `killSwitch` is the switch as just read (undefined: as last read).
   */
  private tradingRecipes(acc: Account, killSwitch: Awaited<ReturnType<EngineContext['keyspace']['system']['killSwitchFor']>> | undefined): WriteRecipe[] {
    if (killSwitch !== undefined) acc.killSwitch = killSwitch ? `the ${killSwitch.scope} kill switch is engaged: ${killSwitch.reason}` : undefined;
    const halt = acc.killSwitch ?? acc.run.halted;
    const trading = halt ? 'halted' : acc.run.state !== 'running' ? 'reducing_only' : 'active';
    if (trading === acc.tradingShown) return [];
    acc.tradingShown = trading;
    return [statusFieldsRecipe(acc.run.asset, acc.run.strategy_id, { trading, ...(halt ? { message: `halted: ${halt}` } : {}) })];
  }

  /**
   * Every second: apply what real brokers reported meanwhile, resolve orders whose outcome is
   * still unknown, save paper brokers on the live feed, notice kill switches, and let go of
   * runs that ended (deleting execution's keys of them).
   */
  private async housekeeping(): Promise<void> {
    if (this.accounts.size === 0) return;
    const runs = new Map((await listRuns(this.ctx.redis)).map((r) => [r.strategy_id, r]));
    const switches = new Map<string, Awaited<ReturnType<EngineContext['keyspace']['system']['killSwitchFor']>>>();
    for (const user of new Set([...this.accounts.values()].map((a) => a.run.user_id))) switches.set(user, await this.ctx.keyspace.system.killSwitchFor(user));
    for (const acc of [...this.accounts.values()]) {
      const run = runs.get(acc.run.strategy_id) ?? null;
      if (!run || run.run_id !== acc.run.run_id) {
        this.drop(acc);
        if (!run) await this.ctx.redis.del(redisKeys.orderBook(acc.run.strategy_id), redisKeys.paperAccount(acc.run.strategy_id));
        continue;
      }
      acc.run.state = run.state;
      const fx = new Effects(this.ctx, acc);
      for (const o of acc.book.all()) {
        if (o.status !== 'unknown') continue;
        const found = await this.router.lookUp(acc, o.cid);
        if (found && found !== 'unreachable') acc.updates.push(found);
      }
      await this.router.settle(acc, fx);
      const paperDue = !acc.run.replay && acc.paper !== undefined && Date.now() - acc.lastPaperSave > 5_000;
      const recipes = [...fx.finish(paperDue), ...this.tradingRecipes(acc, switches.get(acc.run.user_id) ?? null)];
      if (recipes.length) await commit(this.ctx.redis, recipes);
    }
  }
}
