import type { DefaultItem, EntryRule, ExitRule, Expression, Item, LetDecl, OrderItem, ParamDecl, Setting, SettingValue } from '../ast.js';
import { logicalChain, printAmount, printClock, printExpression, printIdentifier } from './print-expression.js';

/** Columns a line may take before a long condition is broken at its `and`/`or`. */
export const LINE_WIDTH = 100;

/** Extra indentation of a condition's continuation lines. */
const CONTINUATION = '    ';

/**
 * Prints one item as lines, without the block's indentation (`indent` is only used to
 * decide whether a condition fits on one line; continuation lines carry their own extra
 * indentation relative to the first).
 */
export function printItem(item: Exclude<Item, EntryRule>, indent: string): string[] {
  switch (item.kind) {
    case 'Setting':
      return [`${item.name} ${printSettingValue(item)}`];
    case 'Default':
      return [`default ${printDefault(item)}`];
    case 'Param':
      return [printParam(item)];
    case 'Let':
      return withCondition(`let ${printIdentifier(item.name)} = `, item.value, '', indent);
    case 'Exit':
      return printExit(item, indent);
  }
}

/** The header line(s) of an entry: `entry long "x" when … {` (`{` only when it has a block). */
export function printEntryHeader(e: EntryRule, indent: string, block: boolean): string[] {
  let head = `entry ${e.side ?? ''}`;
  if (e.label) head += ` ${e.label.text}`;
  if (e.at) head += ` at ${printClock(e.at)}`;
  const tail = block ? ' {' : '';
  if (!e.when) return [head + tail];
  return withCondition(`${head} when `, e.when, tail, indent);
}

export function printOrderItem(item: OrderItem): string {
  switch (item.kind) {
    case 'OptionLeg': {
      const s = item.strike;
      let strike = s ? s.word.name : '';
      if (s?.steps) strike += s.sign ? `${s.sign}${printExpression(s.steps)}` : ` ${printExpression(s.steps)}`;
      const expiry = item.expiry ? ` expiry ${item.expiry.name}` : '';
      return `${item.action} ${item.right ?? ''} ${strike}${expiry}`;
    }
    case 'Sizing': {
      const unit = item.unit ? ` ${item.unit.name}` : '';
      const basis = item.basis ? ` of ${item.basis.name}` : '';
      return `${item.mode} ${printExpression(item.amount)}${unit}${basis}`;
    }
    case 'Stop':
      return `${item.which} ${item.at ? 'at ' : ''}${printAmount(item.distance)}`;
  }
}

function printDefault(d: DefaultItem): string {
  return d.item ? printOrderItem(d.item) : '';
}

function printSettingValue(s: Setting): string {
  const v: SettingValue | undefined = s.value;
  if (!v) return '';
  switch (v.kind) {
    case 'Identifier':
      return v.name;
    case 'StringList':
      return v.items.map((i) => i.text).join(', ');
    case 'ClockRange':
      return `${v.start ? printClock(v.start) : ''} - ${v.end ? printClock(v.end) : ''}`;
    case 'Amount':
      return printAmount(v);
    default:
      return printExpression(v);
  }
}

function printParam(p: ParamDecl): string {
  let s = `param ${printIdentifier(p.name)} = ${printExpression(p.value)}`;
  if (p.min && p.max) s += ` in ${printExpression(p.min)}..${printExpression(p.max)}`;
  if (p.step) s += ` step ${printExpression(p.step)}`;
  return s;
}

function printExit(x: ExitRule, indent: string): string[] {
  let head = 'exit';
  if (x.target) head += ` ${x.target}`;
  if (x.label) head += ` ${x.label.text}`;
  if (x.at) return [`${head} at ${printClock(x.at)}`];
  if (x.after) return [`${head} after ${printAmount(x.after)}`];
  if (x.when) return withCondition(`${head} when `, x.when, '', indent);
  return [head];
}

/**
 * `head + expr + tail` on one line when it fits in LINE_WIDTH; otherwise the outermost
 * `and`/`or` chain of `expr` is broken before each operator onto continuation lines.
 */
function withCondition(head: string, expr: Expression, tail: string, indent: string): string[] {
  const one = head + printExpression(expr) + tail;
  const chain = logicalChain(expr);
  if (indent.length + one.length <= LINE_WIDTH || !chain) return [one];
  const [first, ...rest] = chain.operands.map(printExpression);
  const lines = [head + first!];
  rest.forEach((r, i) => lines.push(`${CONTINUATION}${chain.op} ${r}${i === rest.length - 1 ? tail : ''}`));
  return lines;
}
