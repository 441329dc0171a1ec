import { CstParser, type IRecognitionException, type IToken } from 'chevrotain';
import { Cst, type CstNode } from './cst.js';
import { ExpressionGrammar } from './grammar-expressions.js';
import { syntaxErrorMessages } from './parse-errors.js';
import { L } from './labels.js';
import * as T from './tokens.js';

const ORDER_STARTS = [T.Buy, T.Sell, T.Qty, T.Size, T.Risk, T.StopLoss, T.TakeProfit, T.TrailingStop];

/**
 * The `.algo` grammar as a chevrotain CST parser (items here, expressions in
 * `./grammar-expressions.ts`): rules only, no actions (the AST is built by
 * `./build-items.ts` and `./build-expressions.ts`). Error recovery is on, so a broken file still yields a
 * CST for everything around the break. Items begin with a reserved keyword, which makes
 * each one a re-sync point after an error.
 *
 * Expression precedence (applied by the AST builder to the flat operand/operator list the
 * grammar reads), loosest first: `or`; `and`; `not`; comparison (`> < >= <= == !=`,
 * `crosses above|below`, `between … and …`, not chained); `+ -`; `* /`; unary `-`;
 * `x on 1h`; postfix `x[n]`, `x.name`; atoms.
 */
export class AlgoParser extends ExpressionGrammar {
  constructor() {
    super({ recoveryEnabled: true, maxLookahead: 2, errorMessageProvider: syntaxErrorMessages });
    this.performSelfAnalysis();
  }

  public readonly sourceFile = this.RULE('sourceFile', () => {
    this.MANY(() => this.SUBRULE(this.strategy));
  });

