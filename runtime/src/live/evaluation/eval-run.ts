import type { Redis } from 'ioredis';
import { replayWindow } from '../../feeds/replay/stored-candles.js';
import type { Candle } from '../../market/candle.js';
import { encode, type WriteRecipe } from '../../redis/keyspace/codec.js';
import { redisKeys } from '../../redis/keyspace/keys.js';
import type { Storage } from '../../storage/storage.js';
import { StrategyCore } from '../../strategy/core.js';
import type { Fill, OrderIntent } from '../../strategy/orders.js';
import type { Trade } from '../../strategy/trade.js';
import { inflightRecipe } from '../streams/channels.js';
import { marketOf, type IntentMessage, type MarketId, type OrderEventMessage } from '../streams/messages.js';
import { outboxRecipe } from '../recorder/outbox-entry.js';
import type { Run } from '../runs/run-record.js';
import type { LoadedStrategy } from '../runs/strategy-loader.js';
import { logBarRecipe, primingBars } from '../runs/warmup.js';
import { dailyStatsRecipe, feedRecipe, latestSignalRecipe, positionRecipe, resetDailyStatsRecipe, statusFieldsRecipe } from '../state/recipes.js';
import { runFieldsRecipe } from '../runs/run-record.js';
import { intentMessage, latestSignal, livePosition, round2, signalDoc, tradeLog } from './documents.js';

/** When the run's market time starts: the replayed session's open, or the start command's time. */
export function runStartOf(run: Run): number {
  return run.replay ? replayWindow(run.replay)!.from : run.started_at;
}

/**
 * One run in the evaluation worker: the strategy core (the backtester's, unchanged) fed the
 * run's closed candles and the fills execution reports, turning what it decides into
 * messages for execution and records for MongoDB. Every method returns the Redis writes
 * its work produced; the caller sends them in the MULTI that acknowledges the entry, with
 * the core's new snapshot among them — so a restart continues from exactly the last
 * acknowledged entry (`open` restores the snapshot and primes the series from the bars).
 */
export class EvalRun {
  readonly market: MarketId;
  /** per signal instrument: the last tick of its latest bar (market ms) */
  private readonly lastTick = new Map<string, number>();
  /** order id → what it trades (cancels name only the id) */
  private readonly known = new Map<string, { contract: string; side: 'long' | 'short' }>();
  /** position id → the client order id of its entry (for trade logs) */
  private readonly entryCids = new Map<string, string>();
  /** per signal instrument: the latest bar evaluated (a candle not after it was seen already) */
  private readonly lastBar = new Map<string, number>();
  private seq = 0;
  /** a finished replay's end was reported */
  settled = false;

  private constructor(
    readonly run: Run,
    readonly s: LoadedStrategy,
    private readonly core: StrategyCore,
    private readonly publishSignal: (m: IntentMessage) => WriteRecipe,
  ) {
    this.market = marketOf(run);
  }

  /** Restores the core from its snapshot (or starts one) and primes its series. */
  static async open(storage: Storage, redis: Redis, run: Run, s: LoadedStrategy, publishSignal: (m: IntentMessage) => WriteRecipe): Promise<EvalRun> {
    const saved = await redis.get(redisKeys.coreState(run.strategy_id));
    const config = { program: s.program, spec: s.spec };
    const core = saved ? StrategyCore.restore(config, JSON.parse(saved)) : new StrategyCore(config);
    const start = runStartOf(run);
    for (const key of s.instruments) for (const bar of await primingBars(storage, redis, s.program, run.strategy_id, key, start)) core.prime(key, bar);
    const r = new EvalRun(run, s, core, publishSignal);
    for (const p of core.positions()) r.known.set(p.id, { contract: p.contract, side: p.side });
    for (const [k, t] of Object.entries(core.snapshot().last_bar)) r.lastBar.set(k, t);
    return r;
  }

  get lockstep(): boolean {
    return this.run.replay !== undefined;
  }

  /** No position open and no entry waiting. */
  flat(): boolean {
    return this.core.openPositions() === 0 && this.core.snapshot().pending.length === 0;
  }

  /** Open positions and cash (for the status message at the end). */
  summary(): { positions: number; equity: number; trades: number } {
    const st = this.core.snapshot();
    return { positions: st.positions.length, equity: this.core.equity(), trades: st.stats.exits_taken };
  }

  /** When the base bar opening at `t` closes (its end, or the session close). */
  closeOf(t: number): number {
    const clock = this.s.program.clock;
    const dayClose = clock.closeOf(clock.sessionDay(t));
    const end = t + this.s.program.timeframes[0]!.ms;
    return t < dayClose && end > dayClose ? dayClose : end;
  }

