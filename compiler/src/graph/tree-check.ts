import { FIELD_NAMES, OPERATORS, STATE_FACTS } from './names.js';

/**
 * Hand-written shape checks for the two recursive parts of a graph — expression trees and
 * condition trees. Graphs hold thousands of them and are validated at every boundary, so
 * these walk each tree once with a switch instead of a recursive zod union (which retries
 * every alternative per node). They are exactly as strict: every key known, every value
 * of its type. The TS types in `expr.ts` and `rules.ts` document the same shapes.
 */

/** A shape problem and where it is, relative to the tree's root. */
export interface TreeIssue {
  readonly message: string;
  readonly path: (string | number)[];
}

type Path = (string | number)[];
type Obj = Record<string, unknown>;

/** The keys a node may have and must have, built once per node kind. */
interface Shape {
  readonly allowed: ReadonlySet<string>;
  readonly required: readonly string[];
}

function shape(...keys: string[]): Shape {
  return { allowed: new Set(keys.map((k) => k.replace('?', ''))), required: keys.filter((k) => !k.endsWith('?')) };
}

const S = {
  value: shape('op', 'value'),
  name: shape('op', 'name'),
  field: shape('op', 'field'),
  ref: shape('op', 'id', 'ago?'),
  call: shape('op', 'fn', 'args', 'output?'),
  fn: shape('op', 'fn', 'args'),
  args: shape('op', 'args'),
  factValue: shape('fact', 'params?'),
  window: shape('window'),
  all: shape('all'),
  any: shape('any'),
  not: shape('not'),
  leaf: shape('fact', 'params?', 'operator', 'value'),
};

const FIELDS = new Set<string>(FIELD_NAMES);
const STATES = new Set<string>(STATE_FACTS);
const OPS = new Set<string>(OPERATORS);
const UNARY = new Set(['neg', 'not']);
const BINARY = new Set(['add', 'sub', 'mul', 'div', 'gt', 'gte', 'lt', 'lte', 'eq', 'neq', 'and', 'or']);
const CROSS = new Set(['crossesAbove', 'crossesBelow']);

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isName = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
const isNum = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);

class Checker {
  readonly issues: TreeIssue[] = [];
  /** where the walk is (pushed and popped around every descent, copied only on failure) */
  private readonly at: Path = [];

  fail(message: string, ...below: (string | number)[]): false {
    this.issues.push({ message, path: [...this.at, ...below] });
    return false;
  }

  /** Runs `check` with `keys` appended to the current path. */
  private within(keys: readonly (string | number)[], check: () => boolean): boolean {
    this.at.push(...keys);
    const ok = check();
    this.at.length -= keys.length;
    return ok;
  }

  /** `o` has exactly the keys of `shape`. */
  keys(o: Obj, shape: Shape): boolean {
    for (const k in o) if (!shape.allowed.has(k)) return this.fail(`unknown key "${k}"`, k);
    for (const k of shape.required) if (!(k in o)) return this.fail(`"${k}" is required`, k);
    return true;
  }

  numArg(v: unknown): boolean {
    if (!isObj(v)) return this.fail('expected a const or param node');
    if (v['op'] === 'const') return this.keys(v, S.value) && (isNum(v['value']) || this.fail('expected a finite number', 'value'));
    if (v['op'] === 'param') return this.keys(v, S.name) && (isName(v['name']) || this.fail('expected a name', 'name'));
    return this.fail('expected "const" or "param"', 'op');
  }

  ref(v: unknown): boolean {
    if (!isObj(v) || v['op'] !== 'ref') return this.fail('expected a ref node');
    if (!this.keys(v, S.ref)) return false;
    if (!isName(v['id'])) return this.fail('expected a series id', 'id');
    return v['ago'] === undefined || this.within(['ago'], () => this.numArg(v['ago']));
  }

  args(v: Obj, count?: number): boolean {
    const args = v['args'];
    if (!Array.isArray(args)) return this.fail('expected an array', 'args');
    if (count !== undefined && args.length !== count) return this.fail(`expected ${count} arguments, got ${args.length}`, 'args');
    for (let i = 0; i < args.length; i++) {
      this.at.push('args', i);
      const ok = this.expr(args[i]);
      this.at.length -= 2;
      if (!ok) return false;
    }
    return true;
  }

