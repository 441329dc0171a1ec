/**
 * Which document a command acts on: the argument it was given (a uri string from the
 * "Backtest ▶" lens, a `Uri` from a menu), else the active `.algo` editor. Undefined when
 * there is none — the command then says so instead of guessing.
 */
export function targetUri(arg: unknown, active: { uri: string; languageId: string } | undefined): string | undefined {
  if (typeof arg === 'string' && arg) return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { toString(): string }).toString === 'function' && 'scheme' in arg) return String(arg);
  return active && active.languageId === 'algo' ? active.uri : undefined;
}