  public readonly strategy = this.RULE('strategy', () => {
    this.CONSUME(T.Strategy);
    this.OPTION(() => this.CONSUME(T.StringLit, L.name));
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.item));
    this.CONSUME(T.RCurly);
  });

  public readonly item = this.RULE('item', () => {
    this.OR(this.alts(0, () => [
      { ALT: () => this.SUBRULE(this.setting) },
      { ALT: () => this.SUBRULE(this.defaultItem) },
      { ALT: () => this.SUBRULE(this.paramDecl) },
      { ALT: () => this.SUBRULE(this.letDecl) },
      { ALT: () => this.SUBRULE(this.entryRule) },
      { ALT: () => this.SUBRULE(this.exitRule) },
      { ALT: () => this.SUBRULE(this.badItem) },
    ]));
  });

  /**
   * Something that is not an item: a misspelt keyword (`entr long when …`) or an order
   * item outside a block. It is read whole — to the next item keyword, with its `{ … }`
   * block — so it yields one diagnostic and the strategy goes on after it.
   */
  public readonly badItem = this.RULE('badItem', () => {
    this.OR(this.alts(100, () => [
      { ALT: () => this.CONSUME(T.Identifier, L.head) },
      ...ORDER_STARTS.map((t) => ({ ALT: () => this.CONSUME(t, L.head) })),
    ]));
    this.MANY(() => this.CONSUME(T.Junk, L.skipped));
    this.OPTION(() => {
      this.CONSUME(T.LCurly);
      this.MANY1(() => this.CONSUME1(T.Junk, L.skipped));
      this.CONSUME(T.RCurly);
    });
  });

  public readonly setting = this.RULE('setting', () => {
    this.OR(this.alts(1, () => [
      { ALT: () => { this.CONSUME(T.Asset, L.key); this.CONSUME(T.Identifier, L.word); } },
      { ALT: () => { this.CONSUME(T.Symbols, L.key); this.SUBRULE(this.stringList); } },
      { ALT: () => { this.CONSUME(T.Underlying, L.key); this.CONSUME1(T.StringLit, L.string); } },
      { ALT: () => { this.CONSUME(T.TimeframeKw, L.key); this.CONSUME(T.TimeframeLit, L.timeframe); } },
      { ALT: () => { this.CONSUME(T.Session, L.key); this.SUBRULE(this.clockRange); } },
      { ALT: () => { this.CONSUME(T.Timezone, L.key); this.CONSUME2(T.StringLit, L.string); } },
      { ALT: () => { this.CONSUME(T.Capital, L.key); this.SUBRULE(this.expression); } },
      { ALT: () => { this.CONSUME(T.MaxPositions, L.key); this.SUBRULE1(this.expression); } },
      { ALT: () => { this.CONSUME(T.Commission, L.key); this.SUBRULE(this.amount); } },
      { ALT: () => { this.CONSUME(T.Slippage, L.key); this.SUBRULE1(this.amount); } },
      { ALT: () => { this.CONSUME(T.Fill, L.key); this.CONSUME1(T.Identifier, L.word); } },
      { ALT: () => { this.CONSUME(T.MaxDailyLoss, L.key); this.SUBRULE2(this.expression); } },
      { ALT: () => { this.CONSUME(T.MaxTradesPerDay, L.key); this.SUBRULE3(this.expression); } },
    ]));
  });

  public readonly stringList = this.RULE('stringList', () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.StringLit) });
  });

  public readonly clockRange = this.RULE('clockRange', () => {
    this.CONSUME(T.ClockLit, L.start);
    this.CONSUME(T.Minus);
    this.CONSUME1(T.ClockLit, L.end);
  });

  public readonly defaultItem = this.RULE('defaultItem', () => {
    this.CONSUME(T.Default);
    this.OR(this.alts(2, () => [{ ALT: () => this.SUBRULE(this.sizing) }, { ALT: () => this.SUBRULE(this.stopItem) }]));
  });

  public readonly paramDecl = this.RULE('paramDecl', () => {
    this.CONSUME(T.Param);
    this.CONSUME(T.Identifier, L.name);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression, L.value);
    this.OPTION(() => {
      this.CONSUME(T.In);
      this.SUBRULE1(this.expression, L.min);
      this.CONSUME(T.DotDot);
      this.SUBRULE2(this.expression, L.max);
    });
    this.OPTION1(() => {
      this.CONSUME(T.Step);
      this.SUBRULE3(this.expression, L.step);
    });
  });

  public readonly letDecl = this.RULE('letDecl', () => {
    this.CONSUME(T.Let);
    this.CONSUME(T.Identifier, L.name);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression, L.value);
  });

  public readonly entryRule = this.RULE('entryRule', () => {
    this.CONSUME(T.Entry);
    this.OR(this.alts(3, () => [{ ALT: () => this.CONSUME(T.Long, L.side) }, { ALT: () => this.CONSUME(T.Short, L.side) }]));
    this.OPTION(() => this.CONSUME(T.StringLit, L.label));
    this.OR1(this.alts(4, () => [
      { ALT: () => this.SUBRULE(this.whenClause) },
      {
        ALT: () => {
          this.CONSUME(T.At);
          this.CONSUME(T.ClockLit, L.at);
          this.OPTION1(() => this.SUBRULE1(this.whenClause));
        },
      },
    ]));
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
      this.OR(this.alts(5, () => [
        { ALT: () => this.CONSUME(T.Long, L.target) },
        { ALT: () => this.CONSUME(T.Short, L.target) },
        { ALT: () => this.CONSUME(T.All, L.target) },
      ])),
    );
    this.OPTION1(() => this.CONSUME(T.StringLit, L.label));
    this.OR1(this.alts(6, () => [
      { ALT: () => this.SUBRULE(this.whenClause) },
      { ALT: () => { this.CONSUME(T.At); this.CONSUME(T.ClockLit, L.at); } },
      { ALT: () => { this.CONSUME(T.After); this.SUBRULE(this.amount, L.after); } },
    ]));
  });

  public readonly orderItem = this.RULE('orderItem', () => {
    this.OR(this.alts(101, () => [
      { ALT: () => this.SUBRULE(this.optionLeg) },
      { ALT: () => this.SUBRULE(this.sizing) },
      { ALT: () => this.SUBRULE(this.stopItem) },
      { ALT: () => this.SUBRULE(this.badOrderItem) },
    ]));
  });

  /** A misspelt order item (`stop_los 2%`), read to the next order keyword or `}`. */
  public readonly badOrderItem = this.RULE('badOrderItem', () => {
    this.CONSUME(T.Identifier, L.head);
    this.MANY(() => this.CONSUME(T.OrderJunk, L.skipped));
  });

  public readonly optionLeg = this.RULE('optionLeg', () => {
    this.OR(this.alts(8, () => [{ ALT: () => this.CONSUME(T.Buy, L.action) }, { ALT: () => this.CONSUME(T.Sell, L.action) }]));
    this.OR1(this.alts(9, () => [{ ALT: () => this.CONSUME(T.Call, L.right) }, { ALT: () => this.CONSUME(T.Put, L.right) }]));
    this.SUBRULE(this.strike);
    this.OPTION(() => {
      this.CONSUME(T.Expiry);
      this.CONSUME1(T.Identifier, L.expiry);
    });
  });

  public readonly strike = this.RULE('strike', () => {
    this.CONSUME(T.Identifier, L.word);
    this.OPTION(() =>
      this.OR(this.alts(10, () => [
        { ALT: () => { this.CONSUME(T.Plus, L.sign); this.CONSUME(T.NumberLit, L.steps); } },
        { ALT: () => { this.CONSUME(T.Minus, L.sign); this.CONSUME1(T.NumberLit, L.steps); } },
        { ALT: () => this.CONSUME2(T.NumberLit, L.steps) },
      ])),
    );
  });

  public readonly sizing = this.RULE('sizing', () => {
    this.OR(this.alts(11, () => [
      { ALT: () => this.CONSUME(T.Qty, L.mode) },
      { ALT: () => this.CONSUME(T.Size, L.mode) },
      { ALT: () => this.CONSUME(T.Risk, L.mode) },
    ]));
    this.SUBRULE(this.expression);
    this.OPTION({ GATE: () => this.unitAhead(), DEF: () => this.CONSUME(T.Identifier, L.unit) });
    this.OPTION1(() => {
      this.CONSUME(T.Of);
      this.CONSUME1(T.Identifier, L.basis);
    });
  });

  public readonly stopItem = this.RULE('stopItem', () => {
    this.OR(this.alts(12, () => [
      { ALT: () => this.CONSUME(T.StopLoss, L.which) },
      { ALT: () => this.CONSUME(T.TakeProfit, L.which) },
      { ALT: () => this.CONSUME(T.TrailingStop, L.which) },
    ]));
    this.OPTION(() => this.CONSUME(T.At));
    this.SUBRULE(this.amount);
  });
}

