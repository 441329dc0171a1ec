import { readFile } from 'node:fs/promises';
import { loggedInClient, type ApiDiagnostic } from '@algo/api/client';
import { compile } from '@algo/compiler';
import { countDiagnostics, formatDiagnostic, plural, type Diagnostic } from '@algo/language';
import type { Command } from 'commander';
import { parseParamFlags } from './compile.js';
import type { RegisterCommand } from './index.js';

interface PushFlags {
  param: string[];
  server?: string;
}

const collect = (v: string, all: string[]) => [...all, v];

/** A server diagnostic in the shape `formatDiagnostic` prints, so it reads exactly like `algo check`. */
function asDiagnostic(d: ApiDiagnostic): Diagnostic {
  const at = (line: number, column: number) => ({ line, column, offset: 0 });
  return { severity: d.severity, code: d.code as Diagnostic['code'], message: d.message, range: { start: at(d.line, d.column), end: at(d.end_line, d.end_column) }, fixes: [], related: [] };
}

/**
 * `algo push <file> [--param k=v …]`: checks the strategy locally first and prints its
 * diagnostics exactly as `algo check` does (one `file:line:col: severity CODE: message`
 * line each); with errors nothing is uploaded. Then the server compiles it again (it never
 * trusts a client's graph), stores it as the next version of the strategy the file names,
 * and this prints the new version and any warnings (another strategy running on the same
 * symbol, …).
 */
export const registerPush: RegisterCommand = (program: Command) => {
  program
    .command('push')
    .description('Check a strategy, then upload it to the server as its next version')
    .argument('<file>', 'the .algo strategy')
    .option('-p, --param <name=value>', 'override a param (repeatable): a number, a percentage (2%) or true/false', collect, [])
    .option('--server <url>', 'the server (default: the one you logged in to)')
    .addHelpText('after', '\nExamples:\n  algo push examples/03-tcs-timed-stop-loss.algo\n  algo push breakout.algo --param lookback=30\n')
    .action(async (file: string, flags: PushFlags) => {
      process.exitCode = await run(file, flags);
    });
};

function fail(message: string): number {
  process.stderr.write(`algo push: ${message}\n`);
  return 1;
}

async function run(file: string, flags: PushFlags): Promise<number> {
  const { params, error } = parseParamFlags(flags.param);
  if (error) return fail(error);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return fail(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
  }
  const local = compile(text, { params, uri: file });
  for (const d of local.diagnostics) process.stdout.write(`${formatDiagnostic(file, d)}\n`);
  const { errors, warnings } = countDiagnostics(local.diagnostics);
  if (errors > 0 || !local.graph) {
    process.stdout.write(`${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''} in ${file}: not pushed\n`);
    return 1;
  }
  const { client, error: loginError } = await loggedInClient(flags);
  if (!client) return fail(loginError);
  const r = await client.push(text, params);
  if (!r.ok) {
    for (const d of r.error.diagnostics ?? []) process.stdout.write(`${formatDiagnostic(file, asDiagnostic(d))}\n`);
    return fail(client.explain(r));
  }
  const { strategy: s, created, unchanged, warnings: notes } = r.value;
  const what = created ? `created "${s.name}" version ${s.version}` : unchanged ? `"${s.name}" is unchanged: still version ${s.version}` : `pushed "${s.name}" as version ${s.version} (was ${r.value.previous_version})`;
  process.stdout.write(`${what} on ${client.server} (id ${s.id})\n`);
  for (const w of notes) process.stdout.write(`warning: ${w.message}\n`);
  return 0;
}
