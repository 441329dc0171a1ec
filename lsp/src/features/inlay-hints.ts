import { walk, type Analysis, type Expression } from '@algo/language';
import { InlayHintKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
import { bars } from '../docs/markdown.js';
import type { DocumentState } from '../workspace/documents.js';
import { toLspPosition } from '../workspace/positions.js';

/** Which inlay hints to show (client settings `algo.inlayHints.*`). */
export interface InlayHintOptions {
  /** Warm-up bars after each let and entry condition, and for the whole strategy. */
  readonly warmup: boolean;
  /** The value of a param where it is used: `rsi(close, rsi_len: 14)`. */
  readonly paramValues: boolean;
}

/**
 * Inlay hints: how many bars each let and each entry condition needs before it has a value
 * (and the whole strategy's warm-up after its name), and the resolved value of every param
 * where it is read. Only hints inside the requested range are computed.
 */
export function inlayHints({ document, analysis }: DocumentState, params: InlayHintParams, options: InlayHintOptions): InlayHint[] {
  const from = document.offsetAt(params.range.start);
  const to = document.offsetAt(params.range.end);
  const inRange = (offset: number): boolean => offset >= from && offset <= to;
  const out: InlayHint[] = [];
  const { model } = analysis;
  const strategy = model.strategy;
  if (!strategy) return out;
  if (options.warmup) {
    if (strategy.name && inRange(strategy.name.range.end.offset) && model.warmup > 0) {
      const sweep = model.maxWarmup > model.warmup ? ` (up to ${bars(model.maxWarmup)} across the param ranges)` : '';
      out.push(hint(strategy.name.range.end, `warm-up ${bars(model.warmup)}`, `Bars of ${model.settings.timeframe} the strategy reads before its first signal${sweep}.`));
    }
    for (const item of strategy.items) {
      if (item.kind === 'Let' && item.name) warmupHint(out, item.value, model, inRange, `\`${item.name.name}\` has a value once this many bars of`);
      if (item.kind === 'Entry' && item.when) warmupHint(out, item.when, model, inRange, 'this condition can first be true once this many bars of');
    }
  }
  if (options.paramValues) {
    const values = new Map(model.params.map((p) => [p.name, p.type.kind === 'percent' ? `${+(p.value * 100).toPrecision(12)}%` : String(+p.value.toPrecision(12))]));
    walk(strategy, (n) => {
      if (n.range.end.offset < from || n.range.start.offset > to) return false;
      if (n.kind === 'Name' && inRange(n.range.end.offset)) {
        const s = model.symbolOf(n);
        const v = s?.kind === 'param' ? values.get(s.name) : undefined;
        if (v !== undefined) out.push({ position: toLspPosition(n.range.end), label: `: ${v}`, kind: InlayHintKind.Parameter, tooltip: `param \`${s!.name}\` at its default (override with --param ${s!.name}=…)` });
      }
      return true;
    });
  }
  return out.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
}

function warmupHint(out: InlayHint[], e: Expression, model: Analysis['model'], inRange: (o: number) => boolean, what: string): void {
  if (!inRange(e.range.end.offset)) return;
  const n = model.lookbackOf(e);
  if (!n) return;
  out.push(hint(e.range.end, `⏱ ${bars(n)}`, `${what} ${model.timeframeOf(e)} have closed (params at their defaults).`));
}

function hint(at: Expression['range']['end'], label: string, tooltip: string): InlayHint {
  return { position: toLspPosition(at), label, paddingLeft: true, tooltip };
}

