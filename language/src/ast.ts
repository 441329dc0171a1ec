/**
 * The typed syntax tree of a `.algo` file — the contract between the parser and everything
 * that reads a strategy (checker, formatter, compiler, language server).
 *
 * Rules every consumer may rely on:
 * - Every node has a `range` (1-based line and column, 0-based offset, end exclusive).
 *   Columns and offsets count UTF-16 code units, as JavaScript strings and LSP do.
 * - The tree is built from a fault-tolerant parse: a missing expression is a `Missing`
 *   node with a zero-width range, a missing name or literal is `undefined`. No node is
 *   ever `null`, and no field is left out to signal an error in another way.
 * - Nodes are plain readonly data (no parent pointers, no methods); use `walk`/`nodeAt`
 *   from `./syntax/walk.js` to navigate and the semantic model to ask about meaning.
 *
 * This file only grows: new node kinds and new optional fields may be added; existing
 * names and shapes stay.
 */

/** A point in the source text. `line` and `column` are 1-based; `offset` is 0-based. */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** A span of source text; `end` is exclusive (the position just after the last character). */
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

interface NodeBase {
  readonly range: Range;
}

// ---------------------------------------------------------------- file and strategy

/** The root: a whole file. The language allows one strategy per file; extra ones are reported. */
export interface SourceFile extends NodeBase {
  readonly kind: 'SourceFile';
  readonly uri: string;
  readonly strategies: readonly Strategy[];
  /** Every comment in the file, in source order (they are not attached to nodes). */
  readonly comments: readonly Comment[];
}

/** `strategy "Name" { items }` */
export interface Strategy extends NodeBase {
  readonly kind: 'Strategy';
  readonly name: StringLiteral | undefined;
  readonly items: readonly Item[];
}

/** A `// line` or `/* block *\/` comment; `text` includes the delimiters. */
export interface Comment extends NodeBase {
  readonly kind: 'Comment';
  readonly text: string;
  readonly block: boolean;
}

/** Anything directly inside a strategy block. */
export type Item = Setting | DefaultItem | ParamDecl | LetDecl | EntryRule | ExitRule;

// ---------------------------------------------------------------- settings

/** Names of the strategy settings, in the order docs/LANGUAGE.md lists them. */
export const SETTING_NAMES = [
  'asset',
  'symbols',
  'underlying',
  'timeframe',
  'session',
  'timezone',
  'capital',
  'max_positions',
  'commission',
  'slippage',
  'fill',
  'max_daily_loss',
  'max_trades_per_day',
] as const;
export type SettingName = (typeof SETTING_NAMES)[number];

/**
 * `asset stocks`, `symbols "NSE_EQ|TCS", "NSE_EQ|INFY"`, `session 09:20 - 15:10`, …
 * The shape of `value` depends on the setting:
 * - `asset`, `fill`: `Identifier`
 * - `symbols`: `StringList`; `underlying`, `timezone`: `StringLiteral`
 * - `timeframe`: `TimeframeLiteral`; `session`: `ClockRange`
 * - `capital`, `max_positions`, `max_daily_loss`, `max_trades_per_day`: an `Expression`
 * - `commission`, `slippage`: `Amount` (`20 per_order`, `2 ticks`, `0.03%`) or, for a
 *   commission preset, `Identifier` (`india_equity_intraday`)
 * `value` is `undefined` when the parser found nothing usable after the setting's name.
 */
export interface Setting extends NodeBase {
  readonly kind: 'Setting';
  readonly name: SettingName;
  readonly nameRange: Range;
  readonly value: SettingValue | undefined;
}

export type SettingValue = Identifier | StringLiteral | StringList | TimeframeLiteral | ClockRange | Amount | Expression;

/** `"NSE_EQ|TCS", "NSE_EQ|INFY"` */
export interface StringList extends NodeBase {
  readonly kind: 'StringList';
  readonly items: readonly StringLiteral[];
}

/** `09:20 - 15:10` */
export interface ClockRange extends NodeBase {
  readonly kind: 'ClockRange';
  readonly start: ClockLiteral | undefined;
  readonly end: ClockLiteral | undefined;
}

/**
 * A number with a unit word: `2 ticks`, `20 per_order`, `50 points`, `2 atr(10)`, `2R`,
 * `2 lots`, `10 bars`. `unit` is `undefined` when no word follows (`2%`, `10`).
 * `unitArgs` holds the arguments written after the unit (`atr(10)` → `[10]`), else empty.
 */
