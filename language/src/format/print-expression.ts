import type { Amount, ClockLiteral, Expression, Identifier } from '../ast.js';

/**
 * Prints expressions in canonical form: one space around binary operators and words,
 * none inside brackets or after unary minus, `, ` between arguments, clock times as HH:MM,
 * numbers and strings exactly as written, parentheses exactly where the source had them
 * (the tree already encodes precedence, so none are added or dropped).
 */
export function printExpression(e: Expression): string {
  switch (e.kind) {
    case 'Number':
    case 'Percent':
    case 'String':
    case 'Timeframe':
      return e.text;
    case 'Bool':
      return e.value ? 'true' : 'false';
    case 'Clock':
      return printClock(e);
    case 'Name':
      return e.name;
    case 'Call':
      return `${e.callee.name}(${e.args.map(printExpression).join(', ')})`;
    case 'Member':
      return `${printExpression(e.object)}.${e.member?.name ?? ''}`;
    case 'Index':
      return `${printExpression(e.object)}[${printExpression(e.index)}]`;
    case 'On':
      return `${printExpression(e.expression)} on ${e.timeframe?.text ?? ''}`;
    case 'Unary':
      return e.op === 'not' ? `not ${printExpression(e.operand)}` : `-${printExpression(e.operand)}`;
    case 'Binary':
      return `${printExpression(e.left)} ${e.op} ${printExpression(e.right)}`;
    case 'Cross':
      return `${printExpression(e.left)} crosses ${e.direction} ${printExpression(e.right)}`;
    case 'Between':
      return `${printExpression(e.value)} between ${printExpression(e.low)} and ${printExpression(e.high)}`;
    case 'Paren':
      return `(${printExpression(e.expression)})`;
    case 'Missing':
      return '';
  }
}

/**
 * The operands of the outermost `and`/`or` chain (`a and b and c` → [a, b, c] with op
 * `and`), for breaking a long condition over lines; undefined when `e` is not such a chain.
 */
export function logicalChain(e: Expression): { op: 'and' | 'or'; operands: Expression[] } | undefined {
  if (e.kind !== 'Binary' || (e.op !== 'and' && e.op !== 'or')) return undefined;
  const op = e.op;
  const operands: Expression[] = [];
  let cur: Expression = e;
  while (cur.kind === 'Binary' && cur.op === op) {
    operands.push(cur.right);
    cur = cur.left;
  }
  operands.push(cur);
  return { op, operands: operands.reverse() };
}

/** `09:30` (hours padded to two digits). */
export function printClock(c: ClockLiteral): string {
  return `${String(c.hour).padStart(2, '0')}:${String(c.minute).padStart(2, '0')}`;
}

/** `2 ticks`, `2 atr(10)`, `2R` (R hugs its number), `2%`. */
export function printAmount(a: Amount): string {
  const amount = printExpression(a.amount);
  if (!a.unit) return amount;
  const args = a.unitArgs.length ? `(${a.unitArgs.map(printExpression).join(', ')})` : '';
  const sep = a.unit.name === 'R' && a.amount.kind === 'Number' ? '' : ' ';
  return `${amount}${sep}${a.unit.name}${args}`;
}

export function printIdentifier(id: Identifier | undefined): string {
  return id?.name ?? '';
}
