import {
  ASSET_WORDS,
  BAR_UNITS,
  BASIS_WORDS,
  COMMISSION_PRESETS,
  COMMISSION_UNITS,
  EXPIRY_WORDS,
  FILL_WORDS,
  ORDER_ITEMS,
  QTY_UNITS,
  SETTINGS,
  SLIPPAGE_UNITS,
  STOP_UNITS,
  STRIKE_WORDS,
  signatureOf,
  type BuiltinField,
  type BuiltinFunction,
  type KeywordDoc,
  type Word,
} from '@algo/language';
import { KEYWORD_HELP } from './keywords.js';

/**
 * Markdown for hovers, completion items and signature help, built from the language's
 * catalogue so every editor surface says the same thing the reference does.
 */

/** A fenced `.algo` code block. */
export function code(text: string): string {
  return '```algo\n' + text + '\n```';
}

/** Bars, with the plural right: "1 bar", "20 bars". */
export function bars(n: number): string {
  return `${n} bar${n === 1 ? '' : 's'}`;
}

/** Full documentation of a built-in function: signature, doc, outputs, example, math. */
export function functionMarkdown(f: BuiltinFunction, extra: readonly string[] = []): string {
  const parts = [code(signatureOf(f)), capital(f.summary) + '.'];
  if (f.doc) parts.push(f.doc);
  if (f.params.length) parts.push(f.params.map((p) => `- \`${p.name}\`${p.default !== undefined && !p.doc.includes('default') ? ` (default \`${p.default}\`)` : ''}: ${p.doc || p.kind}`).join('\n'));
  parts.push(...extra);
  if (f.example) parts.push('Example:\n' + code(f.example));
  if (f.math) parts.push(`*Math:* ${f.math}`);
  return parts.join('\n\n');
}

/** Documentation of a field (`close`, `position.qty`). */
export function fieldMarkdown(f: BuiltinField, extra: readonly string[] = []): string {
  const parts = [code(`${f.name}: ${f.returns}${f.group === 'bar' ? ' series' : ''}`), capital(f.summary) + '.', f.doc, ...extra];
  if (f.example) parts.push('Example:\n' + code(f.example));
  return parts.join('\n\n');
}

/** Documentation of a setting or an order item. */
export function keywordDocMarkdown(k: KeywordDoc): string {
  return [code(k.form), k.doc, `*Default:* ${k.default}`, 'Example:\n' + code(k.example)].join('\n\n');
}

/** Documentation of any reserved word, or undefined for a word with none. */
export function keywordMarkdown(word: string): string | undefined {
  const setting = (SETTINGS as Readonly<Record<string, KeywordDoc>>)[word];
  if (setting) return keywordDocMarkdown(setting);
  const item = ORDER_ITEMS[word];
  if (item) return keywordDocMarkdown(item);
  const help = KEYWORD_HELP[word];
  return help ? [code(help.form), help.doc].join('\n\n') : undefined;
}

/** Where each fixed word is allowed, for the hover of a word such as `weekly` or `points`. */
const WORD_PLACES: ReadonlyArray<readonly [string, readonly Word[]]> = [
  ['asset', ASSET_WORDS],
  ['fill', FILL_WORDS],
  ['commission preset', COMMISSION_PRESETS],
  ['commission unit', COMMISSION_UNITS],
  ['slippage unit', SLIPPAGE_UNITS],
  ['quantity unit', QTY_UNITS],
  ['stop unit', STOP_UNITS],
  ['bar count unit', BAR_UNITS],
  ['sizing basis', BASIS_WORDS],
  ['strike', STRIKE_WORDS],
  ['expiry', EXPIRY_WORDS],
];

/** Documentation of a fixed word (`stocks`, `points`, `atm`, `weekly`, …), if it is one. */
export function wordMarkdown(word: string): string | undefined {
  const lines: string[] = [];
  for (const [place, list] of WORD_PLACES) {
    const w = list.find((x) => x.word === word);
    if (w) lines.push(`*${place}* \`${word}\`: ${w.doc}`);
  }
  return lines.length ? lines.join('\n\n') : undefined;
}

function capital(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}