  expr(v: unknown): boolean {
    if (!isObj(v)) return this.fail('expected an expression node');
    const op = v['op'];
    switch (op) {
      case 'const':
        return this.keys(v, S.value) && (isNum(v['value']) || typeof v['value'] === 'boolean' || this.fail('expected a finite number or a boolean', 'value'));
      case 'param':
        return this.numArg(v);
      case 'field':
        return this.keys(v, S.field) && (FIELDS.has(v['field'] as string) || this.fail(`unknown field ${JSON.stringify(v['field'])}`, 'field'));
      case 'state':
        return this.keys(v, S.name) && (STATES.has(v['name'] as string) || this.fail(`unknown state ${JSON.stringify(v['name'])}`, 'name'));
      case 'ref':
        return this.ref(v);
      case 'call':
        return this.keys(v, S.call) && (isName(v['fn']) || this.fail('expected a name', 'fn')) && (v['output'] === undefined || isName(v['output']) || this.fail('expected a name', 'output')) && this.args(v);
      case 'fn':
        return this.keys(v, S.fn) && (isName(v['fn']) || this.fail('expected a name', 'fn')) && this.args(v);
      case 'between':
        return this.keys(v, S.args) && this.args(v, 3);
    }
    if (UNARY.has(op as string)) return this.keys(v, S.args) && this.args(v, 1);
    if (BINARY.has(op as string)) return this.keys(v, S.args) && this.args(v, 2);
    if (CROSS.has(op as string)) {
      if (!this.keys(v, S.args)) return false;
      const args = v['args'];
      if (!Array.isArray(args) || args.length !== 2) return this.fail('expected 2 arguments', 'args');
      const b = args[1] as Obj | undefined;
      return this.within(['args', 0], () => this.ref(args[0])) && this.within(['args', 1], () => (isObj(b) && b['op'] === 'ref' ? this.ref(b) : this.numArg(b)));
    }
    return this.fail(`unknown op ${JSON.stringify(op)}`, 'op');
  }

  factValue(v: unknown): boolean {
    if (!isObj(v)) return this.fail('expected { fact, params? }');
    if (!this.keys(v, S.factValue)) return false;
    if (!isName(v['fact'])) return this.fail('expected a fact id', 'fact');
    return v['params'] === undefined || this.within(['params'], () => this.window(v['params']));
  }

  window(v: unknown): boolean {
    return (isObj(v) && this.keys(v, S.window) && v['window'] === 2) || this.fail('expected { window: 2 }');
  }

  condition(v: unknown, top = false): boolean {
    if (!isObj(v)) return this.fail('expected a condition');
    for (const key of ['all', 'any'] as const) {
      if (!(key in v)) continue;
      if (!this.keys(v, S[key])) return false;
      const list = v[key];
      if (!Array.isArray(list)) return this.fail('expected an array', key);
      for (let i = 0; i < list.length; i++) {
        this.at.push(key, i);
        const ok = this.condition(list[i]);
        this.at.length -= 2;
        if (!ok) return false;
      }
      return true;
    }
    if ('not' in v) return this.keys(v, S.not) && this.within(['not'], () => this.condition(v['not']));
    if (top) return this.fail("a rule's conditions must start with all, any or not");
    if (!this.keys(v, S.leaf)) return false;
    if (!isName(v['fact'])) return this.fail('expected a fact id', 'fact');
    if (v['params'] !== undefined && !this.within(['params'], () => this.window(v['params']))) return false;
    if (!OPS.has(v['operator'] as string)) return this.fail(`unknown operator ${JSON.stringify(v['operator'])}`, 'operator');
    const value = v['value'];
    return isNum(value) || typeof value === 'boolean' || this.within(['value'], () => this.factValue(value));
  }
}

/** Shape problems of an expression tree (empty when it is well-formed). */
export function exprIssues(v: unknown): TreeIssue[] {
  const c = new Checker();
  c.expr(v);
  return c.issues;
}

/** Shape problems of a rule's condition tree; `top` requires a boolean node at the root. */
export function conditionIssues(v: unknown, top: boolean): TreeIssue[] {
  const c = new Checker();
  c.condition(v, top);
  return c.issues;
}
