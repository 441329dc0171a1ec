import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CancellationTokenSource } from 'vscode-languageserver/node';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { ROOT, offsetAt, positionAt } from '@algo/lsp/testing';
import { useServer } from './support/harness.js';
import { BREAKOUT, PULLBACK } from './support/fixtures.js';

/**
 * A seeded fuzz of random edits interleaved with every request type. Whatever the text,
 * the server must answer every request within the deadline with a well-formed result whose
 * ranges lie inside the document, publish diagnostics for the version it ends on, log no
 * internal error, and exit cleanly. Set ALGO_FUZZ_SEED to replay a failure.
 */
const SEED = Number(process.env.ALGO_FUZZ_SEED ?? 20261122);
const STEPS = Number(process.env.ALGO_FUZZ_STEPS ?? 8000);
const DEADLINE_MS = 10_000;

const server = useServer({ initializationOptions: { diagnosticsDelayMs: 20 } });

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  'strategy', 'entry', 'exit', 'long', 'short', 'when', 'at', 'after', 'param', 'let', 'default', 'stop_loss', 'take_profit', 'qty', 'size 10% of equity',
  'asset stocks', 'symbols "NSE_EQ|TCS"', 'timeframe 5m', 'session 09:15 - 15:30', 'crosses above', 'between', 'and', 'or', 'not', ' on 1h',
  'rsi(close, 14)', 'macd(close).signal', 'position.qty', 'bollinger(close, 20, 2).', 'close[1]', 'x[', '(', ')', '[', ']', '{', '}', ',', '.', '..', '=', '>', '<=',
  '"', '"unterminated', '/*', '*/', '//', '\n', '\r\n', '\r', '\t', ' ', '0', '14', '2%', '09:30', '99:99', '1_000', '-', '+', '*', '/', '#', '@', ';',
  '📈', '₹', '\u2028', '\u0000', 'é', 'lookback', 'upper', 'x', 'lots', 'atm+1', 'expiry weekly', '2 atr(10)', '3R', 'in 1..10 step 1',
];

const Pos = z.object({ line: z.number().int().min(0), character: z.number().int().min(0) });
const Rng = z.object({ start: Pos, end: Pos });
const Edit = z.object({ range: Rng, newText: z.string() });
const Markup = z.union([z.string(), z.object({ kind: z.string(), value: z.string() })]);

/** The shape every answer must have (null is allowed where LSP allows it). */
const SHAPES: Record<string, z.ZodType> = {
  'textDocument/completion': z.union([z.null(), z.object({ isIncomplete: z.boolean(), items: z.array(z.object({ label: z.string(), textEdit: Edit.optional() })) })]),
  'textDocument/hover': z.union([z.null(), z.object({ contents: Markup, range: Rng.optional() })]),
  'textDocument/signatureHelp': z.union([z.null(), z.object({ signatures: z.array(z.object({ label: z.string() })), activeSignature: z.number().optional() })]),
  'textDocument/definition': z.union([z.null(), z.array(z.object({ uri: z.string(), range: Rng }))]),
  'textDocument/references': z.union([z.null(), z.array(z.object({ uri: z.string(), range: Rng }))]),
  'textDocument/documentHighlight': z.union([z.null(), z.array(z.object({ range: Rng, kind: z.number().optional() }))]),
  'textDocument/prepareRename': z.union([z.null(), z.object({ range: Rng, placeholder: z.string() })]),
  'textDocument/rename': z.union([z.null(), z.object({ changes: z.record(z.string(), z.array(Edit)) })]),
  'textDocument/documentSymbol': z.array(z.object({ name: z.string().min(1), range: Rng, selectionRange: Rng })),
  'textDocument/foldingRange': z.array(z.object({ startLine: z.number().int().min(0), endLine: z.number().int().min(0) })),
  'textDocument/formatting': z.array(Edit),
  'textDocument/semanticTokens/full': z.object({ data: z.array(z.number().int().min(0)) }),
  'textDocument/semanticTokens/range': z.object({ data: z.array(z.number().int().min(0)) }),
  'textDocument/codeAction': z.array(z.object({ title: z.string(), edit: z.object({ changes: z.record(z.string(), z.array(Edit)) }).optional() })),
  'textDocument/inlayHint': z.array(z.object({ position: Pos, label: z.union([z.string(), z.array(z.unknown())]) })),
  'textDocument/codeLens': z.array(z.object({ range: Rng })),
};
const METHODS = Object.keys(SHAPES);

/** Every range or position in an answer, found anywhere in it. */
function positionsIn(value: unknown, out: Array<{ line: number; character: number }> = []): Array<{ line: number; character: number }> {
  if (Array.isArray(value)) for (const v of value) positionsIn(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.line === 'number' && typeof o.character === 'number') out.push({ line: o.line, character: o.character });
    else for (const v of Object.values(o)) positionsIn(v, out);
  }
  return out;
}

function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

