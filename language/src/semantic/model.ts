import type {
  EntryRule,
  ExitRule,
  Expression,
  Identifier,
  LetDecl,
  Node,
  OptionLeg,
  ParamDecl,
  Range,
  Side,
  Sizing,
  StopItem,
  Strategy,
} from '../ast.js';
import type { BuiltinField, BuiltinFunction } from '../catalogue/types.js';
import type { ExprType } from './types.js';

/**
 * The semantic model of a checked file: what every name means, the type and warm-up of
 * every expression, and the strategy's settings and rules resolved with their defaults.
 * It is built even for a broken file (whatever could be understood is in it), so editors
 * keep hover, go-to-definition and completion while the user types.
 */

export type SymbolKind = 'param' | 'let' | 'field' | 'function' | 'label';

/** Something a name can refer to. Built-ins get a symbol when first used. */
export interface AlgoSymbol {
  readonly name: string;
  readonly kind: SymbolKind;
  /** The declaring node: `Param`, `Let`, or the `Entry` whose label this is; none for built-ins. */
  readonly declaration: ParamDecl | LetDecl | EntryRule | undefined;
  /** Range of the declared name (the identifier, or the label string); none for built-ins. */
  readonly nameRange: Range | undefined;
  /** Every place the symbol is used (not the declaration itself), in source order. */
  readonly references: readonly Range[];
  /** The catalogue entry of a built-in. */
  readonly builtin: BuiltinFunction | BuiltinField | undefined;
  /** Type of a param or let's value, or a field's type. */
  readonly type: ExprType | undefined;
}

/** A param as checked: its default value and sweep range as numbers. */
export interface ParamInfo {
  readonly name: string;
  readonly node: ParamDecl;
  readonly type: ExprType;
  /** The default as a number (a percentage as its fraction; `true`/`false` as 1/0). */
  readonly value: number;
  readonly min: number | undefined;
  readonly max: number | undefined;
  readonly step: number | undefined;
}

/** A distance or level for a stop, target or trailing stop, as resolved from its unit. */
export type Distance =
  /** `2%`: `value` is a percent expression (its fraction) of the entry price */
  | { readonly kind: 'percent'; readonly value: Expression }
  /** `50 points` */
  | { readonly kind: 'points'; readonly value: Expression }
  /** `2 atr` / `2 atr(10)`: `value` multiples of ATR(`length`) at entry */
  | { readonly kind: 'atr'; readonly value: Expression; readonly length: number; readonly lengthExpr: Expression | undefined }
  /** `2R`: multiples of the stop-loss distance */
  | { readonly kind: 'r'; readonly value: Expression }
  /** `at 3500` / `at lowest(low, 5)`: an absolute price, read once when the entry fills */
  | { readonly kind: 'price'; readonly value: Expression };

export interface StopSpec {
  readonly distance: Distance;
  readonly node: StopItem;
  /** Whether it came from a `default …` item rather than the entry's own block. */
  readonly fromDefault: boolean;
}

export type SizingSpec =
  | { readonly kind: 'qty'; readonly amount: Expression; readonly lots: boolean; readonly node: Sizing | undefined; readonly fromDefault: boolean }
  | { readonly kind: 'equity_percent'; readonly fraction: Expression; readonly node: Sizing; readonly fromDefault: boolean }
  | { readonly kind: 'risk_percent'; readonly fraction: Expression; readonly node: Sizing; readonly fromDefault: boolean };

export type StrikeSpec =
  | { readonly kind: 'atm'; readonly offset: number }
  | { readonly kind: 'otm'; readonly steps: number }
  | { readonly kind: 'itm'; readonly steps: number };

export interface OptionLegSpec {
  readonly action: 'buy' | 'sell';
  readonly right: 'call' | 'put';
  readonly strike: StrikeSpec;
  /** `weekly` when not written. */
  readonly expiry: 'weekly' | 'monthly';
  readonly node: OptionLeg;
}

