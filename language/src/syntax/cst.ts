import type { IToken } from 'chevrotain';

/** A node of a `Cst`: a small integer (never 0, so a node is always truthy). */
export type CstNode = number;

/**
 * The concrete syntax tree the parser hands the AST builders: for each rule invocation,
 * a node with the rule's name and its children (tokens and sub-rule nodes) in the order
 * they were parsed, each under the label the grammar gives it (or its token/rule name).
 * The same tree chevrotain's `CstParser` builds — the same nodes, children and labels,
 * partial nodes from error recovery included — in another form.
 *
 * Why not chevrotain's own: it keeps a dictionary object and one array per label in
 * every node, and for a 10,000-line file building those cost four times the parsing
 * itself (≈140 of 180 ms), most of it the garbage collector moving a large young tree.
 * Here the whole tree is a few flat arrays: nodes are indexes, each node's children a
 * linked list of entries. The parser fills it through chevrotain's tree hooks (see
 * `CappedParser` in `./parser.ts`); lookups by label walk a node's few entries.
 */
export class Cst {
  // per node: rule name, first and last entry (-1: none). Node 0 is unused.
  private readonly rules: string[];
  private first: Int32Array;
  private last: Int32Array;
  private nodes = 1;
  // per entry: label, child, next entry of the same node (-1: none). A child is a node
  // (> 0) or a token: −1 − i for `tokens[i]`, or for `extra[i − tokens.length]` (a token
  // recovery invented, which is not in the parser's input).
  private readonly labels: string[];
  private items: Int32Array;
  private next: Int32Array;
  private entries = 0;
  private readonly extra: IToken[] = [];

  /** @param tokens the parser's input, which token children index into */
  constructor(private readonly tokens: readonly IToken[]) {
    // A parse makes about 1.9 nodes and 2.9 entries per token; the arrays grow if needed.
    const n = 2 * tokens.length + 16;
    this.rules = new Array<string>(n);
    this.first = new Int32Array(n);
    this.last = new Int32Array(n);
    this.labels = new Array<string>(n + tokens.length);
    this.items = new Int32Array(n + tokens.length);
    this.next = new Int32Array(n + tokens.length);
  }

  /** Starts a node for an invocation of `rule`. */
  open(rule: string): CstNode {
    const id = this.nodes++;
    if (id === this.first.length) {
      this.first = grow(this.first);
      this.last = grow(this.last);
    }
    this.rules[id] = rule;
    this.first[id] = -1;
    this.last[id] = -1;
    return id;
  }

  /** Appends a sub-rule node to `node` under `label`. */
  addNode(node: CstNode, label: string, child: CstNode): void {
    this.append(node, label, child);
  }

  /** Appends a token to `node` under `label`; `index` is its place in the input, if it is there. */
  addToken(node: CstNode, label: string, token: IToken, index: number): void {
    if (this.tokens[index] !== token) {
      index = this.tokens.length + this.extra.length;
      this.extra.push(token);
    }
    this.append(node, label, -1 - index);
  }

  private append(node: CstNode, label: string, item: number): void {
    const e = this.entries++;
    if (e === this.items.length) {
      this.items = grow(this.items);
      this.next = grow(this.next);
    }
    this.labels[e] = label;
    this.items[e] = item;
    this.next[e] = -1;
    const l = this.last[node]!;
    if (l < 0) this.first[node] = e;
    else this.next[l] = e;
    this.last[node] = e;
  }

  private tokenOf(item: number): IToken {
    const i = -1 - item;
    return i < this.tokens.length ? this.tokens[i]! : this.extra[i - this.tokens.length]!;
  }

  /** The grammar rule a node is of. */
  rule(node: CstNode): string {
    return this.rules[node]!;
  }

  /** Whether any child of `node` is filed under `label`. */
  has(node: CstNode, label: string): boolean {
    for (let e = this.first[node]!; e >= 0; e = this.next[e]!) if (this.labels[e] === label) return true;
    return false;
  }

  /** The first token under `label` that the user wrote (not one recovery invented), if any. */
  token(node: CstNode, label: string): IToken | undefined {
    for (let e = this.first[node]!; e >= 0; e = this.next[e]!) {
      if (this.labels[e] !== label || this.items[e]! > 0) continue;
      const t = this.tokenOf(this.items[e]!);
      if (isReal(t)) return t;
    }
    return undefined;
  }

  /** All real tokens under `label`, in order. */
  tokensUnder(node: CstNode, label: string): IToken[] {
    const out: IToken[] = [];
    for (let e = this.first[node]!; e >= 0; e = this.next[e]!) {
      if (this.labels[e] !== label || this.items[e]! > 0) continue;
      const t = this.tokenOf(this.items[e]!);
      if (isReal(t)) out.push(t);
    }
    return out;
  }

  /** The first sub-rule node under `label`. */
  child(node: CstNode, label: string): CstNode | undefined {
    for (let e = this.first[node]!; e >= 0; e = this.next[e]!) {
      if (this.labels[e] === label && this.items[e]! > 0) return this.items[e]!;
    }
    return undefined;
  }

  /** The sub-rule node under `label` when there is exactly one. */
  only(node: CstNode, label: string): CstNode | undefined {
    let found: CstNode | undefined;
    for (let e = this.first[node]!; e >= 0; e = this.next[e]!) {
      if (this.labels[e] !== label || this.items[e]! <= 0) continue;
      if (found !== undefined) return undefined;
      found = this.items[e]!;
    }
    return found;
  }

  /** All sub-rule nodes under `label`, in order. */
  children(node: CstNode, label: string): CstNode[] {
    const out: CstNode[] = [];
    for (let e = this.first[node]!; e >= 0; e = this.next[e]!) {
      if (this.labels[e] === label && this.items[e]! > 0) out.push(this.items[e]!);
    }
    return out;
  }
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** A token the user wrote (not one chevrotain invented while recovering). */
export function isReal(t: IToken | undefined): t is IToken {
  return t !== undefined && !t.isInsertedInRecovery && Number.isFinite(t.startOffset) && t.startOffset >= 0;
}
