import { describe, expect, it } from 'vitest';
import { suggest } from '@algo/language';
import { editDistance } from '../../src/diagnostics/suggest.js';

describe('did-you-mean', () => {
  it('measures edits, counting a swap of neighbours as one', () => {
    expect(editDistance('rsi', 'rsi')).toBe(0);
    expect(editDistance('rsii', 'rsi')).toBe(1);
    expect(editDistance('clsoe', 'close')).toBe(1);
    expect(editDistance('emaa', 'sma')).toBe(2);
    expect(editDistance('abcdefgh', 'a', 3)).toBe(4);
  });

  it('suggests the closest plausible candidate, earlier candidates winning ties', () => {
    expect(suggest('rsii', ['sma', 'rsi'])).toBe('rsi');
    expect(suggest('stop_los', ['take_profit', 'stop_loss'])).toBe('stop_loss');
    expect(suggest('RSI', ['rsi'])).toBe('rsi');
    expect(suggest('bollinger_bands', ['bollinger'])).toBeUndefined();
    expect(suggest('xyz', ['rsi', 'sma'])).toBeUndefined();
  });

  it('does not call very short or very long words typos', () => {
    expect(suggest('x', ['n'])).toBeUndefined();
    expect(suggest('le', ['let'])).toBeUndefined();
    expect(suggest('le', ['let'], 2)).toBe('let');
    expect(suggest('a'.repeat(100), ['a'.repeat(99)])).toBeUndefined();
  });
});
