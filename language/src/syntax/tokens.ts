import { createToken, Lexer, type TokenType } from 'chevrotain';

/**
 * The token vocabulary of `.algo`: one chevrotain token type per keyword, literal and
 * punctuation mark. The parser, the formatter and the editor's token stream all read it.
 *
 * Keywords are reserved (they cannot name a param or let) but are also in the `Name`
 * category, so they may follow a dot (`position.qty`). Words that only mean something in
 * one place (`stocks`, `points`, `lots`, `atm`, `weekly`, `per_order`, …) are plain
 * identifiers checked by the checker, so they stay usable as names elsewhere.
 */

/** Any identifier-like word, keywords included: what may follow a `.`. */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA });


/** Category of every reserved word (for the editor's token stream). */
export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA });

/** Keywords that start an item of the strategy block. */
export const ITEM_KEYWORDS: readonly string[] = [
  'asset', 'symbols', 'underlying', 'timeframe', 'session', 'timezone', 'capital', 'max_positions', 'commission',
  'slippage', 'fill', 'max_daily_loss', 'max_trades_per_day', 'default', 'param', 'let', 'entry', 'exit',
];

/** Keywords that start an item of an entry block. */
export const ORDER_KEYWORDS: readonly string[] = ['buy', 'sell', 'qty', 'size', 'risk', 'stop_loss', 'take_profit', 'trailing_stop'];

/**
 * Tokens a misspelt strategy item may contain: everything but braces, `strategy` and the
 * keywords that start an item. The grammar skips such an item whole (`badItem`), block
 * included, so one typo in `entry` cannot end the strategy at the entry's `}`.
 */
export const Junk = createToken({ name: 'Junk', pattern: Lexer.NA });
/** Tokens a misspelt order item may contain: as `Junk`, minus the order keywords. */
export const OrderJunk = createToken({ name: 'OrderJunk', pattern: Lexer.NA });
const JUNK = [Junk, OrderJunk];

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [Name, Junk, OrderJunk],
  label: 'a name',
});


const keywordTokens: TokenType[] = [];
function keyword(word: string): TokenType {
  const starts = word === 'strategy' || ITEM_KEYWORDS.includes(word);
  const junk = starts ? [] : ORDER_KEYWORDS.includes(word) ? [Junk] : JUNK;
  const tokenName = word
    .split('_')
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('') + 'Kw';
  const t = createToken({
    name: tokenName,
    pattern: new RegExp(`${word}(?![A-Za-z0-9_])`),
    longer_alt: Identifier,
    categories: [Name, Keyword, ...junk],
    label: `\`${word}\``,
  });
  keywordTokens.push(t);
  return t;
}

// Structure
export const Strategy = keyword('strategy');
export const Default = keyword('default');
export const Param = keyword('param');
export const Let = keyword('let');
export const In = keyword('in');
export const Step = keyword('step');
export const Entry = keyword('entry');
export const Exit = keyword('exit');
export const Long = keyword('long');
export const Short = keyword('short');
export const All = keyword('all');
export const When = keyword('when');
export const At = keyword('at');
export const After = keyword('after');
// Settings
export const Asset = keyword('asset');
export const Symbols = keyword('symbols');
export const Underlying = keyword('underlying');
export const TimeframeKw = keyword('timeframe');
export const Session = keyword('session');
export const Timezone = keyword('timezone');
export const Capital = keyword('capital');
export const MaxPositions = keyword('max_positions');
export const Commission = keyword('commission');
export const Slippage = keyword('slippage');
export const Fill = keyword('fill');
export const MaxDailyLoss = keyword('max_daily_loss');
export const MaxTradesPerDay = keyword('max_trades_per_day');
// Order items
export const Buy = keyword('buy');
export const Sell = keyword('sell');
export const Call = keyword('call');
export const Put = keyword('put');
export const Expiry = keyword('expiry');
export const Qty = keyword('qty');
export const Size = keyword('size');
export const Risk = keyword('risk');
export const Of = keyword('of');
export const StopLoss = keyword('stop_loss');
export const TakeProfit = keyword('take_profit');
export const TrailingStop = keyword('trailing_stop');
// Expressions
export const And = keyword('and');
export const Or = keyword('or');
export const Not = keyword('not');
export const Crosses = keyword('crosses');
export const Above = keyword('above');
export const Below = keyword('below');
export const Between = keyword('between');
export const On = keyword('on');
export const True = keyword('true');
export const False = keyword('false');

/** Every reserved word, as written. */
export const KEYWORDS: readonly string[] = keywordTokens.map((t) => (t.LABEL ?? '').slice(1, -1));

