import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { CostModel } from '../../backtest/costs.js';
import type { Broker } from '../../brokers/broker.js';
import type { BrokerOrder } from '../../brokers/orders.js';
import type { PaperBroker } from '../../brokers/paper/paper-broker.js';
import type { Tick } from '../../feeds/feed.js';
import { encode, type WriteRecipe } from '../../redis/keyspace/codec.js';
import { redisKeys } from '../../redis/keyspace/keys.js';
import type { BarGrid } from '../market/buckets.js';
import type { Run } from '../runs/run-record.js';
import type { LoadedStrategy } from '../runs/strategy-loader.js';
import { marketOf, type MarketId } from '../streams/messages.js';
import type { OrderBook } from './order-book.js';

/**
 * One run as execution holds it: the broker it trades through (its own paper broker, or
 * the user's real one), its order book, the cost model that prices its fills exactly as
 * the backtester does, the latest ticks of its contracts, and the order updates the broker
 * delivered that are not yet applied (paper updates arrive synchronously inside `onTick` /
 * `placeOrder`; a real broker's at any time).
 */
export class Account {
  readonly market: MarketId;
  /** broker updates waiting to be applied to the book */
  readonly updates: BrokerOrder[] = [];
  /** latest tick per contract */
  readonly lastTick = new Map<string, Tick>();
  /** time of the latest gap tick per contract (a stop filled on it filled "at the gap") */
  readonly lastGap = new Map<string, number>();
  /** ticks went into the paper broker since its state was last saved */
  paperDirty = false;
  /** orders were placed, moved, cancelled or filled since then (always saved with the work that did it) */
  ordersChanged = false;
  lastPaperSave = 0;
  /** reconciliation passed (or failed and halted the run) */
  reconciled = false;
  /** the `trading` value last written to the status hash */
  tradingShown: string | undefined;
  /** why a kill switch halts this run's user, as last read (undefined: released) */
  killSwitch: string | undefined;
  private readonly detach: () => void;

  constructor(
    readonly run: Run,
    readonly s: LoadedStrategy,
    readonly broker: Broker,
    readonly paper: PaperBroker | undefined,
    readonly book: OrderBook,
    readonly costs: CostModel,
    readonly tag: string,
    readonly grid: BarGrid,
  ) {
    this.market = marketOf(run);
    this.detach = broker.onOrderUpdate((o) => {
      if (!o.clientOrderId?.startsWith(tag)) return;
      this.updates.push(o);
      this.ordersChanged = true;
    });
  }

  /** The contracts this run trades (its signal instruments: stocks and futures trade their own bars). */
  contracts(): readonly string[] {
    return this.s.instruments;
  }

  /** Feeds the paper broker the ticks of this run's contracts (fills land in `updates`). */
  onTicks(ticks: readonly Tick[]): void {
    const mine = ticks.filter((t) => this.s.instruments.includes(t.instrument));
    if (mine.length === 0) return;
    for (const t of mine) {
      this.lastTick.set(t.instrument, t);
      if (t.gap) this.lastGap.set(t.instrument, t.ts);
    }
    if (this.paper) {
      this.paper.onTick(mine);
      this.paperDirty = true;
    }
  }

  /** Latest market time seen (ms), for orders decided "now". */
  now(): number | undefined {
    let t: number | undefined;
    for (const tick of this.lastTick.values()) if (t === undefined || tick.ts > t) t = tick.ts;
    return t;
  }

  /**
   * Queues the paper broker's state (with the run it belongs to) when its orders changed —
   * or, with `force`, when ticks moved it (a replay saves every instant; the live feed every
   * few seconds).
   */
  paperRecipe(force = false): WriteRecipe | undefined {
    if (!this.paper || !(this.ordersChanged || (force && this.paperDirty))) return undefined;
    this.paperDirty = false;
    this.ordersChanged = false;
    this.lastPaperSave = Date.now();
    const key = redisKeys.paperAccount(this.run.strategy_id);
    const value = encode({ run_id: this.run.run_id, state: this.paper.snapshot() });
    return (c) => void c.set(key, value);
  }

  close(): void {
    this.detach();
  }
}

const SavedPaperSchema = z.object({ run_id: z.string(), state: z.unknown() });

/** The paper broker state saved for `runId`, or undefined (none, or another run's). */
export async function savedPaper(redis: Redis, strategyId: string, runId: string): Promise<unknown> {
  const raw = await redis.get(redisKeys.paperAccount(strategyId));
  if (!raw) return undefined;
  const r = SavedPaperSchema.safeParse(JSON.parse(raw));
  return r.success && r.data.run_id === runId ? r.data.state : undefined;
}
