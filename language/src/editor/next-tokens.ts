import {
  Alternation,
  Alternative,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  Terminal,
  tokenMatcher,
  type IProduction,
  type IToken,
  type TokenType,
} from 'chevrotain';
import { parserInstance } from '../syntax/parser.js';

/**
 * Which tokens may come next after a prefix of tokens, by walking the grammar itself
 * (chevrotain's recorded productions) — so completion can never disagree with the parser.
 * A small breadth-first interpreter: each configuration is the list of productions still
 * to match; consuming a token keeps the configurations whose next terminal matches it.
 * Gates (the parser's unit check) are ignored: they only narrow what the grammar allows.
 */

type Cont = { readonly head: IProduction; readonly tail: Cont } | null;

const RULES = parserInstance.getGAstProductions();
const MAX_CONFIGS = 2_000;
const MAX_EXPANSIONS = 50_000;

function pushAll(defs: readonly IProduction[], tail: Cont): Cont {
  let c = tail;
  for (let i = defs.length - 1; i >= 0; i--) c = { head: defs[i]!, tail: c };
  return c;
}

function sepLoop(sep: TokenType, def: IProduction[]): Repetition {
  return new Repetition({ definition: [new Terminal({ terminalType: sep }), ...def] });
}

interface Frontier {
  /** Each next possible terminal with what follows it. */
  readonly heads: Array<readonly [TokenType, Cont]>;
  /** Whether the rule can be complete here. */
  readonly canEnd: boolean;
}

function expand(conts: readonly Cont[]): Frontier {
  const heads: Array<readonly [TokenType, Cont]> = [];
  let canEnd = false;
  const stack = [...conts];
  let budget = MAX_EXPANSIONS;
  while (stack.length > 0 && budget-- > 0 && heads.length < MAX_CONFIGS) {
    const c = stack.pop()!;
    if (c === null) {
      canEnd = true;
      continue;
    }
    const p = c.head;
    const t = c.tail;
    if (p instanceof Terminal) heads.push([p.terminalType, t]);
    else if (p instanceof NonTerminal) stack.push(pushAll(p.referencedRule.definition, t));
    else if (p instanceof Option) stack.push(t, pushAll(p.definition, t));
    else if (p instanceof Repetition) stack.push(t, pushAll(p.definition, { head: p, tail: t }));
    else if (p instanceof RepetitionMandatory) stack.push(pushAll(p.definition, { head: new Repetition({ definition: p.definition }), tail: t }));
    else if (p instanceof RepetitionWithSeparator) stack.push(t, pushAll(p.definition, { head: sepLoop(p.separator, p.definition), tail: t }));
    else if (p instanceof RepetitionMandatoryWithSeparator) stack.push(pushAll(p.definition, { head: sepLoop(p.separator, p.definition), tail: t }));
    else if (p instanceof Alternation) for (const alt of p.definition) stack.push(pushAll((alt as Alternative).definition, t));
    else if (p instanceof Alternative) stack.push(pushAll(p.definition, t));
  }
  return { heads, canEnd };
}

/**
 * The token types that may follow `prefix` when parsing rule `rule` (e.g. `item`,
 * `orderItem`), and whether the rule may already be complete. `undefined` when `prefix`
 * is not a valid start of the rule.
 */
export function nextTokens(rule: string, prefix: readonly IToken[]): { types: TokenType[]; canEnd: boolean } | undefined {
  const start = RULES[rule];
  if (!start) return undefined;
  let conts: Cont[] = [pushAll(start.definition, null)];
  for (const tok of prefix) {
    const { heads } = expand(conts);
    conts = heads.filter(([type]) => tokenMatcher(tok, type)).map(([, rest]) => rest);
    if (conts.length === 0) return undefined;
  }
  const { heads, canEnd } = expand(conts);
  return { types: [...new Set(heads.map(([type]) => type))], canEnd };
}