/** An entry rule with everything it needs resolved (defaults merged in). */
export interface EntryInfo {
  readonly node: EntryRule;
  /** 0-based position among the strategy's entries. */
  readonly index: number;
  readonly side: Side;
  readonly label: string | undefined;
  /** Minutes since midnight of `at HH:MM`. */
  readonly atMinutes: number | undefined;
  readonly when: Expression | undefined;
  readonly stopLoss: StopSpec | undefined;
  readonly takeProfit: StopSpec | undefined;
  readonly trailingStop: StopSpec | undefined;
  /** `qty 1` when neither the entry nor a default says otherwise. */
  readonly sizing: SizingSpec;
  readonly optionLeg: OptionLegSpec | undefined;
}

export type ExitTrigger =
  | { readonly kind: 'when'; readonly condition: Expression }
  | { readonly kind: 'at'; readonly minutes: number }
  | { readonly kind: 'after'; readonly bars: Expression };

export interface ExitInfo {
  readonly node: ExitRule;
  readonly index: number;
  /** `all` when not written. */
  readonly target: Side | 'all';
  readonly label: string | undefined;
  readonly trigger: ExitTrigger | undefined;
  /** Indexes of the entries whose positions this exit may close. */
  readonly closes: readonly number[];
}

export type Commission =
  | { readonly kind: 'per_order'; readonly amount: number }
  | { readonly kind: 'percent'; readonly fraction: number }
  | { readonly kind: 'preset'; readonly preset: string };

/** Every setting, with the default applied where the file leaves it out. */
export interface ResolvedSettings {
  readonly name: string;
  readonly asset: 'stocks' | 'options' | 'futures' | undefined;
  readonly symbols: readonly string[];
  readonly underlying: string | undefined;
  /** As written, e.g. `5m` (default `1m`). */
  readonly timeframe: string;
  /** `HH:MM` in the exchange time zone. */
  readonly session: { readonly start: string; readonly end: string };
  readonly timezone: string;
  /** The exchange the instruments trade on, from their keys (`NSE`, `BSE`, `MCX`, …), if known. */
  readonly exchange: string | undefined;
  readonly capital: number;
  readonly maxPositions: number;
  readonly commission: Commission | undefined;
  readonly slippage: { readonly kind: 'ticks' | 'bps'; readonly amount: number } | undefined;
  readonly fill: 'next_open' | 'on_close';
  readonly maxDailyLoss: { readonly kind: 'amount'; readonly amount: number } | { readonly kind: 'percent'; readonly fraction: number } | undefined;
  readonly maxTradesPerDay: number | undefined;
}

/** The result of checking a file (see the module comment). */
export interface SemanticModel {
  /** The strategy checked (the first in the file), if any. */
  readonly strategy: Strategy | undefined;
  readonly settings: ResolvedSettings;
  /** Params in source order. */
  readonly params: readonly ParamInfo[];
  /** Lets in dependency order (each after the lets it reads); lets in a cycle are left out. */
  readonly lets: readonly LetDecl[];
  readonly entries: readonly EntryInfo[];
  readonly exits: readonly ExitInfo[];
  /** Every symbol that is declared or used. */
  readonly symbols: readonly AlgoSymbol[];
  /**
   * Bars of the strategy timeframe before every condition, stop and target has a value,
   * with params at their defaults (`maxWarmup`: at the ends of their sweep ranges).
   */
  readonly warmup: number;
  readonly maxWarmup: number;
  /** The symbol a node names: a `Name`, a `Call` (its function), a `position.x` `Member`, a declaration's `Identifier`, a label `String`. */
  symbolOf(node: Node): AlgoSymbol | undefined;
  /** The type of an expression that was checked. */
  typeOf(expr: Expression): ExprType | undefined;
  /** Bars (of the strategy timeframe) before `expr` has a value, params at their defaults. */
  lookbackOf(expr: Expression): number | undefined;
  /** The timeframe an expression is computed on: the strategy's, or the `on` timeframe around it. */
  timeframeOf(expr: Expression): string;
  /** Folds a constant expression (params at their defaults); undefined for a series. */
  constantOf(expr: Expression): number | undefined;
  /** The symbol named at `offset` (a use or a declaration) and the range of that name. */
  symbolAt(offset: number): { readonly symbol: AlgoSymbol; readonly range: Range } | undefined;
  /** For an `Identifier` node that declares a param or let. */
  declarationOf(id: Identifier): AlgoSymbol | undefined;
}
