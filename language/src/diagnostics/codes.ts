/**
 * Every diagnostic the language can report, by stable code. Codes never change meaning
 * and are never reused: editors, CI logs and docs/LANGUAGE.md ("Diagnostics") refer to
 * them. 1xx syntax, 2xx names, 3xx types and values, 4xx strategy rules, 5xx hints.
 */

export type Severity = 'error' | 'warning' | 'info';

export interface CodeInfo {
  readonly severity: Severity;
  /** Short kebab-case name, for people and for `--json` consumers that prefer words. */
  readonly name: string;
  /** One sentence for the docs table. */
  readonly summary: string;
}

export const CODES = {
  // ---------------------------------------------------------------- syntax
  ALG100: { severity: 'error', name: 'invalid-character', summary: 'A character that cannot start any token (`#`, `@`, `;`, …).' },
  ALG101: { severity: 'error', name: 'syntax', summary: 'The parser expected something else here; the message says what.' },
  ALG102: { severity: 'error', name: 'unterminated-string', summary: 'A string has no closing `"` on its line.' },
  ALG103: { severity: 'error', name: 'unterminated-comment', summary: 'A `/*` comment has no closing `*/`.' },
  ALG104: { severity: 'error', name: 'no-strategy', summary: 'The file has no `strategy "…" { … }` block.' },
  ALG105: { severity: 'error', name: 'extra-strategy', summary: 'A second strategy in one file (one strategy per file).' },
  ALG106: { severity: 'error', name: 'too-complex', summary: 'Brackets nested too deeply or an expression too large to check; split it with `let`.' },
  // ---------------------------------------------------------------- names
  ALG200: { severity: 'error', name: 'unknown-name', summary: 'A name that is not a field, param, let or built-in (with a did-you-mean).' },
  ALG201: { severity: 'error', name: 'unknown-function', summary: 'A call to an indicator or function that does not exist (with a did-you-mean).' },
  ALG202: { severity: 'error', name: 'unknown-output', summary: 'A `.name` that the value does not have (`macd(close).signl`, `position.size`).' },
  ALG203: { severity: 'error', name: 'duplicate-name', summary: 'Two params or lets with the same name.' },
  ALG204: { severity: 'error', name: 'duplicate-setting', summary: 'A setting, default or order item written twice where it may appear once.' },
  ALG205: { severity: 'error', name: 'recursive-let', summary: 'A let that uses itself, directly or through other lets.' },
  ALG206: { severity: 'error', name: 'unknown-word', summary: 'A word that is not one of the allowed values here (asset, unit, strike, expiry, …).' },
  ALG207: { severity: 'error', name: 'unknown-label', summary: 'An exit names an entry label that no entry has.' },
  ALG208: { severity: 'error', name: 'duplicate-label', summary: 'Two entries with the same label.' },
  ALG209: { severity: 'warning', name: 'unused', summary: 'A param or let that nothing reads.' },
  ALG210: { severity: 'error', name: 'shadows-builtin', summary: 'A param or let named like a field or built-in (`let close = …`).' },
  ALG211: { severity: 'error', name: 'not-callable', summary: 'A value called like a function (`close(1)`), or an indicator used without `(…)`.' },
  // ---------------------------------------------------------------- types and values
  ALG300: { severity: 'error', name: 'type-mismatch', summary: 'A value of the wrong type (a number where a condition is needed, …).' },
  ALG301: { severity: 'error', name: 'arity', summary: 'Too many or too few arguments in a call.' },
  ALG302: { severity: 'error', name: 'not-constant', summary: 'A length, period or setting that must be known before the first bar is a series.' },
  ALG303: { severity: 'error', name: 'out-of-range', summary: 'A constant outside its allowed range (a length below 1, a fractional length, a stop of 100% or more, …).' },
  ALG304: { severity: 'error', name: 'bad-history', summary: 'A history offset `x[n]` that is negative, fractional or not constant (no look-ahead).' },
  ALG305: { severity: 'error', name: 'no-outputs', summary: 'A `.name` read on a value that has no named outputs.' },
  ALG306: { severity: 'error', name: 'bad-timeframe', summary: 'An `on` timeframe lower than the strategy\'s or not a whole multiple of it, or an unknown timeframe.' },
  ALG307: { severity: 'error', name: 'bad-literal', summary: 'A clock time or instrument key that cannot be (24:00, 09:75, a key without `|`).' },
  ALG308: { severity: 'error', name: 'needs-unit', summary: 'A bare number where a unit decides the meaning (`stop_loss 50` — points or price?).' },
  ALG309: { severity: 'warning', name: 'division-by-zero', summary: 'Division by a constant zero.' },
  // ---------------------------------------------------------------- strategy rules
  ALG400: { severity: 'error', name: 'missing-stop-loss', summary: 'An entry with no stop-loss, in its block or as `default stop_loss`.' },
  ALG401: { severity: 'error', name: 'entry-not-before-exit', summary: 'A timed entry at or after the timed exit that closes it (buy_time ≥ sell_time).' },
  ALG402: { severity: 'error', name: 'not-positive', summary: 'A quantity, size, capital, stop distance or count that is zero or negative.' },
  ALG403: { severity: 'error', name: 'unreachable-exit', summary: 'An exit that can never fire (no entry it could close, a time outside the session, `when false`).' },
  ALG404: { severity: 'error', name: 'session-outside-hours', summary: 'A session, entry or exit time outside the exchange\'s trading hours.' },
  ALG405: { severity: 'error', name: 'option-leg-not-options', summary: 'An option leg (`buy call atm`) in a strategy whose asset is not `options`.' },
  ALG406: { severity: 'error', name: 'needs-stop', summary: 'A take-profit in `R` or `risk` sizing with no stop-loss to measure from.' },
  ALG407: { severity: 'error', name: 'missing-setting', summary: 'A required setting is missing (`asset`; `symbols` for stocks and futures; `underlying` for options).' },
  ALG408: { severity: 'error', name: 'missing-option-leg', summary: 'An entry of an options strategy with no option leg (`buy call atm expiry weekly`).' },
  ALG409: { severity: 'warning', name: 'setting-not-applicable', summary: 'A setting that does nothing for this asset (`symbols` on options, `underlying` on stocks).' },
  ALG410: { severity: 'error', name: 'sizing-conflict', summary: 'More than one of `qty`, `size`, `risk` in one entry.' },
  ALG411: { severity: 'error', name: 'unreachable-entry', summary: 'A timed entry outside the session window: it can never fire.' },
  ALG412: { severity: 'error', name: 'bad-param-range', summary: 'A param whose default lies outside its range, or whose range or step is empty.' },
  ALG413: { severity: 'warning', name: 'no-entries', summary: 'A strategy with no `entry` rule never trades.' },
  ALG414: { severity: 'warning', name: 'large-size', summary: 'A position sized above 100% of equity (leverage), or `max_positions` above the number of symbols.' },
  // ---------------------------------------------------------------- hints
  ALG500: { severity: 'warning', name: 'redundant-on', summary: '`x on 5m` in a 5m strategy: `on` changes nothing.' },
  // ---------------------------------------------------------------- bugs
  ALG999: { severity: 'error', name: 'internal-error', summary: 'The checker itself failed on this file — a bug in Algo; the message says where. Please report it.' },
} as const satisfies Record<string, CodeInfo>;

/** A stable diagnostic code, e.g. `'ALG200'`. */
export type DiagnosticCode = keyof typeof CODES;

/** Every code, in numeric order. */
export const ALL_CODES: readonly DiagnosticCode[] = Object.keys(CODES) as DiagnosticCode[];
