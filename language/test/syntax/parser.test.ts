import { describe, expect, it } from 'vitest';
import { parse, walk, type EntryRule, type Expression, type Node, type Setting } from '@algo/language';
import { shape, slice, strategy } from '../helpers.js';

/** The `when` of `entry long when <cond>` as a compact string of the tree. */
function tree(condition: string): string {
  const r = parse(strategy(`  entry long when ${condition} { stop_loss 2% }`));
  expect(r.diagnostics).toEqual([]);
  const entry = r.ast.strategies[0]!.items.find((i) => i.kind === 'Entry') as EntryRule;
  return show(entry.when!);
}

function show(e: Expression): string {
  switch (e.kind) {
    case 'Binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'Unary':
      return `(${e.op} ${show(e.operand)})`;
    case 'On':
      return `(${show(e.expression)} on ${e.timeframe?.text})`;
    case 'Index':
      return `${show(e.object)}[${show(e.index)}]`;
    case 'Member':
      return `${show(e.object)}.${e.member?.name}`;
    case 'Call':
      return `${e.callee.name}(${e.args.map(show).join(', ')})`;
    case 'Cross':
      return `(${show(e.left)} crosses ${e.direction} ${show(e.right)})`;
    case 'Between':
      return `(${show(e.value)} between ${show(e.low)} and ${show(e.high)})`;
    case 'Paren':
      return `[${show(e.expression)}]`;
    case 'Name':
      return e.name;
    case 'Number':
    case 'Percent':
    case 'Clock':
    case 'String':
    case 'Timeframe':
      return e.text;
    case 'Bool':
      return String(e.value);
    case 'Missing':
      return '?';
  }
}

describe('expression precedence', () => {
  it('orders or < and < not < comparison < + - < * / < unary < on < postfix', () => {
    expect(tree('a or b and not c > d + e * -f on 1h')).toBe('(a or (b and (not (c > (d + (e * (- (f on 1h))))))))');
  });

  it('binds `on` looser than history, members and calls', () => {
    expect(tree('macd(close).signal[1] on 1h > 0')).toBe('((macd(close).signal[1] on 1h) > 0)');
  });

  it('is left-associative for chains', () => {
    expect(tree('a - b - c > 0 and x and y')).toBe('((((a - b) - c) > 0) and x) and y)'.replace(/^/, '('));
  });

  it('reads `between … and …` before a following `and`', () => {
    expect(tree('time between 09:30 and 14:00 and close > open')).toBe('((time between 09:30 and 14:00) and (close > open))');
  });

  it('reads crossings and keeps parentheses', () => {
    expect(tree('(a + b) crosses above c')).toBe('([(a + b)] crosses above c)');
  });

  it('reads percent, bool and clock literals', () => {
    expect(tree('position.pnl_pct > 2% or false or time == 9:30')).toBe('(((position.pnl_pct > 2%) or false) or (time == 9:30))');
  });
});

describe('items', () => {
  it('reads every setting form into its value shape', () => {
    const text = strategy(`  timeframe 5m
  session 09:20 - 15:10
  timezone "Asia/Kolkata"
  capital 200_000
  commission 20 per_order
  slippage 2 ticks
  fill on_close
  max_daily_loss 2%
  max_trades_per_day 4`, 'asset options\n  symbols "NSE_EQ|A", "NSE_EQ|B"');
    const r = parse(text);
    expect(r.diagnostics).toEqual([]);
    const settings = r.ast.strategies[0]!.items as Setting[];
    expect(settings.map((s) => `${s.name}=${s.value?.kind}`)).toEqual([
      'asset=Identifier',
      'symbols=StringList',
      'timeframe=Timeframe',
      'session=ClockRange',
      'timezone=String',
      'capital=Number',
      'commission=Amount',
      'slippage=Amount',
      'fill=Identifier',
      'max_daily_loss=Percent',
      'max_trades_per_day=Number',
    ]);
  });

  it('reads a commission preset as a word', () => {
    const r = parse(strategy('  commission india_options'));
    const s = r.ast.strategies[0]!.items.at(-1) as Setting;
    expect(s.value).toMatchObject({ kind: 'Identifier', name: 'india_options' });
  });

  it('reads params with range and step, and entries and exits of every form', () => {
    const r = parse(
      strategy(`  param n = 20 in 10..60 step 5
  param sl = 2% in 1%..4% step 0.5%
  entry short "s" at 09:30 when close > open {
    sell put otm 2 expiry monthly
    qty 2 lots
    size 10% of equity
    stop_loss 2 atr(10)
    take_profit 2R
    trailing_stop at 5
  }
  exit long "s" after 10 bars
  exit all at 15:10`),
    );
    expect(r.diagnostics).toEqual([]);
    expect(shape(r.ast.strategies[0]!.items.slice(2))).toMatchSnapshot();
  });
});

describe('ranges', () => {
  it('gives every node a range inside its parent, covering its own text', () => {
    const text = strategy(`  let upper = highest(high, 20)[1] on 1h
  entry long "b" when close crosses above upper and rsi(close, 14) > 55 {
    buy call atm+1 expiry weekly
    stop_loss 30%
  }`);
    const r = parse(text);
    const parents = new Map<Node, Node | undefined>();
    walk(r.ast, (n, p) => {
      parents.set(n, p);
    });
    for (const [n, p] of parents) {
      expect(n.range.start.offset).toBeLessThanOrEqual(n.range.end.offset);
      if (p) {
        expect(n.range.start.offset).toBeGreaterThanOrEqual(p.range.start.offset);
        expect(n.range.end.offset).toBeLessThanOrEqual(p.range.end.offset);
      }
    }
    const entry = r.ast.strategies[0]!.items[3] as EntryRule;
    expect(slice(text, entry.when!.range)).toBe('close crosses above upper and rsi(close, 14) > 55');
    expect(slice(text, entry.items[0]!.range)).toBe('buy call atm+1 expiry weekly');
    expect(entry.range.start).toMatchObject({ line: 5, column: 3 });
  });
});

describe('error recovery', () => {
  it('reports one misspelt keyword once, with a fix, and keeps the items after it', () => {
    const text = strategy(`  entry long when close > open {
    qty 10
    stop_los 2%
  }
  exit at 15:20`);
    const r = parse(text);
    expect(r.diagnostics.map((d) => d.message)).toEqual(['unknown keyword `stop_los` — did you mean `stop_loss`?']);
    expect(r.diagnostics[0]!.fixes[0]).toMatchObject({ text: 'stop_loss' });
    expect(r.ast.strategies[0]!.items.map((i) => i.kind)).toEqual(['Setting', 'Setting', 'Entry', 'Exit']);
  });

  it('says where an order item is misplaced', () => {
    const r = parse(strategy('  stop_loss 2%'));
    expect(r.diagnostics.map((d) => d.message)).toEqual(['`stop_loss` belongs inside an entry block (`entry long when … { stop_loss … }`) or after `default`']);
  });

  it('recovers inside an expression and leaves a Missing node', () => {
    const r = parse(strategy('  let x = close >\n  let y = 1'));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['ALG101']);
    const items = r.ast.strategies[0]!.items;
    expect(items.map((i) => i.kind)).toEqual(['Setting', 'Setting', 'Let', 'Let']);
  });

  it('reports a missing closing brace at the end of the file', () => {
    const r = parse('strategy "x" {\n  asset stocks\n');
    expect(r.diagnostics.map((d) => d.message)).toEqual(['the file ends before this block is closed: add `}`']);
  });

  it('never throws and gives an empty tree for empty text', () => {
    const r = parse('');
    expect(r.ast.strategies).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });
});
