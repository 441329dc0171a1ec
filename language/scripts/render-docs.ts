/**
 * Renders the generated parts of docs/LANGUAGE.md from the catalogue and the diagnostic
 * codes — the one source of truth — between `<!-- generated:NAME -->` and
 * `<!-- /generated:NAME -->` markers. `language/test/docs.test.ts` fails when the file is
 * out of date; run this to update it:
 *
 *   node --import tsx language/scripts/render-docs.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_CODES, CODES, FIELDS, INDICATORS, MATH_FUNCTIONS, ORDER_ITEMS, SETTINGS, SETTING_NAMES, signatureOf, type BuiltinFunction } from '../src/index.js';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function functionSection(f: BuiltinFunction): string {
  const params = f.params.map((p) => `\`${p.name}\` (${p.kind}${p.default === undefined ? '' : `, default \`${p.default}\``}${p.min === undefined ? '' : `, ≥ ${p.min}`}) — ${p.doc}`);
  const lines = [
    `#### \`${signatureOf(f)}\``,
    '',
    f.doc,
    '',
    ...(params.length ? params.map((p) => `- ${p}`) : ['- no arguments']),
    `- returns: ${f.returns === 'bool' ? 'a condition' : 'a number'}${f.outputs.length ? `; outputs ${f.outputs.map((o) => `\`.${o}\``).join(' ')} (bare call = \`.${f.defaultOutput}\`)` : ''}`,
    ...(f.barInputs.length ? [`- reads: ${f.barInputs.join(', ')} of each bar`] : []),
    `- math: ${f.math}`,
    '',
    '```algo',
    f.example,
    '```',
    '',
  ];
  return lines.join('\n');
}

const RENDERERS: Record<string, () => string> = {
  settings: () =>
    ['| setting | form | default | meaning |', '| --- | --- | --- | --- |', ...SETTING_NAMES.map((n) => SETTINGS[n]).map((s) => `| \`${s.keyword}\` | \`${cell(s.form)}\` | ${cell(s.default)} | ${cell(s.doc)} |`)].join('\n'),
  'order-items': () =>
    ['| item | form | when left out | meaning |', '| --- | --- | --- | --- |', ...Object.values(ORDER_ITEMS).map((s) => `| \`${s.keyword}\` | \`${cell(s.form)}\` | ${cell(s.default)} | ${cell(s.doc)} |`)].join('\n'),
  fields: () =>
    ['| field | type | meaning | math |', '| --- | --- | --- | --- |', ...FIELDS.map((f) => `| \`${f.name}\` | ${f.returns} | ${cell(f.doc)} | ${cell(f.math)} |`)].join('\n'),
  indicators: () => INDICATORS.map(functionSection).join('\n').trimEnd(),
  functions: () =>
    ['| function | meaning | math | example |', '| --- | --- | --- | --- |', ...MATH_FUNCTIONS.map((f) => `| \`${signatureOf(f)}\` | ${cell(f.doc)} | ${cell(f.math)} | \`${cell(f.example)}\` |`)].join('\n'),
  codes: () => ['| code | severity | name | when |', '| --- | --- | --- | --- |', ...ALL_CODES.map((c) => `| ${c} | ${CODES[c].severity} | ${CODES[c].name} | ${cell(CODES[c].summary)} |`)].join('\n'),
};

/** `text` with every generated section replaced by its current rendering. */
export function renderDocs(text: string): string {
  return text.replace(/<!-- generated:([a-z-]+) -->\n[\s\S]*?<!-- \/generated:\1 -->/g, (_m, name: string) => {
    const render = RENDERERS[name];
    if (!render) throw new Error(`unknown generated section "${name}" in LANGUAGE.md`);
    return `<!-- generated:${name} -->\n${render()}\n<!-- /generated:${name} -->`;
  });
}

/** docs/LANGUAGE.md */
export const LANGUAGE_MD = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'LANGUAGE.md');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const before = readFileSync(LANGUAGE_MD, 'utf8');
  const after = renderDocs(before);
  if (after !== before) writeFileSync(LANGUAGE_MD, after);
  console.log(after === before ? 'docs/LANGUAGE.md is up to date' : 'updated docs/LANGUAGE.md');
}
