import type { Command } from 'commander';

/**
 * The `algo` commands, one line each: the name a user types first, and how to load the
 * file that registers that command.
 *
 * Loading is lazy: `algo check …` imports `check.ts` (and what it imports) and nothing
 * else, so no command pays at start-up for the others' dependencies (`@algo/runtime`
 * alone took ~1.6 s to import, and every command used to wait for it). `algo --help`, no
 * command, or a name not listed here loads every command, in this order, so the help
 * lists them all and a typo gets its "did you mean".
 *
 * To add a command: write `<name>.ts` in this folder exporting a `RegisterCommand` that
 * adds the command (options, help text, action) to the program, and add its line:
 *
 *   name: () => import('./name.js').then((m) => m.registerName),
 *
 * Keep heavy imports in the command's own file (or in modules it imports), never here or
 * in `main.ts`. A sub-command group (`algo data …`) is one line: its file registers the
 * group. The key must be the command's name, or the fast path misses it (it still works,
 * by loading every command).
 */
export type RegisterCommand = (program: Command) => void;

export const commands: Readonly<Record<string, () => Promise<RegisterCommand>>> = {
  check: () => import('./check.js').then((m) => m.registerCheck),
  compile: () => import('./compile.js').then((m) => m.registerCompile),
  fmt: () => import('./fmt.js').then((m) => m.registerFmt),
  data: () => import('./data.js').then((m) => m.registerData),
  db: () => import('./db.js').then((m) => m.registerDb),
  lsp: () => import('./lsp.js').then((m) => m.registerLsp),
  backtest: () => import('./backtest.js').then((m) => m.registerBacktest),
  explain: () => import('./explain.js').then((m) => m.registerExplain),
  series: () => import('./series.js').then((m) => m.registerSeries),
  serve: () => import('./serve.js').then((m) => m.registerServe),
  login: () => import('./login.js').then((m) => m.registerLogin),
  push: () => import('./push.js').then((m) => m.registerPush),
  strategies: () => import('./strategies.js').then((m) => m.registerStrategies),
  start: () => import('./start.js').then((m) => m.registerStart),
  stop: () => import('./stop.js').then((m) => m.registerStop),
  logs: () => import('./logs.js').then((m) => m.registerLogs),
  worker: () => import('./worker.js').then((m) => m.registerWorker),
};

/**
 * The commands to register for `argv` (`node algo <args>`): just the one named, when it
 * is listed; none for a bare `--version`; otherwise all of them. The command name is the
 * first argument that is not an option (the program's own options, `-v` and `-h`, take no
 * value).
 */
export async function commandsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  const args = argv.slice(2);
  const name = args.find((a) => !a.startsWith('-'));
  if (name === undefined && (args.includes('-v') || args.includes('--version')) && !args.includes('-h') && !args.includes('--help')) return [];
  const load = name !== undefined && Object.hasOwn(commands, name) ? [commands[name]!] : Object.values(commands);
  return Promise.all(load.map((l) => l()));
}
