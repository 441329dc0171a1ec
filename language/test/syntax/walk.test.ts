import { describe, expect, it } from 'vitest';
import { childrenOf, nodeAt, parse, pathAt, walk, type Node } from '@algo/language';
import { cursor, examples, slice } from '../helpers.js';

describe('tree navigation', () => {
  it('finds the deepest node under a cursor', () => {
    const { text, offset } = cursor('strategy "x" {\n  let a = rsi(cl<|>ose, 14) > 30\n}');
    const ast = parse(text).ast;
    const n = nodeAt(ast, offset);
    expect(n).toMatchObject({ kind: 'Name', name: 'close' });
    expect(pathAt(ast, offset).map((x) => x.kind)).toEqual(['SourceFile', 'Strategy', 'Let', 'Binary', 'Call', 'Name']);
  });

  it('counts a cursor just after a name as on it, and prefers what starts at the cursor', () => {
    const { text, offset } = cursor('strategy "x" {\n  let a = close<|>[1]\n}');
    const ast = parse(text).ast;
    expect(slice(text, nodeAt(ast, offset).range)).toBe('close');
    const at = text.indexOf('1]');
    expect(nodeAt(ast, at)).toMatchObject({ kind: 'Number', value: 1 });
  });

  it('visits every node of every example once, parents first, without recursion limits', () => {
    for (const { text } of examples()) {
      const ast = parse(text).ast;
      const seen = new Set<Node>();
      let previous: Node | undefined;
      walk(ast, (n, parent) => {
        expect(seen.has(n)).toBe(false);
        if (parent) expect(seen.has(parent)).toBe(true);
        seen.add(n);
        previous = n;
      });
      expect(previous).toBeDefined();
      let count = 0;
      const stack: Node[] = [ast];
      while (stack.length) {
        count++;
        stack.push(...childrenOf(stack.pop()!));
      }
      expect(seen.size).toBe(count);
    }
  });

  it('skips the children of a node when the visitor returns false', () => {
    const ast = parse('strategy "x" {\n  let a = sma(close, 5)\n}').ast;
    const kinds: string[] = [];
    walk(ast, (n) => {
      kinds.push(n.kind);
      return n.kind !== 'Let';
    });
    expect(kinds).toEqual(['SourceFile', 'Strategy', 'String', 'Let']);
  });
});