// Trivia
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v\u00a0\ufeff\u2028\u2029]+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r\u2028\u2029]*/, group: 'comments' });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: 'comments', line_breaks: true });
/** A `/*` with no closing `*\/`: kept as a comment to the end of the file and reported. */
export const UnterminatedComment = createToken({ name: 'UnterminatedComment', pattern: /\/\*[\s\S]*/, group: 'comments', line_breaks: true });

// Literals (order matters: the longest specific form first)
export const StringLit = createToken({ name: 'String', pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/, categories: JUNK, label: 'a string' });
/** A `"` with no closing quote on its line: reported, and treated as a string to the line end. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
  categories: [StringLit, ...JUNK],
  label: 'a string',
});
export const ClockLit = createToken({ name: 'Clock', pattern: /[0-9]{1,2}:[0-9]{2}(?![0-9])/, categories: JUNK, label: 'a clock time (09:30)' });
export const TimeframeLit = createToken({ name: 'Timeframe', pattern: /[0-9]+[smhdw](?![A-Za-z0-9_])/, categories: JUNK, label: 'a timeframe (5m, 1h, 1d)' });
export const PercentLit = createToken({ name: 'Percent', pattern: /[0-9]+(?:_[0-9]+)*(?:\.[0-9]+(?:_[0-9]+)*)?%/, categories: JUNK, label: 'a percentage' });
export const NumberLit = createToken({ name: 'Number', pattern: /[0-9]+(?:_[0-9]+)*(?:\.[0-9]+(?:_[0-9]+)*)?/, categories: JUNK, label: 'a number' });

/**
 * Stands in for a span the parser must not see (brackets nested beyond the limit); the
 * grammar accepts it as an operand so the rest of the file parses normally.
 */
export const Placeholder = createToken({ name: 'Placeholder', pattern: Lexer.NA, categories: JUNK, label: 'an expression' });

// Punctuation and operators
export const LCurly = createToken({ name: 'LCurly', pattern: '{', label: '`{`' });
export const RCurly = createToken({ name: 'RCurly', pattern: '}', label: '`}`' });
export const LParen = createToken({ name: 'LParen', pattern: '(', categories: JUNK, label: '`(`' });
export const RParen = createToken({ name: 'RParen', pattern: ')', categories: JUNK, label: '`)`' });
export const LBracket = createToken({ name: 'LBracket', pattern: '[', categories: JUNK, label: '`[`' });
export const RBracket = createToken({ name: 'RBracket', pattern: ']', categories: JUNK, label: '`]`' });
export const Comma = createToken({ name: 'Comma', pattern: ',', categories: JUNK, label: '`,`' });
export const DotDot = createToken({ name: 'DotDot', pattern: '..', categories: JUNK, label: '`..`' });
export const Dot = createToken({ name: 'Dot', pattern: '.', categories: JUNK, label: '`.`' });
export const GreaterEq = createToken({ name: 'GreaterEq', pattern: '>=', categories: JUNK, label: '`>=`' });
export const LessEq = createToken({ name: 'LessEq', pattern: '<=', categories: JUNK, label: '`<=`' });
export const EqEq = createToken({ name: 'EqEq', pattern: '==', categories: JUNK, label: '`==`' });
export const NotEq = createToken({ name: 'NotEq', pattern: '!=', categories: JUNK, label: '`!=`' });
export const Greater = createToken({ name: 'Greater', pattern: '>', categories: JUNK, label: '`>`' });
export const Less = createToken({ name: 'Less', pattern: '<', categories: JUNK, label: '`<`' });
export const Equals = createToken({ name: 'Equals', pattern: '=', categories: JUNK, label: '`=`' });
export const Plus = createToken({ name: 'Plus', pattern: '+', categories: JUNK, label: '`+`' });
export const Minus = createToken({ name: 'Minus', pattern: '-', categories: JUNK, label: '`-`' });
export const Star = createToken({ name: 'Star', pattern: '*', categories: JUNK, label: '`*`' });
export const Slash = createToken({ name: 'Slash', pattern: '/', categories: JUNK, label: '`/`' });

/** Every token type, in the order the lexer tries them. */
export const ALL_TOKENS: readonly TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  StringLit,
  UnterminatedString,
  ClockLit,
  TimeframeLit,
  PercentLit,
  NumberLit,
  ...keywordTokens,
  Identifier,
  LCurly,
  RCurly,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  DotDot,
  Dot,
  GreaterEq,
  LessEq,
  EqEq,
  NotEq,
  Greater,
  Less,
  Equals,
  Plus,
  Minus,
  Star,
  Slash,
  Name,
  Keyword,
  Junk,
  OrderJunk,
  Placeholder,
];
