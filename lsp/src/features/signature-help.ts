import { lookupFunction, signatureOf, type EditorToken } from '@algo/language';
import type { ParameterInformation, SignatureHelp, SignatureHelpParams } from 'vscode-languageserver';
import type { DocumentState } from '../workspace/documents.js';
import { editorTokens, lastTokenBefore } from '../workspace/tokens.js';

/** Tokens that end the search for an open call: a block brace or a keyword that starts an item. */
const STOP = new Set(['LCurly', 'RCurly']);
const ITEM_STARTS = new Set(['param', 'let', 'entry', 'exit', 'default', 'asset', 'symbols', 'underlying', 'timeframe', 'session', 'timezone', 'capital', 'max_positions', 'commission', 'slippage', 'fill', 'max_daily_loss', 'max_trades_per_day', 'qty', 'size', 'risk', 'stop_loss', 'take_profit', 'trailing_stop', 'buy', 'sell']);

/**
 * Signature help while typing arguments: finds the innermost call whose `(` is still open
 * at the cursor by walking tokens back (so an unclosed call in a broken file still gets
 * help), and marks the argument the cursor is in by counting commas at that depth.
 */
export function signatureHelp({ document, analysis }: DocumentState, params: SignatureHelpParams): SignatureHelp | null {
  const offset = document.offsetAt(params.position);
  const tokens = editorTokens(analysis).filter((t) => t.category !== 'comment');
  const call = openCall(tokens, offset);
  if (!call) return null;
  const fn = lookupFunction(call.name);
  if (!fn) return null;
  const label = signatureOf(fn);
  const parameters: ParameterInformation[] = [];
  let from = label.indexOf('(') + 1;
  for (const p of fn.params) {
    const start = label.indexOf(p.name, from);
    if (start < 0) break;
    let end = start;
    while (end < label.length && label[end] !== ',' && label[end] !== ')') end++;
    parameters.push({ label: [start, end], documentation: p.doc });
    from = end;
  }
  const active = Math.min(call.argument, Math.max(0, parameters.length - 1));
  return {
    signatures: [{ label, documentation: { kind: 'markdown', value: `${fn.summary}${fn.outputs.length ? ` — outputs ${fn.outputs.map((o) => `\`.${o}\``).join(' ')}` : ''}` }, parameters, activeParameter: active }],
    activeSignature: 0,
    activeParameter: active,
  };
}

/** The name of the innermost call open at `offset`, and which argument (0-based) the cursor is in. */
function openCall(tokens: readonly EditorToken[], offset: number): { name: string; argument: number } | undefined {
  let depth = 0;
  let commas = 0;
  for (let i = lastTokenBefore(tokens, offset); i >= 0; i--) {
    const t = tokens[i]!;
    if (t.range.end.offset > offset) continue;
    if (STOP.has(t.type)) return undefined;
    if (depth === 0 && t.category === 'keyword' && ITEM_STARTS.has(t.image)) return undefined;
    if (t.type === 'RParen' || t.type === 'RBracket') depth++;
    else if (t.type === 'LBracket') depth = Math.max(0, depth - 1);
    else if (t.type === 'LParen') {
      if (depth > 0) depth--;
      else {
        const callee = tokens[i - 1];
        return callee?.category === 'identifier' ? { name: callee.image, argument: commas } : undefined;
      }
    } else if (t.type === 'Comma' && depth === 0) commas++;
  }
  return undefined;
}
