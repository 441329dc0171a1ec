import type { Expr, RefExpr } from '../graph/expr.js';
import type { FieldName } from '../graph/names.js';
import { ref } from './build.js';
import { exprHash, sameExpr } from './expr-identity.js';

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
 * Interns series by structure (`expr-identity.ts`), so the same computation on the same timeframe is one
 * series however often (and under whatever name) the source writes it: two
 * `ema(close, 9)` are one series, and `rsi(close)` is `rsi(close, 14)`. Series are created
 * children first, so creation order is an evaluation order. Final ids are given later
 * (`finalize.ts`), once every `let` name is known.
 */
export class SeriesTable {
  readonly list: PendingSeries[] = [];
  /** kind and timeframe (`indicator|5m`) → structural hash → the series with that hash */
  private readonly byKey = new Map<string, Map<number, PendingSeries[]>>();
  /** timeframe → field → its series */
  private readonly fields = new Map<string, Map<string, RefExpr>>();

  /** The series for bar field `field` on `timeframe`. */
  field(field: FieldName, timeframe: string): RefExpr {
    let onTf = this.fields.get(timeframe);
    if (!onTf) {
      onTf = new Map();
      this.fields.set(timeframe, onTf);
    }
    let r = onTf.get(field);
    if (!r) {
      r = this.intern('field', timeframe, { op: 'field', field });
      onTf.set(field, r);
    }
    return r;
  }

  /** The series computing `expr` on `timeframe` (a `call` makes an indicator series). */
  intern(kind: PendingSeries['kind'], timeframe: string, expr: Expr): RefExpr {
    const group = `${kind}|${timeframe}`;
    let byExpr = this.byKey.get(group);
    if (!byExpr) {
      byExpr = new Map();
      this.byKey.set(group, byExpr);
    }
    const hash = exprHash(expr);
    let bucket = byExpr.get(hash);
    let s = bucket?.find((x) => sameExpr(x.expr, expr));
    if (!s) {
      const index = this.list.length;
      s = { tempId: `#${index}`, index, kind, timeframe, expr, names: [] };
      this.list.push(s);
      if (bucket) bucket.push(s);
      else byExpr.set(hash, (bucket = [s]));
    }
    return ref(s.tempId);
  }

  /** The pending series behind a temporary id (undefined for anything else). */
  get(tempId: string): PendingSeries | undefined {
    // `#<n>` is the series' place in the list: read the number instead of hashing the id.
    if (tempId.charCodeAt(0) !== 35 /* # */) return undefined;
    let n = 0;
    for (let i = 1; i < tempId.length; i++) {
      const d = tempId.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return undefined;
      n = n * 10 + d;
    }
    const s = this.list[n];
    return s !== undefined && s.tempId === tempId ? s : undefined;
  }

  /** Records that `let name` is bound to series `tempId`. */
  bindName(tempId: string, name: string): void {
    const s = this.get(tempId);
    if (s && !s.names.includes(name)) s.names.push(name);
  }
}
