import type { Expression, Identifier } from '../ast.js';
import type { Word } from '../catalogue/words.js';
import { suggest } from '../diagnostics/suggest.js';
import type { CheckContext } from './context.js';
import { foldConstant } from './constants.js';
import type { ExpressionChecker } from './expressions.js';
import { describeType, type ExprType } from './types.js';

/** What a setting's or order item's number must be. */
export interface AmountRule {
  /** How the value is named in messages, e.g. "`capital`". */
  readonly what: string;
  /** Accepted kinds; the first is named in the message when the value has another. */
  readonly kinds: readonly ('number' | 'percent')[];
  /** A hint for the wrong-kind message, e.g. "write `size 10% of equity`". */
  readonly hint?: string;
  readonly whole?: boolean;
  /** `positive`: > 0 (ALG402); `nonnegative`: ≥ 0. */
  readonly sign?: 'positive' | 'nonnegative';
  /** Series allowed (an absolute stop price read at entry); constants by default. */
  readonly series?: boolean;
}

/**
 * Checks a value against its rule and folds it (params at their defaults). Returns the
 * type and value — `value` undefined for a series — or undefined after a report.
 */
export function checkAmount(ctx: CheckContext, exprs: ExpressionChecker, e: Expression, rule: AmountRule): { type: ExprType; value: number | undefined } | undefined {
  const t = exprs.check(e);
  if (t.kind === 'error') return undefined;
  if (!rule.kinds.includes(t.kind as 'number' | 'percent')) {
    const want = rule.kinds[0] === 'percent' ? 'a percentage' : 'a number';
    ctx.report('ALG300', e.range, `${rule.what} needs ${want}, but \`${ctx.snippet(e.range)}\` is ${describeType(t)}${rule.hint ? `; ${rule.hint}` : ''}`);
    return undefined;
  }
  if (t.variability === 'series') {
    if (rule.series) return { type: t, value: undefined };
    ctx.report('ALG302', e.range, `${rule.what} must be known before the first bar: write a number or use a param, not \`${ctx.snippet(e.range)}\``);
    return undefined;
  }
  const value = foldConstant(e, ctx.paramDefaults);
  if (value === undefined) return { type: t, value };
  const shown = t.kind === 'percent' ? `${+(value * 100).toPrecision(12)}%` : String(value);
  if (rule.sign === 'positive' && value <= 0) {
    ctx.report('ALG402', e.range, `${rule.what} must be above zero, but it is ${shown}`);
    return undefined;
  }
  if (rule.sign === 'nonnegative' && value < 0) {
    ctx.report('ALG402', e.range, `${rule.what} cannot be negative, but it is ${shown}`);
    return undefined;
  }
  if (rule.whole && !Number.isInteger(value)) {
    ctx.report('ALG303', e.range, `${rule.what} must be a whole number, but it is ${shown}`);
    return undefined;
  }
  return { type: t, value };
}

/**
 * Checks a word against the words allowed in its place (ALG206, with did-you-mean).
 * Returns the word when allowed.
 */
export function checkWord(ctx: CheckContext, id: Identifier | undefined, allowed: readonly Word[], what: string): string | undefined {
  if (!id) return undefined;
  const words = allowed.map((w) => w.word);
  if (words.includes(id.name)) return id.name;
  const guess = suggest(id.name, words);
  const list = words.map((w) => `\`${w}\``).join(', ');
  const message = guess ? `unknown ${what} \`${id.name}\` — did you mean \`${guess}\`?` : `unknown ${what} \`${id.name}\`; use one of ${list}`;
  ctx.report('ALG206', id.range, message, { fixes: guess ? [{ title: `Change to \`${guess}\``, range: id.range, text: guess }] : [] });
  return undefined;
}
