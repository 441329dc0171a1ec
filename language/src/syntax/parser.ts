import { CstParser, type CstNode, type IToken } from 'chevrotain';
import { ALL_UNIT_WORDS } from '../catalogue/words.js';
import { suggest } from '../diagnostics/suggest.js';
import { syntaxErrorMessages } from './parse-errors.js';
import * as T from './tokens.js';

const UNIT_WORDS: ReadonlySet<string> = new Set(ALL_UNIT_WORDS);

/**
 * The `.algo` grammar as a chevrotain CST parser: rules only, no actions (the AST is
 * built by `./cst-to-ast.ts`). Error recovery is on, so a broken file still yields a
 * CST for everything around the break. Items begin with a reserved keyword, which makes
 * each one a re-sync point after an error.
 *
 * Expression precedence, loosest first: `or`; `and`; `not`; comparison (`> < >= <= ==
 * !=`, `crosses above|below`, `between … and …`, at most one per level); `+ -`; `* /`;
 * unary `-`; `x on 1h`; postfix `x[n]`, `x.name`; atoms.
 */
export class AlgoParser extends CstParser {
  constructor() {
    super([...T.ALL_TOKENS], { recoveryEnabled: true, maxLookahead: 2, errorMessageProvider: syntaxErrorMessages });
    this.performSelfAnalysis();
  }

  public readonly sourceFile = this.RULE('sourceFile', () => {
    this.MANY(() => this.SUBRULE(this.strategy));
  });

