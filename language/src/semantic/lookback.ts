import type { Expression, LetDecl } from '../ast.js';
import { lookupFunction } from '../catalogue/index.js';
import type { CheckContext } from './context.js';
import { foldConstant } from './constants.js';
import { barsPer } from './on-timeframe.js';

/**
 * Warm-up of checked expressions: how many bars pass before a value exists, composed
 * from the catalogue's lookback rules — a call waits for its sources, then for its own
 * lookback; `x[n]` adds n; operators take the longest operand; `x on T` converts T-bars
 * into strategy bars. Runs after checking (names and types are resolved), once with
 * params at their defaults and once at their sweep maxima.
 *
 * Only each `let`'s value is memoised: an expression tree is walked once per question,
 * and a name reads its let's memo, so the whole strategy costs one walk (a cache per node
 * cost more in hashing than the walk it saved).
 */
export class LookbackCalculator {
  private readonly letCache = new Map<LetDecl, number>();
  private readonly ratios = new Map<string, number>();
  /** Off inside an `on` whose body the checker skipped (nested in another `on`). */
  private resolveNames = true;

  constructor(
    private readonly ctx: CheckContext,
    private readonly env: ReadonlyMap<string, number>,
  ) {}

  /** Bars (of the timeframe `e` is computed on) before `e` has a value. */
  of(e: Expression): number {
    switch (e.kind) {
      case 'Name': {
        // What the checker resolved the name to (it records exactly this symbol for every
        // name it checks), read by name rather than from the per-node record.
        if (!this.resolveNames) return 0;
        const sym = this.ctx.declared.get(e.name);
        if (sym?.kind === 'let' && sym.declaration?.kind === 'Let') return this.let(sym.declaration);
        return 0;
      }
      case 'Call':
        return this.call(e.callee.name, e.args);
      case 'Index': {
        const n = foldConstant(e.index, this.env);
        return this.of(e.object) + (n !== undefined && n > 0 ? Math.floor(n) : 0) + this.of(e.index);
      }
      case 'On': {
        const inner = this.ctx.onUnchecked.has(e) ? this.unresolved(e.expression) : this.of(e.expression);
        const tf = e.timeframe?.text;
        if (!tf || !this.ctx.onChecked.has(e)) return inner;
        let r = this.ratios.get(tf);
        if (r === undefined) {
          r = barsPer(tf, this.ctx.clock.timeframe, this.ctx.clock.sessionMinutes);
          this.ratios.set(tf, r);
        }
        return (inner + 2) * r - 2;
      }
      case 'Member':
        return this.of(e.object);
      case 'Paren':
        return this.of(e.expression);
      case 'Unary':
        return this.of(e.operand);
      case 'Binary':
        return Math.max(this.of(e.left), this.of(e.right));
      case 'Cross':
        return Math.max(this.of(e.left), this.of(e.right)) + 1;
      case 'Between':
        return Math.max(this.of(e.value), this.of(e.low), this.of(e.high));
      default:
        return 0;
    }
  }

  /** The warm-up of an expression the checker never looked at (its names are not resolved). */
  private unresolved(e: Expression): number {
    const before = this.resolveNames;
    this.resolveNames = false;
    try {
      return this.of(e);
    } finally {
      this.resolveNames = before;
    }
  }

  private call(name: string, args: readonly Expression[]): number {
    const fn = lookupFunction(name);
    let sources = 0;
    for (const a of args) sources = Math.max(sources, this.of(a));
    if (!fn || fn.category !== 'indicator') return sources;
    const consts: (number | undefined)[] = [];
    for (let i = 0; i < fn.params.length; i++) {
      const p = fn.params[i]!;
      const a = args[i];
      consts.push(p.kind === 'source' ? undefined : a ? foldConstant(a, this.env) : typeof p.default === 'number' ? p.default : undefined);
    }
    return sources + ownLookback(fn.lookback, consts);
  }

  /** The warm-up of a let's value, computed once. */
  let(decl: LetDecl): number {
    const hit = this.letCache.get(decl);
    if (hit !== undefined) return hit;
    // Lets are acyclic once checked (cycles have the error type and are never asked for),
    // and the guard keeps a let in a cycle from recursing forever should one be asked.
    this.letCache.set(decl, 0);
    const v = this.of(decl.value);
    this.letCache.set(decl, v);
    return v;
  }
}

/** A catalogue lookback as a whole number of bars (0 when the rule cannot say). */
function ownLookback(rule: (args: readonly (number | undefined)[]) => number, consts: readonly (number | undefined)[]): number {
  try {
    const v = rule(consts);
    return Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;
  } catch {
    return 0;
  }
}
