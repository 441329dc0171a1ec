import type { Analysis, Diagnostic as AlgoDiagnostic } from '@algo/language';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import { toLspRange } from '../workspace/positions.js';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/** Codes whose range is code that does nothing (shown faded by editors). */
const UNNECESSARY = new Set(['ALG209', 'ALG500']);

/** One language diagnostic as LSP sends it: code, plain-English message, related places. */
export function toLspDiagnostic(d: AlgoDiagnostic, uri: string): Diagnostic {
  const out: Diagnostic = {
    range: toLspRange(d.range),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'algo',
    message: d.message,
  };
  if (d.related.length) out.relatedInformation = d.related.map((r) => ({ location: { uri, range: toLspRange(r.range) }, message: r.message }));
  if (UNNECESSARY.has(d.code)) out.tags = [DiagnosticTag.Unnecessary];
  return out;
}

/** Every diagnostic of an analysis, in LSP form. */
export function diagnosticsOf(analysis: Analysis, uri: string): Diagnostic[] {
  return analysis.diagnostics.map((d) => toLspDiagnostic(d, uri));
}