it(`survives ${STEPS} random edits interleaved with every request (seed ${SEED})`, async () => {
  const rand = mulberry32(SEED);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const exampleDir = join(ROOT, 'examples');
  const seeds = [BREAKOUT, PULLBACK, ...readdirSync(exampleDir).filter((f) => f.endsWith('.algo')).map((f) => readFileSync(join(exampleDir, f), 'utf8'))];
  const client = server();
  const docs: Array<{ uri: string; text: string }> = [];
  for (const text of seeds.slice(0, 4)) docs.push({ uri: await client.open(text), text });
  const started = Date.now();
  const seen = new Set<string>();
  for (let step = 0; step < STEPS; step++) {
    const doc = pick(docs);
    const r = rand();
    if (r < 0.45) {
      // an edit: replace a random span (possibly across lines) with fragments
      const a = Math.floor(rand() * (doc.text.length + 1));
      const b = Math.min(doc.text.length, a + (rand() < 0.7 ? Math.floor(rand() * 4) : Math.floor(rand() * 200)));
      const insert = rand() < 0.25 ? '' : Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(FRAGMENTS)).join(rand() < 0.5 ? ' ' : '');
      const range = { start: positionAt(doc.text, a), end: positionAt(doc.text, b) };
      // never split a surrogate pair or a \r\n (the client would not)
      if (/[\udc00-\udfff]/.test(doc.text[a] ?? '') || /[\udc00-\udfff]/.test(doc.text[b] ?? '') || (doc.text[a - 1] === '\r' && doc.text[a] === '\n') || (doc.text[b - 1] === '\r' && doc.text[b] === '\n')) continue;
      const next = doc.text.slice(0, a) + insert + doc.text.slice(b);
      expect(offsetAt(doc.text, range.start)).toBe(a);
      doc.text = next;
      await client.change(doc.uri, [{ range, text: insert }], next);
    } else if (r < 0.5 && docs.length < 6) {
      const text = pick(seeds);
      docs.push({ uri: await client.open(text), text });
    } else {
      const method = pick(METHODS);
      seen.add(method);
      let offset = Math.floor(rand() * (doc.text.length + 1));
      // a client never puts a cursor inside \r\n or a surrogate pair
      if ((doc.text[offset - 1] === '\r' && doc.text[offset] === '\n') || /[\udc00-\udfff]/.test(doc.text[offset] ?? '')) offset--;
      const position = positionAt(doc.text, offset);
      const end = positionAt(doc.text, Math.min(doc.text.length, offset + Math.floor(rand() * 300)));
      const params: Record<string, unknown> = { textDocument: { uri: doc.uri }, position };
      if (method === 'textDocument/references') params.context = { includeDeclaration: rand() < 0.5 };
      if (method === 'textDocument/rename') params.newName = pick(['renamed', 'x', 'entry', '1bad', 'close']);
      if (method === 'textDocument/formatting') params.options = { tabSize: 2, insertSpaces: true };
      if (method === 'textDocument/codeAction') Object.assign(params, { range: { start: position, end }, context: { diagnostics: [] } });
      if (method.endsWith('/range') || method === 'textDocument/inlayHint') params.range = { start: position, end };
      const source = new CancellationTokenSource();
      const answer = client.connection.sendRequest(method, params, source.token);
      if (rand() < 0.1) source.cancel();
      const result = await Promise.race([
        answer.then(
          (v) => ({ ok: true as const, v }),
          (e: { code?: number; message?: string }) => ({ ok: false as const, e }),
        ),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${method} did not answer within ${DEADLINE_MS} ms at step ${step}`)), DEADLINE_MS)),
      ]);
      if (!result.ok) {
        // only cancellation and refused renames are expected errors
        const allowed = result.e.code === -32800 || ((method === 'textDocument/rename' || method === 'textDocument/prepareRename') && result.e.code === -32600);
        expect(allowed, `${method} failed at step ${step}: ${JSON.stringify(result.e)}`).toBe(true);
        continue;
      }
      const shape = SHAPES[method]!.safeParse(result.v);
      expect(shape.success, `${method} answered a malformed result at step ${step}: ${JSON.stringify(result.v).slice(0, 300)}`).toBe(true);
      const lengths = lineLengths(doc.text);
      if (method === 'textDocument/foldingRange') {
        for (const f of result.v as Array<{ startLine: number; endLine: number }>) expect(f.endLine).toBeLessThan(lengths.length);
      } else if (!method.startsWith('textDocument/semanticTokens')) {
        for (const p of positionsIn(result.v)) {
          const ok = p.line < lengths.length && p.character <= lengths[p.line]!;
          expect(ok, `${method} at step ${step} answered a position outside the document: ${JSON.stringify(p)} for ${JSON.stringify(params)} in ${JSON.stringify(doc.text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)} -> ${JSON.stringify(result.v).slice(0, 2000)}`).toBe(true);
        }
      }
    }
    if (step % 200 === 199) {
      // the server is alive and publishes for the version it is at
      await client.diagnostics(doc.uri, client.version(doc.uri), DEADLINE_MS);
    }
  }
  for (const doc of docs) await client.diagnostics(doc.uri, client.version(doc.uri), DEADLINE_MS);
  expect(client.errors).toEqual([]);
  expect(seen.size).toBe(METHODS.length);
  expect(Date.now() - started).toBeLessThan(120_000);
}, 180_000);
