import type { Node } from '../ast.js';

/**
 * The direct children of a node, in source order. The one place that knows which fields
 * of each node kind hold nodes, so walkers elsewhere never go stale when a kind grows.
 */
export function childrenOf(node: Node): Node[] {
  const out: Node[] = [];
  const add = (n: Node | undefined): void => {
    if (n) out.push(n);
  };
  switch (node.kind) {
    case 'SourceFile':
      out.push(...node.strategies);
      break;
    case 'Strategy':
      add(node.name);
      out.push(...node.items);
      break;
    case 'Setting':
      add(node.value);
      break;
    case 'StringList':
      out.push(...node.items);
      break;
    case 'ClockRange':
      add(node.start);
      add(node.end);
      break;
    case 'Amount':
      add(node.amount);
      add(node.unit);
      out.push(...node.unitArgs);
      break;
    case 'Default':
      add(node.item);
      break;
    case 'Param':
      add(node.name);
      add(node.value);
      add(node.min);
      add(node.max);
      add(node.step);
      break;
    case 'Let':
      add(node.name);
      add(node.value);
      break;
    case 'Entry':
      add(node.label);
      add(node.at);
      add(node.when);
      out.push(...node.items);
      break;
    case 'Exit':
      add(node.label);
      add(node.when);
      add(node.at);
      add(node.after);
      break;
    case 'OptionLeg':
      add(node.strike);
      add(node.expiry);
      break;
    case 'Strike':
      add(node.word);
      add(node.steps);
      break;
    case 'Sizing':
      add(node.amount);
      add(node.unit);
      add(node.basis);
      break;
    case 'Stop':
      add(node.distance);
      break;
    case 'Call':
      add(node.callee);
      out.push(...node.args);
      break;
    case 'Member':
      add(node.object);
      add(node.member);
      break;
    case 'Index':
      add(node.object);
      add(node.index);
      break;
    case 'On':
      add(node.expression);
      add(node.timeframe);
      break;
    case 'Unary':
      add(node.operand);
      break;
    case 'Binary':
    case 'Cross':
      add(node.left);
      add(node.right);
      break;
    case 'Between':
      add(node.value);
      add(node.low);
      add(node.high);
      break;
    case 'Paren':
      add(node.expression);
      break;
    case 'Comment':
    case 'Number':
    case 'Percent':
    case 'Bool':
    case 'String':
    case 'Clock':
    case 'Timeframe':
    case 'Name':
    case 'Missing':
    case 'Identifier':
      break;
  }
  return out;
}

/**
 * Visits `root` and every node below it, parents before children, in source order.
 * Iterative, so a deep tree cannot overflow the stack. Return `false` from `visit` to
 * skip a node's children.
 */
export function walk(root: Node, visit: (node: Node, parent: Node | undefined) => boolean | void): void {
  const stack: Array<[Node, Node | undefined]> = [[root, undefined]];
  while (stack.length > 0) {
    const [node, parent] = stack.pop()!;
    if (visit(node, parent) === false) continue;
    const kids = childrenOf(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i]!, node]);
  }
}

/**
 * The chain of nodes whose range contains `offset`, outermost first (the last is the
 * deepest). A node contains the offsets from its start up to and including its end, so a
 * cursor just after `rsi` is inside `rsi`, as editors expect.
 */
export function pathAt(root: Node, offset: number): Node[] {
  const path: Node[] = [];
  let current: Node | undefined = root;
  while (current) {
    path.push(current);
    let next: Node | undefined;
    for (const child of childrenOf(current)) {
      if (child.range.start.offset <= offset && offset <= child.range.end.offset) {
        next = child;
        // Prefer a child that starts at the offset over one that merely ends there.
        if (child.range.start.offset === offset || child.range.end.offset > offset) break;
      }
    }
    current = next;
  }
  return path;
}

/** The deepest node whose range contains `offset` (the root when no child does). */
export function nodeAt(root: Node, offset: number): Node {
  const path = pathAt(root, offset);
  return path[path.length - 1]!;
}
