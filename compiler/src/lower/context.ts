import { applyMath, type Expression, type LetDecl, type ParamDecl, type Range } from '@algo/language';
import { CompilerError, ERROR_CODES } from '../errors.js';
import type { CompileDiagnostic } from '../diagnostics.js';
import type { Expr } from '../graph/expr.js';
import { SeriesTable } from './series-table.js';

/** What the compiler knows about one `param` while lowering. */
export interface ParamInfo {
  readonly name: string;
  readonly decl: ParamDecl;
  readonly type: 'number' | 'percent' | 'bool';
  readonly default: number | boolean;
  /** the value this compile uses: an override, else the default */
  readonly value: number | boolean;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  /** set while lowering: the parameter is used where a whole number is required */
  integer: boolean;
  /** set while lowering: the smallest value any use accepts (a length ≥ 1, a history offset ≥ 0) */
  atLeast?: number;
  /** set while lowering: where that strictest use is */
  usedAt?: Range;
}

/** A number known before the first bar, and the parameter it is exactly (if it is one). */
export interface ConstNumber {
  readonly value: number;
  readonly param?: string;
}

/**
 * State shared by the lowering stages of one compile: the base timeframe, the strategy's
 * params and lets, the series table, and problems only the compiler can see.
 */
export class LowerContext {
  readonly table = new SeriesTable();
  readonly problems: CompileDiagnostic[] = [];
  /** `let`s lowered, per timeframe: timeframe → name → expression */
  private readonly letMemo = new Map<string, Map<string, Expr>>();
  readonly letsInProgress = new Set<string>();

  constructor(
    readonly base: string,
    readonly params: ReadonlyMap<string, ParamInfo>,
    readonly lets: ReadonlyMap<string, LetDecl>,
  ) {}

  /** The lowering of `let name` on `tf`, if done. */
  loweredLet(name: string, tf: string): Expr | undefined {
    return this.letMemo.get(tf)?.get(name);
  }

  /** Records the lowering of `let name` on `tf`. */
  rememberLet(name: string, tf: string, value: Expr): void {
    let byName = this.letMemo.get(tf);
    if (!byName) {
      byName = new Map();
      this.letMemo.set(tf, byName);
    }
    byName.set(name, value);
  }

  /** Evaluates an expression made only of literals, params and arithmetic; undefined otherwise. */
  constNumber(e: Expression): ConstNumber | undefined {
    switch (e.kind) {
      case 'Number':
      case 'Percent':
        return { value: e.value };
      case 'Clock':
        return { value: e.hour * 60 + e.minute };
      case 'Paren':
        return this.constNumber(e.expression);
      case 'Name': {
        const p = this.params.get(e.name);
        if (p) return typeof p.value === 'number' ? { value: p.value, param: p.name } : undefined;
        const l = this.lets.get(e.name);
        if (l && !this.letsInProgress.has(e.name)) {
          this.letsInProgress.add(e.name);
          const v = this.constNumber(l.value);
          this.letsInProgress.delete(e.name);
          return v && { value: v.value };
        }
        return undefined;
      }
      case 'Unary': {
        if (e.op !== '-') return undefined;
        const v = this.constNumber(e.operand);
        return v && { value: -v.value };
      }
      case 'Binary': {
        const a = this.constNumber(e.left);
        const b = this.constNumber(e.right);
        if (!a || !b) return undefined;
        const v = e.op === '+' ? a.value + b.value : e.op === '-' ? a.value - b.value : e.op === '*' ? a.value * b.value : e.op === '/' ? a.value / b.value : NaN;
        return Number.isFinite(v) ? { value: v } : undefined;
      }
      case 'Call': {
        const args = e.args.map((a) => this.constNumber(a));
        if (args.some((a) => a === undefined)) return undefined;
        const v = applyMath(e.callee.name, args.map((a) => a!.value));
        return v !== undefined && Number.isFinite(v) ? { value: v } : undefined;
      }
      default:
        return undefined;
    }
  }

  /** Like `constNumber`, for places the checker guarantees a constant; a miss is a compiler bug. */
  requireConst(e: Expression, what: string): ConstNumber {
    const v = this.constNumber(e);
    if (!v) throw new CompilerError(ERROR_CODES.internal, `${what} at ${e.range.start.line}:${e.range.start.column} is not a constant`);
    return v;
  }

  /** Records a use of parameter `name` that needs a whole number of at least `min`. */
  noteWholeUse(name: string | undefined, min: number, at: Range): void {
    const p = name === undefined ? undefined : (this.params.get(name) as ParamInfo | undefined);
    if (!p) return;
    p.integer = true;
    if (p.atLeast === undefined || min > p.atLeast) {
      p.atLeast = min;
      p.usedAt = at;
    }
  }
}

/** Throws the compiler-bug error for an AST shape the checker should have rejected. */
export function unexpected(node: { kind: string; range: Range }, where: string): never {
  throw new CompilerError(
    ERROR_CODES.internal,
    `unexpected ${node.kind} in ${where} at ${node.range.start.line}:${node.range.start.column}`,
  );
}
