import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { describe, expect, it } from 'vitest';
import { applyEdits, openMarked, useServer } from './support/harness.js';

const server = useServer();

async function actionsAt(marked: string, code: string) {
  const doc = await openMarked(server(), marked);
  const published = await server().diagnostics(doc.uri);
  const diagnostic = published.diagnostics.find((d: Diagnostic) => d.code === code);
  if (!diagnostic) throw new Error(`no ${code} in ${JSON.stringify(published.diagnostics.map((d) => d.code))}`);
  const actions = await server().request<CodeAction[]>('textDocument/codeAction', { ...doc.doc, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  const apply = (title: string) => {
    const a = actions.find((x) => x.title === title);
    if (!a) throw new Error(`no action "${title}" among ${JSON.stringify(actions.map((x) => x.title))}`);
    return applyEdits(doc.text, a.edit!.changes![doc.uri]!);
  };
  return { doc, actions, diagnostic, apply };
}

/** The codes a text checks to. */
async function codes(text: string): Promise<string[]> {
  const uri = await server().open(text);
  return (await server().diagnostics(uri)).diagnostics.map((d) => String(d.code));
}

const HEAD = 'strategy "s" {\n  asset stocks\n  symbols "NSE_EQ|TCS"\n';

describe('quick fixes', () => {
  it('"did you mean": replaces a misspelt name, marked preferred and linked to its diagnostic', async () => {
    const { actions, diagnostic, apply } = await actionsAt(`${HEAD}  entry long when rsi(closee, 14) < 30 { stop_loss 2% }\n}\n`, 'ALG200');
    expect(actions[0]!.title).toBe('Change to `close`');
    expect(actions[0]!.isPreferred).toBe(true);
    expect(actions[0]!.diagnostics).toEqual([diagnostic]);
    const fixed = apply('Change to `close`');
    expect(fixed).toContain('rsi(close, 14)');
    expect(await codes(fixed)).toEqual([]);
  });

  it('adds a missing stop-loss to a multi-line block, a one-line block, an entry without a block, or as a default', async () => {
    const multi = await actionsAt(`${HEAD}  entry long when close > open {\n    qty 10\n  }\n}\n`, 'ALG400');
    const inBlock = multi.apply('Add `stop_loss 2%` to this entry');
    expect(inBlock).toContain('  entry long when close > open {\n    qty 10\n    stop_loss 2%\n  }\n');
    expect(await codes(inBlock)).toEqual([]);
    const asDefault = multi.apply('Add `default stop_loss 2%` to the strategy');
    expect(asDefault).toContain('  symbols "NSE_EQ|TCS"\n  default stop_loss 2%\n');
    expect(await codes(asDefault)).toEqual([]);

    const oneLine = await actionsAt(`${HEAD}  entry long when close > open { qty 10 }\n}\n`, 'ALG400');
    const fixedOne = oneLine.apply('Add `stop_loss 2%` to this entry');
    expect(fixedOne).toContain('{ qty 10 stop_loss 2% }');
    expect(await codes(fixedOne)).toEqual([]);

    const bare = await actionsAt(`${HEAD}  entry long when close > open\n}\n`, 'ALG400');
    const fixedBare = bare.apply('Add `stop_loss 2%` to this entry');
    expect(fixedBare).toContain('  entry long when close > open {\n    stop_loss 2%\n  }\n');
    expect(await codes(fixedBare)).toEqual([]);
  });

  it('removes an unused let, line and all', async () => {
    const { apply } = await actionsAt(`${HEAD}  let unused = sma(close, 5)\n  entry long when close > open { stop_loss 1% }\n}\n`, 'ALG209');
    const fixed = apply('Remove unused let `unused`');
    expect(fixed).toBe(`${HEAD}  entry long when close > open { stop_loss 1% }\n}\n`);
    expect(await codes(fixed)).toEqual([]);
  });

  it('offers nothing when asked only for refactorings, or where there is no problem', async () => {
    const doc = await openMarked(server(), `${HEAD}  entry long when <|>close > open { stop_loss 1% }\n}\n`);
    const here = { start: doc.at(), end: doc.at() };
    expect(await server().request('textDocument/codeAction', { ...doc.doc, range: here, context: { diagnostics: [] } })).toEqual([]);
    const withProblem = await actionsAt(`${HEAD}  entry long when rsi(closee, 14) < 30 { stop_loss 2% }\n}\n`, 'ALG200');
    expect(await server().request('textDocument/codeAction', { ...withProblem.doc.doc, range: withProblem.diagnostic.range, context: { diagnostics: [], only: ['refactor'] } })).toEqual([]);
  });
});