  /** A closed candle of one of the run's instruments. */
  onCandle(instrument: string, candle: Candle, lastTick: number, receivedAt: number): WriteRecipe[] {
    const out: WriteRecipe[] = [];
    const id = this.run.strategy_id;
    if (candle.t <= (this.lastBar.get(instrument) ?? -Infinity)) return out;
    this.lastBar.set(instrument, candle.t);
    const day = this.s.program.clock.sessionDay(candle.t);
    if (this.run.stats_day !== day) {
      out.push(resetDailyStatsRecipe(id), runFieldsRecipe(id, { stats_day: day }));
      this.run.stats_day = day;
    }
    this.lastTick.set(instrument, lastTick);
    const intents = this.core.onBar(instrument, candle);
    out.push(logBarRecipe(id, instrument, candle));
    const close = this.closeOf(candle.t);
    const messages = intents.map((intent) => this.message(intent, candle, this.decidedAt(intent, close, lastTick), receivedAt));
    out.push(...this.publish(messages, candle, close));
    out.push(statusFieldsRecipe(this.run.asset, id, { state: this.run.state === 'running' ? 'running' : this.run.state === 'stopping' ? 'stopping' : 'stopped', last_bar: candle.t }));
    out.push(...this.marks(close));
    out.push(this.snapshotRecipe());
    return out;
  }

  /** Closes everything (the replay ended, or a stop): cancels waiting entries, exits every position at the latest price. */
  closeAll(reason: 'end' | 'stop', at: number): WriteRecipe[] {
    const intents = this.core.closeAll('end_of_data', at);
    const messages = intents.map((intent) => {
      const key = intent.type === 'exit' ? intent.instrument : undefined;
      const decided = reason === 'end' && key !== undefined ? this.lastTick.get(key) : undefined;
      return this.message(intent, undefined, decided, undefined);
    });
    return [...this.publish(messages, undefined, at), this.snapshotRecipe()];
  }

  /** An order event from execution: a fill to apply, or an order that will never fill. */
  onOrderEvent(m: OrderEventMessage): WriteRecipe[] {
    if (m.event === 'update') return [];
    const id = this.run.strategy_id;
    const out: WriteRecipe[] = [];
    if (m.event === 'refused') {
      if (!m.order_id) return [];
      const dropped = this.core.onOrderRejected(m.order_id, m.reason ?? 'refused');
      if (!dropped) return [];
      out.push(feedRecipe(id, 'log', m.at, { level: 'warn', message: `${dropped} ${m.order_id} will not fill: ${m.reason ?? 'refused'}` }));
      out.push(this.snapshotRecipe());
      return out;
    }
    const fill = m.fill as Fill | undefined;
    if (!fill) return [];
    const before = new Set(this.core.positions().map((p) => p.id));
    let r;
    try {
      r = this.core.onFill(fill);
    } catch (err) {
      // A fill the core does not know (its order was dropped already): recorded, not applied.
      out.push(feedRecipe(id, 'log', m.at, { level: 'error', message: `a fill the strategy did not expect: ${(err as Error).message}` }));
      return out;
    }
    const decided = fill.at === 'close' ? fill.time + 1 : fill.time;
    const messages = r.intents.map((intent) => this.message(intent, undefined, decided, undefined));
    out.push(...this.publish(messages, undefined, fill.time));
    for (const p of this.core.positions()) {
      if (before.has(p.id)) continue;
      this.known.set(p.id, { contract: p.contract, side: p.side });
      this.entryCids.set(p.id, m.client_order_id);
      out.push(positionRecipe(this.run.asset, id, p.contract, livePosition(p, m.client_order_id)));
      out.push(feedRecipe(id, 'position', fill.time, livePosition(p, m.client_order_id)));
    }
    if (r.trade) out.push(...this.closed(r.trade, m));
    out.push(this.snapshotRecipe());
    return out;
  }

  /** Queues: the core's state (what a restart continues from). */
  snapshotRecipe(): WriteRecipe {
    const key = redisKeys.coreState(this.run.strategy_id);
    const value = encode(this.core.snapshot());
    return (c) => void c.set(key, value);
  }

  private decidedAt(intent: OrderIntent, close: number, lastTick: number): number | undefined {
    if (intent.type === 'entry' || intent.type === 'exit') return intent.fill === 'on_close' ? lastTick : close;
    if (intent.type === 'protect') return close;
    return undefined;
  }

