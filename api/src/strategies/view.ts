import type { RuleGraph } from '@algo/compiler';
import type { ActiveStrategyConfig, StrategyDoc, StrategySummaryDoc } from '@algo/runtime';
import type { z } from 'zod';
import type { StrategyDetailSchema, StrategySummarySchema } from '../schemas/strategies.js';

/**
 * How a stored strategy is shown: the summary and detail bodies of the API, the
 * instruments it trades, and the config the API writes through to Redis.
 */

interface GraphView {
  readonly asset: string;
  readonly instruments: string[];
  readonly timeframe: string;
}

/** What the rule graph says about markets, read defensively (the stored config is loosely typed). */
export function graphView(config: Record<string, unknown>): GraphView {
  const settings = (config as Partial<RuleGraph>).settings;
  const symbols = Array.isArray(settings?.symbols) ? settings.symbols.filter((s): s is string => typeof s === 'string') : [];
  const underlying = typeof settings?.underlying === 'string' ? [settings.underlying] : [];
  return {
    asset: typeof settings?.asset === 'string' ? settings.asset : 'stocks',
    instruments: [...new Set([...symbols, ...underlying])],
    timeframe: typeof settings?.timeframe === 'string' ? settings.timeframe : '',
  };
}

/**
 * Storage and the live engine's Redis state know two layouts (seed 000): `options` (one
 * position at a time) and `stocks` (parallel positions keyed by instrument). Futures trade
 * like stocks, so they are stored as `stocks`; the graph keeps the true asset.
 */
export function storageAssetType(asset: RuleGraph['settings']['asset']): 'options' | 'stocks' {
  return asset === 'options' ? 'options' : 'stocks';
}

export function toSummary(s: StrategyDoc | StrategySummaryDoc): z.input<typeof StrategySummarySchema> {
  const g = graphView(s.config);
  return {
    id: s._id,
    name: s.set_name,
    asset_type: s.asset_type,
    asset: g.asset,
    instruments: g.instruments,
    timeframe: g.timeframe,
    version: s.version,
    status: s.status,
    mode: s.mode,
    is_active: s.is_active,
    ...(s.source_hash ? { source_hash: s.source_hash } : {}),
    ...(s.params ? { params: s.params } : {}),
    created_at: s.created_at.toISOString(),
    updated_at: s.updated_at.toISOString(),
  };
}

export function toDetail(s: StrategyDoc): z.input<typeof StrategyDetailSchema> {
  const ic = s.indicators_config;
  return { ...toSummary(s), source: s.source, config: s.config, indicators_config: Array.isArray(ic) ? { items: ic } : ic };
}

/** The write-through payload at `strategy:{id}` (seed 003), the live engine's copy of the strategy. */
export function activeConfig(s: StrategyDoc): ActiveStrategyConfig {
  const ic = s.indicators_config;
  return {
    strategy_id: s._id,
    user_id: s.user_id,
    set_name: s.set_name,
    version: s.version,
    asset_type: s.asset_type,
    status: s.status,
    mode: s.mode,
    is_active: s.is_active,
    instruments: graphView(s.config).instruments,
    config: s.config,
    indicators_config: Array.isArray(ic) ? { items: ic } : ic,
    ...(s.params ? { params: s.params } : {}),
    ...(s.source_hash ? { source_hash: s.source_hash } : {}),
    updated_at: s.updated_at.getTime(),
  };
}