export interface Amount extends NodeBase {
  readonly kind: 'Amount';
  readonly amount: Expression;
  readonly unit: Identifier | undefined;
  readonly unitArgs: readonly Expression[];
}

/** `default stop_loss 2%` — an order item that applies to every entry that leaves it out. */
export interface DefaultItem extends NodeBase {
  readonly kind: 'Default';
  readonly item: OrderItem | undefined;
}

// ---------------------------------------------------------------- declarations

/** `param lookback = 20 in 10..60 step 5` */
export interface ParamDecl extends NodeBase {
  readonly kind: 'Param';
  readonly name: Identifier | undefined;
  readonly value: Expression;
  /** The sweep range `min..max`, when written. */
  readonly min: Expression | undefined;
  readonly max: Expression | undefined;
  readonly step: Expression | undefined;
}

/** `let upper = highest(high, lookback)[1]` */
export interface LetDecl extends NodeBase {
  readonly kind: 'Let';
  readonly name: Identifier | undefined;
  readonly value: Expression;
}

// ---------------------------------------------------------------- rules

export type Side = 'long' | 'short';

/** `entry long "label" when <cond> { items }` or `entry long at 09:30 [when <cond>] { items }` */
export interface EntryRule extends NodeBase {
  readonly kind: 'Entry';
  /** `undefined` when the side keyword is missing (reported by the parser). */
  readonly side: Side | undefined;
  readonly label: StringLiteral | undefined;
  readonly at: ClockLiteral | undefined;
  readonly when: Expression | undefined;
  readonly items: readonly OrderItem[];
  /** Whether a `{ … }` block was written (the formatter keeps an empty block out). */
  readonly hasBlock: boolean;
}

/** `exit [long|short|all] ["label"] (when <cond> | at <clock> | after <n> bars)` */
export interface ExitRule extends NodeBase {
  readonly kind: 'Exit';
  /** Which positions it closes; `undefined` when not written (means all). */
  readonly target: Side | 'all' | undefined;
  /** The entry label it closes (only positions opened by that entry), when written. */
  readonly label: StringLiteral | undefined;
  readonly when: Expression | undefined;
  readonly at: ClockLiteral | undefined;
  /** `after 10 bars`: the number of bars held, as an `Amount` whose unit is `bars`. */
  readonly after: Amount | undefined;
}

/** Items of an entry block (and of `default`). */
export type OrderItem = OptionLeg | Sizing | StopItem;

/** `buy call atm+1 expiry weekly` */
export interface OptionLeg extends NodeBase {
  readonly kind: 'OptionLeg';
  readonly action: 'buy' | 'sell';
  readonly right: 'call' | 'put' | undefined;
  readonly strike: Strike | undefined;
  readonly expiry: Identifier | undefined;
}

/** `atm`, `atm+1`, `atm-2`, `otm 2`, `itm 1`: `word` is atm/otm/itm; `steps` the strikes away. */
export interface Strike extends NodeBase {
  readonly kind: 'Strike';
  readonly word: Identifier;
  /** `+`/`-` after `atm`; `undefined` for `otm n`/`itm n`/bare `atm`. */
  readonly sign: '+' | '-' | undefined;
  readonly steps: Expression | undefined;
}

/** `qty 10`, `qty 2 lots`, `size 10% of equity`, `risk 1% of equity` */
export interface Sizing extends NodeBase {
  readonly kind: 'Sizing';
  readonly mode: 'qty' | 'size' | 'risk';
  readonly amount: Expression;
  /** `lot`/`lots` after a `qty`. */
  readonly unit: Identifier | undefined;
  /** The word after `of` (`equity`), when written. */
  readonly basis: Identifier | undefined;
}

export type StopKind = 'stop_loss' | 'take_profit' | 'trailing_stop';

/**
 * `stop_loss 2%`, `stop_loss 50 points`, `stop_loss 2 atr(10)`, `stop_loss at 3500`,
 * `take_profit 2R`, `trailing_stop 1.5%`.
 * `at` is true for an absolute price (`at <expr>`, read once at entry); otherwise `distance`
 * holds the amount and its unit word (`points`, `atr`, `R`, or none for a percent).
 */
export interface StopItem extends NodeBase {
  readonly kind: 'Stop';
  readonly which: StopKind;
  readonly at: boolean;
  readonly distance: Amount;
}

// ---------------------------------------------------------------- expressions

export type Expression =
  | NumberLiteral
  | PercentLiteral
  | BoolLiteral
  | StringLiteral
  | ClockLiteral
  | TimeframeLiteral
  | NameRef
  | Call
  | Member
  | Index
  | OnTimeframe
  | Unary
  | Binary
  | Cross
  | Between
  | Paren
  | Missing;

