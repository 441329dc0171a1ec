import type { Expression, LetDecl } from '../ast.js';
import type { CheckContext } from './context.js';

/** Lets in an order where each comes after the lets it reads, and those caught in cycles. */
export interface LetOrder {
  readonly ordered: LetDecl[];
  /** Lets that cannot be ordered: in a cycle or reading one (their types become errors). */
  readonly blocked: Set<LetDecl>;
}

/**
 * Orders lets by their dependencies (Kahn's algorithm, source order among equals) and
 * reports each cycle once (ALG205) at its first let. Iterative throughout (Tarjan's
 * strongly connected components without recursion), so a long chain of lets is fine.
 */
export function orderLets(lets: readonly LetDecl[], ctx: CheckContext): LetOrder {
  const index = new Map<LetDecl, number>();
  lets.forEach((l, i) => index.set(l, i));
  const deps: number[][] = lets.map((l) => {
    const out: number[] = [];
    forEachName(l.value, (name) => {
      const sym = ctx.declared.get(name);
      if (sym?.kind === 'let' && sym.declaration?.kind === 'Let') {
        const j = index.get(sym.declaration);
        if (j !== undefined && !out.includes(j)) out.push(j);
      }
    });
    return out;
  });
  const dependents: number[][] = lets.map(() => []);
  const missing = deps.map((d) => d.length);
  deps.forEach((d, i) => d.forEach((j) => dependents[j]!.push(i)));

  const ordered: LetDecl[] = [];
  const ready = lets.map((_, i) => i).filter((i) => missing[i] === 0);
  for (let k = 0; k < ready.length; k++) {
    const i = ready[k]!;
    ordered.push(lets[i]!);
    for (const d of dependents[i]!) if (--missing[d]! === 0) ready.push(d);
  }
  const blocked = new Set<LetDecl>(lets.filter((_, i) => missing[i]! > 0));
  if (blocked.size > 0) reportCycles(lets, deps, ctx);
  return { ordered, blocked };
}

function reportCycles(lets: readonly LetDecl[], deps: number[][], ctx: CheckContext): void {
  for (const scc of stronglyConnected(deps)) {
    const selfLoop = scc.length === 1 && deps[scc[0]!]!.includes(scc[0]!);
    if (scc.length < 2 && !selfLoop) continue;
    const members = scc.sort((a, b) => a - b).map((i) => lets[i]!);
    const first = members[0]!;
    if (!first.name) continue;
    const names = members.map((l) => `\`${l.name?.name ?? '?'}\``);
    const message = selfLoop
      ? `\`${first.name.name}\` uses itself; a let may not refer to itself, directly or through other lets`
      : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} use each other in a circle; a let may not refer to itself, directly or through other lets`;
    const related = members.slice(1).flatMap((l) => (l.name ? [{ message: `\`${l.name.name}\` is part of the circle`, range: l.name.range }] : []));
    ctx.report('ALG205', first.name.range, message, { related });
  }
}

/** Tarjan's algorithm with an explicit stack. */
function stronglyConnected(deps: number[][]): number[][] {
  const n = deps.length;
  const idx = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (idx[root] !== -1) continue;
    const work: Array<[number, number]> = [[root, 0]];
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const [v, edge] = top;
      if (edge === 0 && idx[v] === -1) {
        idx[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = true;
      }
      const next = deps[v]![edge];
      if (next !== undefined) {
        top[1] = edge + 1;
        if (idx[next] === -1) work.push([next, 0]);
        else if (onStack[next]) low[v] = Math.min(low[v]!, idx[next]!);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]]!, low[v]!);
      if (low[v] === idx[v]) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = false;
          comp.push(w);
        } while (w !== v);
        out.push(comp);
      }
    }
  }
  return out;
}

/**
 * Calls `visit` with every name read in `e`, in source order (as `walk` would meet them),
 * without building child lists: this runs over every let of the file. Recursion is bounded
 * by the parser's expression depth limit.
 */
function forEachName(e: Expression, visit: (name: string) => void): void {
  switch (e.kind) {
    case 'Name':
      return visit(e.name);
    case 'Call':
      for (const a of e.args) forEachName(a, visit);
      return;
    case 'Member':
      return forEachName(e.object, visit);
    case 'Index':
      forEachName(e.object, visit);
      return forEachName(e.index, visit);
    case 'On':
    case 'Paren':
      return forEachName(e.expression, visit);
    case 'Unary':
      return forEachName(e.operand, visit);
    case 'Binary':
    case 'Cross':
      forEachName(e.left, visit);
      return forEachName(e.right, visit);
    case 'Between':
      forEachName(e.value, visit);
      forEachName(e.low, visit);
      return forEachName(e.high, visit);
    default:
      return;
  }
}