/**
 * After this many syntax errors the parser stops: each error costs a scan for a re-sync
 * point, so the cap is what keeps parsing linear on garbage (and the output readable).
 */
export const MAX_SYNTAX_ERRORS = 100;

class TooManyErrors extends Error {}

const saveError = (CstParser.prototype as unknown as { SAVE_ERROR(this: CstParser, e: IRecognitionException): IRecognitionException }).SAVE_ERROR;

const NO_TREE = new Cst([]);

/** What chevrotain holds on its stack for a rule being parsed: the node, and a flag it sets on recovery. */
class Frame {
  node: CstNode = 0;
  recoveredNode = false;
}

/**
 * The grammar, plus the error cap (a hook on chevrotain's error bookkeeping) and a lean
 * tree: chevrotain's tree-building hooks, overridden to fill a `Cst` (`./cst.ts`)
 * instead of building its dictionary-per-node CST. Chevrotain still decides what goes
 * where — which node a token or sub-rule joins, what a recovered rule hands its parent —
 * so the tree is the same; only its form is cheaper. The objects on chevrotain's stack
 * are reused per depth: one is handed to the parent (`cstPostNonTerminal`) right after
 * its rule ends, before another rule can start at that depth.
 */
class CappedParser extends AlgoParser {
  limit = Number.POSITIVE_INFINITY;
  cst = NO_TREE;
  private readonly frames: Frame[] = [];
  /** Chevrotain's stack of the rules being parsed (it reads the top on error recovery). */
  declare CST_STACK: Frame[];
  declare currIdx: number;

  protected SAVE_ERROR(error: IRecognitionException): IRecognitionException {
    const saved = saveError.call(this, error);
    if (this.errors.length >= this.limit) throw new TooManyErrors();
    return saved;
  }

  // Chevrotain's tree hooks (trait `TreeBuilder`; node location tracking is off).
  protected cstInvocationStateUpdate(ruleName: string): void {
    const depth = this.CST_STACK.length;
    const frame = (this.frames[depth] ??= new Frame());
    frame.node = this.cst.open(ruleName);
    frame.recoveredNode = false;
    this.CST_STACK.push(frame);
  }

  protected cstFinallyStateUpdate(): void {
    this.CST_STACK.pop();
  }

  protected cstPostTerminal(label: string, token: IToken): void {
    // `currIdx` (chevrotain's input position) is the token's index unless recovery made it up.
    this.cst.addToken(this.CST_STACK[this.CST_STACK.length - 1]!.node, label, token, this.currIdx);
  }

  protected cstPostNonTerminal(child: Frame, label: string): void {
    this.cst.addNode(this.CST_STACK[this.CST_STACK.length - 1]!.node, label, child.node);
  }
}

/** One shared parser instance (chevrotain parsers are reusable and costly to build). */
export const parserInstance: AlgoParser = new CappedParser();

/** What the grammar made of a token vector. */
export interface ParsedTokens {
  readonly cst: Cst;
  readonly root: CstNode;
  /** Chevrotain's parse errors, in the order found. */
  readonly errors: IRecognitionException[];
  /** The offset where parsing stopped after MAX_SYNTAX_ERRORS, if it did. */
  readonly truncatedAt: number | undefined;
}

/** Runs the grammar over a token vector. */
export function parseTokens(tokens: IToken[]): ParsedTokens {
  const p = parserInstance as CappedParser;
  try {
    p.limit = MAX_SYNTAX_ERRORS;
    p.cst = new Cst(tokens);
    p.input = tokens;
    try {
      const root = (p.sourceFile() as unknown as Frame).node;
      return { cst: p.cst, root, errors: p.errors, truncatedAt: undefined };
    } catch (e) {
      if (!(e instanceof TooManyErrors)) throw e;
      // Parse again only up to the last error: the same errors, and a tree for that part.
      const last = p.errors[p.errors.length - 1]!.token;
      const cut = tokens.findIndex((t) => t.startOffset >= last.startOffset);
      p.limit = Number.POSITIVE_INFINITY;
      p.input = tokens.slice(0, cut < 0 ? tokens.length : cut);
      p.cst = new Cst(p.input);
      const root = (p.sourceFile() as unknown as Frame).node;
      return { cst: p.cst, root, errors: p.errors, truncatedAt: last.startOffset };
    }
  } finally {
    // The shared parser must not keep this file's tokens and tree alive until the next parse.
    p.cst = NO_TREE;
    p.input = [];
  }
}