/** `14`, `1.5`, `200_000`; `text` is as written, `value` the number. */
export interface NumberLiteral extends NodeBase {
  readonly kind: 'Number';
  readonly text: string;
  readonly value: number;
}

/** `2%` — `value` is the fraction (0.02). */
export interface PercentLiteral extends NodeBase {
  readonly kind: 'Percent';
  readonly text: string;
  readonly value: number;
}

export interface BoolLiteral extends NodeBase {
  readonly kind: 'Bool';
  readonly value: boolean;
}

/** `"NSE_EQ|TCS"` — `value` is unescaped, `text` as written (with quotes). */
export interface StringLiteral extends NodeBase {
  readonly kind: 'String';
  readonly text: string;
  readonly value: string;
}

/** `09:30` — `hour` and `minute` as written (the checker rejects 24:00 and above). */
export interface ClockLiteral extends NodeBase {
  readonly kind: 'Clock';
  readonly text: string;
  readonly hour: number;
  readonly minute: number;
}

/** `5m`, `1h`, `1d` — as written; `language/src/timeframe.ts` parses it. */
export interface TimeframeLiteral extends NodeBase {
  readonly kind: 'Timeframe';
  readonly text: string;
}

/** A bare name: a field (`close`), a param, a let, or `position` before `.qty`. */
export interface NameRef extends NodeBase {
  readonly kind: 'Name';
  readonly name: string;
}

/** `rsi(close, 14)` — only names are called. */
export interface Call extends NodeBase {
  readonly kind: 'Call';
  readonly callee: Identifier;
  readonly args: readonly Expression[];
}

/** `macd(close).signal`, `position.qty` */
export interface Member extends NodeBase {
  readonly kind: 'Member';
  readonly object: Expression;
  /** `undefined` when the dot is not followed by a name. */
  readonly member: Identifier | undefined;
}

/** `close[1]` — the value `index` bars ago. */
export interface Index extends NodeBase {
  readonly kind: 'Index';
  readonly object: Expression;
  readonly index: Expression;
}

/** `rsi(close, 14) on 1h` — computed on completed 1h bars. */
export interface OnTimeframe extends NodeBase {
  readonly kind: 'On';
  readonly expression: Expression;
  readonly timeframe: TimeframeLiteral | undefined;
}

export type UnaryOp = '-' | 'not';

export interface Unary extends NodeBase {
  readonly kind: 'Unary';
  readonly op: UnaryOp;
  readonly opRange: Range;
  readonly operand: Expression;
}

export type ArithmeticOp = '+' | '-' | '*' | '/';
export type ComparisonOp = '>' | '<' | '>=' | '<=' | '==' | '!=';
export type LogicalOp = 'and' | 'or';
export type BinaryOp = ArithmeticOp | ComparisonOp | LogicalOp;

export interface Binary extends NodeBase {
  readonly kind: 'Binary';
  readonly op: BinaryOp;
  readonly opRange: Range;
  readonly left: Expression;
  readonly right: Expression;
}

/** `a crosses above b`, `a crosses below b` */
export interface Cross extends NodeBase {
  readonly kind: 'Cross';
  readonly direction: 'above' | 'below';
  readonly left: Expression;
  readonly right: Expression;
}

/** `x between low and high` (inclusive at both ends). */
export interface Between extends NodeBase {
  readonly kind: 'Between';
  readonly value: Expression;
  readonly low: Expression;
  readonly high: Expression;
}

/** `( expr )` — kept so the formatter and ranges stay faithful to the source. */
export interface Paren extends NodeBase {
  readonly kind: 'Paren';
  readonly expression: Expression;
}

/** Where an expression was required but none could be parsed (zero-width range). */
export interface Missing extends NodeBase {
  readonly kind: 'Missing';
}

/** A name as written: declaration names, callees, member names and keyword-like words. */
export interface Identifier extends NodeBase {
  readonly kind: 'Identifier';
  readonly name: string;
}

/** Every node kind. */
export type Node =
  | SourceFile
  | Strategy
  | Comment
  | Setting
  | StringList
  | ClockRange
  | Amount
  | DefaultItem
  | ParamDecl
  | LetDecl
  | EntryRule
  | ExitRule
  | OptionLeg
  | Strike
  | Sizing
  | StopItem
  | Expression
  | Identifier;

export type NodeKind = Node['kind'];
