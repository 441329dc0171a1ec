import { CstParser, type IOrAlt, type IParserConfig } from 'chevrotain';
import { ALL_UNIT_WORDS } from '../catalogue/words.js';
import { suggest } from '../diagnostics/suggest.js';
import { L } from './labels.js';
import * as T from './tokens.js';

const UNIT_WORDS: ReadonlySet<string> = new Set(ALL_UNIT_WORDS);

/**
 * The expression rules of the `.algo` grammar (and `amount`, a number with its unit),
 * shared by the item rules in `./parser.ts` which extend this class. Rules only; the AST
 * builder gives them meaning.
 */
export abstract class ExpressionGrammar extends CstParser {
  /**
   * Alternatives of each OR, built once: chevrotain calls a rule's body on every use, and
   * fresh arrays of closures per call were most of the parser's garbage.
   */
  private readonly altCache: IOrAlt<unknown>[][] = [];

  protected alts(id: number, make: () => IOrAlt<unknown>[]): IOrAlt<unknown>[] {
    return (this.altCache[id] ??= make());
  }

  constructor(config: IParserConfig) {
    super([...T.ALL_TOKENS], config);
  }

  /** `expr [unit [ (args) ]]` — `2 ticks`, `20 per_order`, `2 atr(10)`, `2R`, `10 bars`. */
  public readonly amount = this.RULE('amount', () => {
    this.SUBRULE(this.expression);
    this.OPTION({
      GATE: () => this.unitAhead(),
      DEF: () => {
        this.CONSUME(T.Identifier, L.unit);
        this.OPTION1(() => this.SUBRULE(this.argumentList));
      },
    });
  });

  /**
   * Whether the next identifier is a unit word (or a typo of one, which the checker then
   * reports). Any other word after a number is left alone, so a misspelt keyword such as
   * `stop_los` yields one syntax error instead of being swallowed as a unit.
   */
  protected unitAhead(): boolean {
    const next = this.LA(1);
    if (next.tokenType !== T.Identifier) return false;
    const image = next.image;
    return UNIT_WORDS.has(image) || (image.length >= 3 && suggest(image, UNIT_WORDS) !== undefined && suggest(image, T.KEYWORDS) === undefined);
  }

  // ------------------------------------------------------------ expressions
  //
  // An expression is a flat list — operand (binaryOperator operand)* — and precedence is
  // resolved by the AST builder (`./precedence.ts`). A flat list keeps the CST shallow
  // (four rules per operand instead of ten), which is most of the parser's speed.

  public readonly expression = this.RULE('expression', () => {
    this.SUBRULE(this.operand, L.operands);
    this.MANY(() => {
      this.SUBRULE(this.binaryOperator, L.operators);
      this.SUBRULE1(this.operand, L.operands);
    });
  });

  public readonly binaryOperator = this.RULE('binaryOperator', () => {
    this.OR(this.alts(13, () => [
      { ALT: () => this.CONSUME(T.Or, L.op) },
      { ALT: () => this.CONSUME(T.And, L.op) },
      { ALT: () => this.CONSUME(T.Greater, L.op) },
      { ALT: () => this.CONSUME(T.Less, L.op) },
      { ALT: () => this.CONSUME(T.GreaterEq, L.op) },
      { ALT: () => this.CONSUME(T.LessEq, L.op) },
      { ALT: () => this.CONSUME(T.EqEq, L.op) },
      { ALT: () => this.CONSUME(T.NotEq, L.op) },
      { ALT: () => this.CONSUME(T.Plus, L.op) },
      { ALT: () => this.CONSUME(T.Minus, L.op) },
      { ALT: () => this.CONSUME(T.Star, L.op) },
      { ALT: () => this.CONSUME(T.Slash, L.op) },
      { ALT: () => this.CONSUME(T.Between, L.op) },
      {
        ALT: () => {
          this.CONSUME(T.Crosses, L.op);
          this.OR1([{ ALT: () => this.CONSUME(T.Above, L.direction) }, { ALT: () => this.CONSUME(T.Below, L.direction) }]);
        },
      },
    ]));
  });

  /** `not`/`-` prefixes, then a postfix expression, then an optional `on <timeframe>`. */
  public readonly operand = this.RULE('operand', () => {
    this.MANY(() =>
      this.OR(this.alts(14, () => [{ ALT: () => this.CONSUME(T.Not, L.prefixes) }, { ALT: () => this.CONSUME(T.Minus, L.prefixes) }])),
    );
    this.SUBRULE(this.postfix);
    this.OPTION(() => {
      this.CONSUME(T.On);
      this.CONSUME(T.TimeframeLit, L.timeframe);
    });
  });

  public readonly postfix = this.RULE('postfix', () => {
    this.SUBRULE(this.atom);
    this.MANY(() =>
      this.OR(this.alts(15, () => [
        { ALT: () => this.SUBRULE(this.indexSuffix, L.suffixes) },
        { ALT: () => this.SUBRULE(this.memberSuffix, L.suffixes) },
      ])),
    );
  });

  public readonly indexSuffix = this.RULE('indexSuffix', () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RBracket);
  });

  public readonly memberSuffix = this.RULE('memberSuffix', () => {
    this.CONSUME(T.Dot);
    this.CONSUME(T.Name, L.member);
  });

  public readonly atom = this.RULE('atom', () => {
    this.OR(this.alts(16, () => [
      { ALT: () => this.CONSUME(T.NumberLit, L.literal) },
      { ALT: () => this.CONSUME(T.PercentLit, L.literal) },
      { ALT: () => this.CONSUME(T.True, L.literal) },
      { ALT: () => this.CONSUME(T.False, L.literal) },
      { ALT: () => this.CONSUME(T.StringLit, L.literal) },
      { ALT: () => this.CONSUME(T.ClockLit, L.literal) },
      { ALT: () => this.CONSUME(T.Placeholder, L.literal) },
      {
        ALT: () => {
          this.CONSUME(T.Identifier, L.name);
          this.OPTION(() => this.SUBRULE(this.argumentList));
        },
      },
      { ALT: () => { this.CONSUME(T.LParen); this.SUBRULE(this.expression, L.inner); this.CONSUME(T.RParen); } },
    ]));
  });

  public readonly argumentList = this.RULE('argumentList', () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression, L.args) });
    this.CONSUME(T.RParen);
  });
}