  public readonly strategy = this.RULE('strategy', () => {
    this.CONSUME(T.Strategy);
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'name' }));
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.item));
    this.CONSUME(T.RCurly);
  });

  public readonly item = this.RULE('item', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.setting) },
      { ALT: () => this.SUBRULE(this.defaultItem) },
      { ALT: () => this.SUBRULE(this.paramDecl) },
      { ALT: () => this.SUBRULE(this.letDecl) },
      { ALT: () => this.SUBRULE(this.entryRule) },
      { ALT: () => this.SUBRULE(this.exitRule) },
    ]);
  });

  public readonly setting = this.RULE('setting', () => {
    this.OR([
      { ALT: () => { this.CONSUME(T.Asset, { LABEL: 'key' }); this.CONSUME(T.Identifier, { LABEL: 'word' }); } },
      { ALT: () => { this.CONSUME(T.Symbols, { LABEL: 'key' }); this.SUBRULE(this.stringList); } },
      { ALT: () => { this.CONSUME(T.Underlying, { LABEL: 'key' }); this.CONSUME1(T.StringLit, { LABEL: 'string' }); } },
      { ALT: () => { this.CONSUME(T.TimeframeKw, { LABEL: 'key' }); this.CONSUME(T.TimeframeLit, { LABEL: 'timeframe' }); } },
      { ALT: () => { this.CONSUME(T.Session, { LABEL: 'key' }); this.SUBRULE(this.clockRange); } },
      { ALT: () => { this.CONSUME(T.Timezone, { LABEL: 'key' }); this.CONSUME2(T.StringLit, { LABEL: 'string' }); } },
      { ALT: () => { this.CONSUME(T.Capital, { LABEL: 'key' }); this.SUBRULE(this.expression); } },
      { ALT: () => { this.CONSUME(T.MaxPositions, { LABEL: 'key' }); this.SUBRULE1(this.expression); } },
      { ALT: () => { this.CONSUME(T.Commission, { LABEL: 'key' }); this.SUBRULE(this.amount); } },
      { ALT: () => { this.CONSUME(T.Slippage, { LABEL: 'key' }); this.SUBRULE1(this.amount); } },
      { ALT: () => { this.CONSUME(T.Fill, { LABEL: 'key' }); this.CONSUME1(T.Identifier, { LABEL: 'word' }); } },
      { ALT: () => { this.CONSUME(T.MaxDailyLoss, { LABEL: 'key' }); this.SUBRULE2(this.expression); } },
      { ALT: () => { this.CONSUME(T.MaxTradesPerDay, { LABEL: 'key' }); this.SUBRULE3(this.expression); } },
    ]);
  });

  public readonly stringList = this.RULE('stringList', () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.StringLit) });
  });

  public readonly clockRange = this.RULE('clockRange', () => {
    this.CONSUME(T.ClockLit, { LABEL: 'start' });
    this.CONSUME(T.Minus);
    this.CONSUME1(T.ClockLit, { LABEL: 'end' });
  });

  public readonly defaultItem = this.RULE('defaultItem', () => {
    this.CONSUME(T.Default);
    this.OR([{ ALT: () => this.SUBRULE(this.sizing) }, { ALT: () => this.SUBRULE(this.stopItem) }]);
  });

  public readonly paramDecl = this.RULE('paramDecl', () => {
    this.CONSUME(T.Param);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression, { LABEL: 'value' });
    this.OPTION(() => {
      this.CONSUME(T.In);
      this.SUBRULE1(this.additive, { LABEL: 'min' });
      this.CONSUME(T.DotDot);
      this.SUBRULE2(this.additive, { LABEL: 'max' });
    });
    this.OPTION1(() => {
      this.CONSUME(T.Step);
      this.SUBRULE3(this.additive, { LABEL: 'step' });
    });
  });

  public readonly letDecl = this.RULE('letDecl', () => {
    this.CONSUME(T.Let);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression, { LABEL: 'value' });
  });

  public readonly entryRule = this.RULE('entryRule', () => {
    this.CONSUME(T.Entry);
    this.OR([{ ALT: () => this.CONSUME(T.Long, { LABEL: 'side' }) }, { ALT: () => this.CONSUME(T.Short, { LABEL: 'side' }) }]);
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
    this.OR1([
      { ALT: () => this.SUBRULE(this.whenClause) },
      {
        ALT: () => {
          this.CONSUME(T.At);
          this.CONSUME(T.ClockLit, { LABEL: 'at' });
          this.OPTION1(() => this.SUBRULE1(this.whenClause));
        },
      },
    ]);
    this.OPTION2(() => {
      this.CONSUME(T.LCurly);
      this.MANY(() => this.SUBRULE(this.orderItem));
      this.CONSUME(T.RCurly);
    });
  });

  public readonly whenClause = this.RULE('whenClause', () => {
    this.CONSUME(T.When);
    this.SUBRULE(this.expression);
  });

  public readonly exitRule = this.RULE('exitRule', () => {
    this.CONSUME(T.Exit);
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.Long, { LABEL: 'target' }) },
        { ALT: () => this.CONSUME(T.Short, { LABEL: 'target' }) },
        { ALT: () => this.CONSUME(T.All, { LABEL: 'target' }) },
      ]),
    );
    this.OPTION1(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
    this.OR1([
      { ALT: () => this.SUBRULE(this.whenClause) },
      { ALT: () => { this.CONSUME(T.At); this.CONSUME(T.ClockLit, { LABEL: 'at' }); } },
      { ALT: () => { this.CONSUME(T.After); this.SUBRULE(this.amount, { LABEL: 'after' }); } },
    ]);
  });

  public readonly orderItem = this.RULE('orderItem', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.optionLeg) }, { ALT: () => this.SUBRULE(this.sizing) }, { ALT: () => this.SUBRULE(this.stopItem) }]);
  });

  public readonly optionLeg = this.RULE('optionLeg', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Buy, { LABEL: 'action' }) }, { ALT: () => this.CONSUME(T.Sell, { LABEL: 'action' }) }]);
    this.OR1([{ ALT: () => this.CONSUME(T.Call, { LABEL: 'right' }) }, { ALT: () => this.CONSUME(T.Put, { LABEL: 'right' }) }]);
    this.SUBRULE(this.strike);
    this.OPTION(() => {
      this.CONSUME(T.Expiry);
      this.CONSUME1(T.Identifier, { LABEL: 'expiry' });
    });
  });

  public readonly strike = this.RULE('strike', () => {
    this.CONSUME(T.Identifier, { LABEL: 'word' });
    this.OPTION(() =>
      this.OR([
        { ALT: () => { this.CONSUME(T.Plus, { LABEL: 'sign' }); this.CONSUME(T.NumberLit, { LABEL: 'steps' }); } },
        { ALT: () => { this.CONSUME(T.Minus, { LABEL: 'sign' }); this.CONSUME1(T.NumberLit, { LABEL: 'steps' }); } },
        { ALT: () => this.CONSUME2(T.NumberLit, { LABEL: 'steps' }) },
      ]),
    );
  });

  public readonly sizing = this.RULE('sizing', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Qty, { LABEL: 'mode' }) },
      { ALT: () => this.CONSUME(T.Size, { LABEL: 'mode' }) },
      { ALT: () => this.CONSUME(T.Risk, { LABEL: 'mode' }) },
    ]);
    this.SUBRULE(this.expression);
    this.OPTION({ GATE: () => this.unitAhead(), DEF: () => this.CONSUME(T.Identifier, { LABEL: 'unit' }) });
    this.OPTION1(() => {
      this.CONSUME(T.Of);
      this.CONSUME1(T.Identifier, { LABEL: 'basis' });
    });
  });

  public readonly stopItem = this.RULE('stopItem', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StopLoss, { LABEL: 'which' }) },
      { ALT: () => this.CONSUME(T.TakeProfit, { LABEL: 'which' }) },
      { ALT: () => this.CONSUME(T.TrailingStop, { LABEL: 'which' }) },
    ]);
    this.OPTION(() => this.CONSUME(T.At));
    this.SUBRULE(this.amount);
  });

  /** `expr [unit [ (args) ]]` — `2 ticks`, `20 per_order`, `2 atr(10)`, `2R`, `10 bars`. */
  public readonly amount = this.RULE('amount', () => {
    this.SUBRULE(this.expression);
    this.OPTION({
      GATE: () => this.unitAhead(),
      DEF: () => {
        this.CONSUME(T.Identifier, { LABEL: 'unit' });
        this.OPTION1(() => this.SUBRULE(this.argumentList));
      },
    });
  });

  /**
   * Whether the next identifier is a unit word (or a typo of one, which the checker then
   * reports). Any other word after a number is left alone, so a misspelt keyword such as
   * `stop_los` yields one syntax error instead of being swallowed as a unit.
   */
  private unitAhead(): boolean {
    const next = this.LA(1);
    if (next.tokenType !== T.Identifier) return false;
    const image = next.image;
    return UNIT_WORDS.has(image) || (image.length >= 3 && suggest(image, UNIT_WORDS) !== undefined && suggest(image, T.KEYWORDS) === undefined);
  }

  // ------------------------------------------------------------ expressions

  public readonly expression = this.RULE('expression', () => {
    this.SUBRULE(this.andExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(T.Or, { LABEL: 'operators' });
      this.SUBRULE1(this.andExpr, { LABEL: 'operands' });
    });
  });

  public readonly andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(T.And, { LABEL: 'operators' });
      this.SUBRULE1(this.notExpr, { LABEL: 'operands' });
    });
  });

  public readonly notExpr = this.RULE('notExpr', () => {
    this.MANY(() => this.CONSUME(T.Not, { LABEL: 'nots' }));
    this.SUBRULE(this.comparison);
  });

  public readonly comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.additive, { LABEL: 'left' });
    this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            this.OR1([
              { ALT: () => this.CONSUME(T.Greater, { LABEL: 'op' }) },
              { ALT: () => this.CONSUME(T.Less, { LABEL: 'op' }) },
              { ALT: () => this.CONSUME(T.GreaterEq, { LABEL: 'op' }) },
              { ALT: () => this.CONSUME(T.LessEq, { LABEL: 'op' }) },
              { ALT: () => this.CONSUME(T.EqEq, { LABEL: 'op' }) },
              { ALT: () => this.CONSUME(T.NotEq, { LABEL: 'op' }) },
            ]);
            this.SUBRULE1(this.additive, { LABEL: 'right' });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Crosses);
            this.OR2([{ ALT: () => this.CONSUME(T.Above, { LABEL: 'direction' }) }, { ALT: () => this.CONSUME(T.Below, { LABEL: 'direction' }) }]);
            this.SUBRULE2(this.additive, { LABEL: 'right' });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Between);
            this.SUBRULE3(this.additive, { LABEL: 'low' });
            this.CONSUME(T.And);
            this.SUBRULE4(this.additive, { LABEL: 'high' });
          },
        },
      ]),
    );
  });

  public readonly additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus, { LABEL: 'operators' }) }, { ALT: () => this.CONSUME(T.Minus, { LABEL: 'operators' }) }]);
      this.SUBRULE1(this.multiplicative, { LABEL: 'operands' });
    });
  });

  public readonly multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Star, { LABEL: 'operators' }) }, { ALT: () => this.CONSUME(T.Slash, { LABEL: 'operators' }) }]);
      this.SUBRULE1(this.unary, { LABEL: 'operands' });
    });
  });

  public readonly unary = this.RULE('unary', () => {
    this.MANY(() => this.CONSUME(T.Minus, { LABEL: 'minus' }));
    this.SUBRULE(this.onExpr);
  });

  public readonly onExpr = this.RULE('onExpr', () => {
    this.SUBRULE(this.postfix);
    this.OPTION(() => {
      this.CONSUME(T.On);
      this.CONSUME(T.TimeframeLit, { LABEL: 'timeframe' });
    });
  });

  public readonly postfix = this.RULE('postfix', () => {
    this.SUBRULE(this.atom);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.indexSuffix, { LABEL: 'suffixes' }) },
        { ALT: () => this.SUBRULE(this.memberSuffix, { LABEL: 'suffixes' }) },
      ]),
    );
  });

  public readonly indexSuffix = this.RULE('indexSuffix', () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RBracket);
  });

  public readonly memberSuffix = this.RULE('memberSuffix', () => {
    this.CONSUME(T.Dot);
    this.CONSUME(T.Name, { LABEL: 'member' });
  });

  public readonly atom = this.RULE('atom', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLit, { LABEL: 'literal' }) },
      { ALT: () => this.CONSUME(T.PercentLit, { LABEL: 'literal' }) },
      { ALT: () => this.CONSUME(T.True, { LABEL: 'literal' }) },
      { ALT: () => this.CONSUME(T.False, { LABEL: 'literal' }) },
      { ALT: () => this.CONSUME(T.StringLit, { LABEL: 'literal' }) },
      { ALT: () => this.CONSUME(T.ClockLit, { LABEL: 'literal' }) },
      { ALT: () => this.CONSUME(T.Placeholder, { LABEL: 'literal' }) },
      {
        ALT: () => {
          this.CONSUME(T.Identifier, { LABEL: 'name' });
          this.OPTION(() => this.SUBRULE(this.argumentList));
        },
      },
      { ALT: () => { this.CONSUME(T.LParen); this.SUBRULE(this.expression, { LABEL: 'inner' }); this.CONSUME(T.RParen); } },
    ]);
  });

  public readonly argumentList = this.RULE('argumentList', () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: 'args' }) });
    this.CONSUME(T.RParen);
  });
}

/** One shared parser instance (chevrotain parsers are reusable and costly to build). */
export const parserInstance = new AlgoParser();

/** Runs the grammar over a token vector; errors are left on `parserInstance.errors`. */
export function parseTokens(tokens: IToken[]): CstNode {
  parserInstance.input = tokens;
  return parserInstance.sourceFile();
}
