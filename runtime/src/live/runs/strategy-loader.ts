import type { RuleGraph } from '@algo/compiler';
import { loadProgram, type GraphProgram } from '../../evaluator/program.js';
import { ActiveStrategyConfigSchema, type ActiveStrategyConfig } from '../../redis/keyspace/control.js';
import type { Keyspace } from '../../redis/keyspace/index.js';
import type { Storage } from '../../storage/storage.js';
import { defaultSpec, type InstrumentSpec } from '../../strategy/instrument.js';

/** A strategy as the workers run it: its config from `strategy:{id}`, the loaded program, its instruments and their specs. */
export interface LoadedStrategy {
  readonly config: ActiveStrategyConfig;
  readonly program: GraphProgram;
  readonly graph: RuleGraph;
  readonly asset: 'options' | 'stocks';
  /** the instruments whose bars drive the rules, in settings order */
  readonly instruments: readonly string[];
  /** the base timeframe */
  readonly timeframe: string;
  readonly spec: (key: string) => InstrumentSpec | undefined;
}

/**
 * Loads a strategy from its `strategy:{id}` copy (the API writes it through at every
 * change): the rule graph validated and resolved by the evaluator's `loadProgram`, and the
 * instrument master entries of what it trades (cash equities need none). Problems are one
 * readable line, never an exception: no config, a graph the runtime cannot run, an options
 * strategy (not run live yet), a derivative with no master entry.
 */
export async function loadStrategy(keyspace: Keyspace, storage: Storage, setId: string): Promise<{ value: LoadedStrategy } | { error: string }> {
  const config = await keyspace.runtime.getConfig(setId, ActiveStrategyConfigSchema);
  if (!config) return { error: `no config in strategy:{${setId}} — the API writes it when the strategy is started` };
  const loaded = loadProgram(config.config);
  if (!loaded.program) return { error: `the stored rule graph cannot run: ${loaded.errors.join('; ')}` };
  const program = loaded.program;
  const graph = program.graph;
  if (graph.settings.asset === 'options') {
    return { error: `"${graph.settings.name}" trades options: the live engine does not pick and trade option contracts yet (backtest it instead)` };
  }
  const specs = new Map<string, InstrumentSpec>();
  for (const key of graph.settings.symbols) {
    const doc = await storage.instruments.get(key);
    const spec = doc
      ? { key, kind: doc.instrument_type === 'FUTURES' ? ('future' as const) : doc.instrument_type === 'INDEX' ? ('index' as const) : ('equity' as const), lot_size: doc.lot_size, tick_size: doc.tick_size }
      : defaultSpec(key);
    if (!spec) return { error: `no instrument master entry for ${key}: a derivative's lot size and tick size must be known (refresh the instruments master)` };
    specs.set(key, spec);
  }
  return {
    value: {
      config,
      program,
      graph,
      asset: config.asset_type,
      instruments: [...graph.settings.symbols],
      timeframe: graph.settings.timeframe,
      spec: (key) => specs.get(key) ?? defaultSpec(key),
    },
  };
}
