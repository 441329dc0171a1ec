import type { WorkspaceEdit } from 'vscode-languageserver';
import { describe, expect, it } from 'vitest';
import { applyEdits, openMarked, useServer } from './support/harness.js';

const server = useServer();

const TEXT = `strategy "s" {
  asset stocks
  symbols "NSE_EQ|TCS"
  param len = 14
  let fast = ema(close, len)
  let slow = ema(close, len * 2)
  entry long when fast crosses above slow { stop_loss 1% }
}
`;

describe('rename', () => {
  it('renames a param everywhere, after prepareRename names its range', async () => {
    const doc = await openMarked(server(), TEXT.replace('ema(close, len)', 'ema(close, <|l<|>en|>)'));
    const prep = await server().request<{ range: unknown; placeholder: string }>('textDocument/prepareRename', { ...doc.doc, position: doc.at() });
    expect(prep).toEqual({ range: doc.range(), placeholder: 'len' });
    const edit = await server().request<WorkspaceEdit>('textDocument/rename', { ...doc.doc, position: doc.at(), newName: 'length' });
    const out = applyEdits(doc.text, edit.changes![doc.uri]!);
    expect(out).toBe(TEXT.replaceAll('len)', 'length)').replace('param len', 'param length').replace('len * 2', 'length * 2'));
    // the renamed file still checks clean
    const uri = await server().open(out);
    expect((await server().diagnostics(uri)).diagnostics.filter((d) => d.severity === 1)).toEqual([]);
  });

  it('renames a let from its declaration', async () => {
    const doc = await openMarked(server(), TEXT.replace('let fast', 'let f<|>ast'));
    const edit = await server().request<WorkspaceEdit>('textDocument/rename', { ...doc.doc, position: doc.at(), newName: 'quick' });
    expect(edit.changes![doc.uri]).toHaveLength(2);
    expect(applyEdits(doc.text, edit.changes![doc.uri]!)).toContain('when quick crosses above slow');
  });

  it('refuses built-ins, keywords, invalid names and names already taken, saying why', async () => {
    const builtin = await openMarked(server(), TEXT.replace('ema(close, len)', 'e<|>ma(close, len)'));
    await expect(server().request('textDocument/prepareRename', { ...builtin.doc, position: builtin.at() })).rejects.toThrow('`ema` is built in and cannot be renamed');
    const doc = await openMarked(server(), TEXT.replace('let fast', 'let f<|>ast'));
    const rename = (newName: string) => server().request('textDocument/rename', { ...doc.doc, position: doc.at(), newName });
    await expect(rename('entry')).rejects.toThrow('`entry` is a keyword');
    await expect(rename('close')).rejects.toThrow('`close` is a built-in name');
    await expect(rename('2fast')).rejects.toThrow('is not a valid name');
    await expect(rename('slow')).rejects.toThrow('`slow` is already declared as a let');
  });
});