  private message(intent: OrderIntent, bar: Candle | undefined, decidedAt: number | undefined, receivedAt: number | undefined): IntentMessage {
    if (intent.type === 'entry' || intent.type === 'exit') this.known.set(intent.order_id, { contract: intent.contract, side: intent.type === 'entry' ? intent.position_side : intent.side === 'sell' ? 'long' : 'short' });
    return intentMessage(intent, {
      run: this.run,
      seq: ++this.seq,
      ...(bar ? { bar } : {}),
      ...(decidedAt !== undefined ? { decidedAt } : {}),
      lockstep: this.lockstep,
      ...(receivedAt !== undefined ? { receivedAt } : {}),
      fallbackInstrument: this.s.instruments[0]!,
      known: (oid) => this.known.get(oid),
    });
  }

  /** The writes that hand messages to execution, with their audit records and the seed's signal keys. */
  private publish(messages: IntentMessage[], bar: Candle | undefined, at: number): WriteRecipe[] {
    const out: WriteRecipe[] = [];
    const id = this.run.strategy_id;
    let signals = 0;
    for (const m of messages) {
      out.push(this.publishSignal(m));
      const intent = m.intent;
      if ((intent.type === 'entry' || intent.type === 'exit') && bar) {
        signals++;
        out.push(latestSignalRecipe(latestSignal(m)));
        out.push(outboxRecipe({ op: 'signal', doc: signalDoc(this.s, this.run, m, intent, bar, at) as unknown as Record<string, unknown> }));
        out.push(feedRecipe(id, 'signal', at, { signal_id: m.signal_id, kind: m.kind, side: m.side, instrument_key: intent.instrument, rule: intent.signal.rule, ...(intent.signal.label ? { label: intent.signal.label } : {}), bar_time: bar.t, price: bar.c, qty: intent.qty, ...(intent.signal.conditions ? { conditions: intent.signal.conditions } : {}) }));
      }
    }
    if (signals) out.push(dailyStatsRecipe(id, { signals }));
    if (this.lockstep && messages.length) out.push(inflightRecipe(id, messages.length));
    return out;
  }

  /** Marks at a bar close: open P&L and equity into today's counters and the feed. */
  private marks(at: number): WriteRecipe[] {
    const positions = this.core.positions();
    if (positions.length === 0) return [];
    const id = this.run.strategy_id;
    const unrealized = positions.reduce((s, p) => s + (p.side === 'long' ? 1 : -1) * (p.mark - p.entry_price) * p.qty, 0);
    const equity = this.core.equity();
    return [
      ...positions.map((p) => positionRecipe(this.run.asset, id, p.contract, livePosition(p, this.entryCids.get(p.id)))),
      dailyStatsRecipe(id, {}, { unrealized_pnl: unrealized, equity }),
      feedRecipe(id, 'pnl', at, { unrealized: round2(unrealized), equity: round2(equity), positions: positions.length }),
    ];
  }

  private closed(trade: Trade, m: OrderEventMessage): WriteRecipe[] {
    const id = this.run.strategy_id;
    const net = trade.net_pnl;
    const doc = tradeLog(this.run, trade, { entry: this.entryCids.get(trade.id) ?? m.entry_client_order_id, exit: m.client_order_id });
    this.entryCids.delete(trade.id);
    const equity = this.core.equity();
    const open = this.core.positions();
    const unrealized = open.reduce((s, p) => s + (p.side === 'long' ? 1 : -1) * (p.mark - p.entry_price) * p.qty, 0);
    return [
      outboxRecipe({ op: 'trade_log', doc: doc as unknown as Record<string, unknown> }),
      positionRecipe(this.run.asset, id, trade.contract, null),
      dailyStatsRecipe(id, { trades: 1, wins: net > 0 ? 1 : 0, losses: net > 0 ? 0 : 1, pnl: round2(net), gross_pnl: round2(trade.gross_pnl), charges: round2(trade.costs) }, { equity, unrealized_pnl: unrealized }),
      feedRecipe(id, 'position', trade.exit.time, { instrument_key: trade.contract, closed: true, side: trade.side, quantity: trade.qty, exit_price: trade.exit.price, reason: trade.exit.reason }),
      feedRecipe(id, 'pnl', trade.exit.time, { trade_id: doc._id, net_pnl: round2(net), gross_pnl: round2(trade.gross_pnl), charges: round2(trade.costs), equity: round2(equity), unrealized: round2(unrealized), positions: open.length }),
    ];
  }
}
