import type { Expr, RefExpr } from '../graph/expr.js';
import type { FieldName } from '../graph/names.js';
import { exprKey, ref } from './build.js';

/** A series while the graph is being built: referenced by a temporary id `#<n>`. */
export interface PendingSeries {
  /** temporary id, `#0`, `#1`, … in creation order (which is evaluation order) */
  readonly tempId: string;
  /** the `n` of the temporary id: the series' place in `SeriesTable.list` */
  readonly index: number;
  readonly kind: 'field' | 'indicator' | 'derived';
  readonly timeframe: string;
  readonly expr: Expr;
  /** `let` names bound to this series, in the order they were bound */
  readonly names: string[];
}

/**
 * Interns series by structural key, so the same computation on the same timeframe is one
 * series however often (and under whatever name) the source writes it: two
 * `ema(close, 9)` are one series, and `rsi(close)` is `rsi(close, 14)`. Series are created
 * children first, so creation order is an evaluation order. Final ids are given later
 * (`finalize.ts`), once every `let` name is known.
 */
export class SeriesTable {
  readonly list: PendingSeries[] = [];
  private readonly byKey = new Map<string, PendingSeries>();
  private readonly byTemp = new Map<string, PendingSeries>();
  private readonly fields = new Map<string, RefExpr>();

  /** The series for bar field `field` on `timeframe`. */
  field(field: FieldName, timeframe: string): RefExpr {
    const key = `${field}@${timeframe}`;
    let r = this.fields.get(key);
    if (!r) {
      r = this.intern('field', timeframe, { op: 'field', field });
      this.fields.set(key, r);
    }
    return r;
  }

  /** The series computing `expr` on `timeframe` (a `call` makes an indicator series). */
  intern(kind: PendingSeries['kind'], timeframe: string, expr: Expr): RefExpr {
    const key = `${kind}|${timeframe}|${exprKey(expr)}`;
    let s = this.byKey.get(key);
    if (!s) {
      const index = this.list.length;
      s = { tempId: `#${index}`, index, kind, timeframe, expr, names: [] };
      this.list.push(s);
      this.byKey.set(key, s);
      this.byTemp.set(s.tempId, s);
    }
    return ref(s.tempId);
  }

  /** The pending series behind a temporary id (undefined for anything else). */
  get(tempId: string): PendingSeries | undefined {
    return this.byTemp.get(tempId);
  }

  /** Records that `let name` is bound to series `tempId`. */
  bindName(tempId: string, name: string): void {
    const s = this.byTemp.get(tempId);
    if (s && !s.names.includes(name)) s.names.push(name);
  }
}
