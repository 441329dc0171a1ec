/**
 * A one-message page for the report panel — "running", or why a backtest failed — under
 * the same strict CSP as the report itself (no scripts; only the nonce'd style).
 */
export function messagePage(title: string, message: string, webview: { cspSource: string; nonce: string }): string {
  const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${esc(webview.nonce)}' ${esc(webview.cspSource)};">
<title>${esc(title)}</title>
<style nonce="${esc(webview.nonce)}">body { font-family: var(--vscode-font-family, system-ui, sans-serif); color: var(--vscode-foreground, #1f2328); background: var(--vscode-editor-background, #fff); margin: 24px; } p { color: var(--vscode-descriptionForeground, #656d76); max-width: 70ch; }</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p>${esc(message)}</p>
</body>
</html>
`;
}
