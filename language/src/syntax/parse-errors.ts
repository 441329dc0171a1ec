import { EOF, tokenLabel, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';

/**
 * What the parser knew when it failed: the token kinds it could accept and the rule it
 * was in. Chevrotain only carries a message string on its exceptions, so the message
 * provider below encodes this record as JSON and `./syntax-diagnostics.ts` turns it into
 * plain English (and did-you-mean fixes) with the whole file in view.
 */
export interface SyntaxErrorInfo {
  readonly kind: 'mismatch' | 'no-alternative' | 'early-exit' | 'redundant';
  /** Labels of the acceptable next tokens, e.g. "`}`", "a number". */
  readonly expected: string[];
  /** Token type names of the acceptable next tokens, e.g. "RCurly". */
  readonly expectedTypes: string[];
  readonly rule: string;
}

function firstTokens(paths: TokenType[][][]): TokenType[] {
  const seen = new Set<TokenType>();
  for (const alt of paths) for (const path of alt) if (path[0]) seen.add(path[0]);
  return [...seen];
}

function encode(kind: SyntaxErrorInfo['kind'], expected: TokenType[], rule: string): string {
  const info: SyntaxErrorInfo = {
    kind,
    expected: expected.map((t) => (t === EOF ? 'the end of the file' : tokenLabel(t))),
    expectedTypes: expected.map((t) => t.name),
    rule,
  };
  return JSON.stringify(info);
}

/** Reads back what `syntaxErrorMessages` encoded; undefined for a foreign message. */
export function decodeSyntaxError(message: string): SyntaxErrorInfo | undefined {
  try {
    const v = JSON.parse(message) as SyntaxErrorInfo;
    return Array.isArray(v.expected) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The parser's message provider (see SyntaxErrorInfo). */
export const syntaxErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage(o: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
    return encode('mismatch', [o.expected], o.ruleName);
  },
  buildNotAllInputParsedMessage(o: { firstRedundant: IToken; ruleName: string }): string {
    return encode('redundant', [], o.ruleName);
  },
  buildNoViableAltMessage(o: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[]; previous: IToken; ruleName: string }): string {
    return encode('no-alternative', firstTokens(o.expectedPathsPerAlt), o.ruleName);
  },
  buildEarlyExitMessage(o: { expectedIterationPaths: TokenType[][]; actual: IToken[]; previous: IToken; ruleName: string }): string {
    return encode('early-exit', firstTokens([o.expectedIterationPaths]), o.ruleName);
  },
};
