import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/syntax/line-index.js';

describe('LineIndex', () => {
  it('maps offsets to 1-based lines and columns across \\n, \\r\\n and lone \\r', () => {
    const lines = new LineIndex('ab\r\ncd\ne\rf');
    expect(lines.position(0)).toEqual({ line: 1, column: 1, offset: 0 });
    expect(lines.position(4)).toEqual({ line: 2, column: 1, offset: 4 });
    expect(lines.position(7)).toEqual({ line: 3, column: 1, offset: 7 });
    expect(lines.position(9)).toEqual({ line: 4, column: 1, offset: 9 });
    expect(lines.lineCount).toBe(4);
  });

  it('clamps offsets outside the text', () => {
    const lines = new LineIndex('abc');
    expect(lines.position(-5).offset).toBe(0);
    expect(lines.position(99)).toEqual({ line: 1, column: 4, offset: 3 });
    expect(lines.position(Number.NaN).offset).toBe(0);
  });

  it('gives empty ranges when end is not after start', () => {
    const lines = new LineIndex('abc');
    expect(lines.range(2, 1)).toEqual({ start: lines.position(2), end: lines.position(2) });
  });
});
