import { EOF, type IRecognitionException, type IToken } from 'chevrotain';
import type { Range } from '../ast.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { suggest } from '../diagnostics/suggest.js';
import { isReal } from './cst.js';
import type { LineIndex } from './line-index.js';
import { decodeSyntaxError } from './parse-errors.js';
import { ITEM_KEYWORDS, ORDER_KEYWORDS } from './tokens.js';

export { ITEM_KEYWORDS, ORDER_KEYWORDS } from './tokens.js';

const ITEM_LIST = 'a setting, `default`, `param`, `let`, `entry` or `exit`';
const ORDER_LIST = 'an order item (`qty`, `size`, `risk`, `stop_loss`, `take_profit`, `trailing_stop`, `buy`, `sell`)';

/**
 * Words (names and keywords) in the text the parser skipped while recovering: a later
 * "unknown name" or "no stop-loss" about one of them is a consequence of the syntax error
 * (the declaration or the `stop_loss` may be in there), so the checker stays quiet.
 */
export function skippedNames(errors: readonly IRecognitionException[]): Set<string> {
  const names = new Set<string>();
  for (const e of errors) {
    const skipped = [e.token, ...((e as { resyncedTokens?: IToken[] }).resyncedTokens ?? [])];
    for (const t of skipped) if (/^[A-Za-z_]/.test(t.image)) names.add(t.image);
  }
  return names;
}

/**
 * Turns chevrotain's parse errors into ALG101 diagnostics in plain English: what was
 * expected, what was found, and — for a misspelt keyword — a did-you-mean fix. Errors at
 * the same place are reported once.
 */
export function syntaxDiagnostics(errors: readonly IRecognitionException[], lines: LineIndex, tokens: readonly IToken[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<number>();
  const last = tokens[tokens.length - 1];
  const lastEnd = last ? last.startOffset + last.image.length : 0;
  for (const e of errors) {
    const d = toDiagnostic(e, lines, lastEnd);
    if (seen.has(d.range.start.offset)) continue;
    seen.add(d.range.start.offset);
    out.push(d);
  }
  return out;
}

function toDiagnostic(e: IRecognitionException, lines: LineIndex, lastEnd: number): Diagnostic {
  const info = decodeSyntaxError(e.message);
  const found = e.token;
  const atEnd = found.tokenType === EOF || !isReal(found);
  const range = atEnd ? lines.range(lastEnd, lastEnd) : lines.range(found.startOffset, found.startOffset + found.image.length);
  const what = atEnd ? 'the end of the file' : describe(found);
  if (!info) return diagnostic('ALG101', range, `unexpected ${what}`);
  if (atEnd && info.expectedTypes.length === 1 && info.expectedTypes[0] === 'RCurly') {
    return diagnostic('ALG101', range, 'the file ends before this block is closed: add `}`');
  }

  const inStrategy = info.rule === 'strategy';
  const inEntry = info.rule === 'entryRule';
  const expectsClose = info.expectedTypes.length === 1 && info.expectedTypes[0] === 'RCurly';
  if (!atEnd && (inStrategy || inEntry) && expectsClose) return badItemDiagnostic(found, inEntry, range);
  if (info.kind === 'redundant') return diagnostic('ALG101', range, `unexpected ${what} outside the strategy block`);
  if (info.rule === 'atom' || (info.expected.length > 6 && info.expected.includes('a number'))) {
    return diagnostic('ALG101', range, `expected an expression, but found ${what}`);
  }
  return diagnostic('ALG101', range, `expected ${orList(info.expected)}, but found ${what}`);
}

/** How a token reads in a message: `foo`, `}`, the string "…". */
export function describe(t: IToken): string {
  const name = t.tokenType.name;
  if (name === 'String' || name === 'UnterminatedString') {
    const s = t.image.length > 24 ? `${t.image.slice(0, 23)}…` : t.image;
    return `the string ${s}`;
  }
  const image = t.image.length > 24 ? `${t.image.slice(0, 23)}…` : t.image;
  return `\`${image}\``;
}

function orList(items: readonly string[]): string {
  const unique = [...new Set(items)];
  if (unique.length <= 1) return unique[0] ?? 'something else';
  return `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
}

/**
 * The diagnostic for something that is not an item where an item must start: a misspelt
 * keyword gets a did-you-mean fix (an order keyword at strategy level also says where it
 * belongs), an order item outside a block says so, anything else lists what may start here.
 */
export function badItemDiagnostic(found: IToken, inEntry: boolean, range: Range): Diagnostic {
  const options = inEntry ? ORDER_KEYWORDS : ITEM_KEYWORDS;
  if (!inEntry && ORDER_KEYWORDS.includes(found.image)) {
    return diagnostic('ALG101', range, `\`${found.image}\` belongs inside an entry block (\`entry long when … { ${found.image} … }\`) or after \`default\``);
  }
  const candidates = inEntry ? options : [...ITEM_KEYWORDS, ...ORDER_KEYWORDS];
  const guess = found.tokenType.name === 'Identifier' ? suggest(found.image, candidates, 2) : undefined;
  if (guess) {
    const where = options.includes(guess) ? '' : ' (it belongs inside an entry block or after `default`)';
    return diagnostic('ALG101', range, `unknown keyword \`${found.image}\` — did you mean \`${guess}\`?${where}`, {
      fixes: [{ title: `Change to \`${guess}\``, range, text: guess }],
    });
  }
  return diagnostic('ALG101', range, `expected ${inEntry ? ORDER_LIST : ITEM_LIST} or \`}\`, but found ${describe(found)}`);
}
