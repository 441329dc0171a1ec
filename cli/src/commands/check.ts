import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { analyze, countDiagnostics, formatDiagnostic, plural, type Diagnostic } from '@algo/language';
import type { Command } from 'commander';
import type { RegisterCommand } from './index.js';

/** A file named on the command line, read; or why it could not be. */
export type SourceInput = { readonly file: string; readonly text: string } | { readonly file: string; readonly error: string };

/**
 * Expands the paths of `algo check`/`algo fmt`: a file as given, a directory as the
 * `.algo` files directly inside it (sorted; sub-directories such as `broken/` are not
 * entered). Unreadable paths come back as errors naming the path, never as exceptions.
 */
export async function readSources(paths: readonly string[]): Promise<SourceInput[]> {
  const out: SourceInput[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = (await stat(p)).isDirectory();
    } catch (e) {
      out.push({ file: p, error: reason(e) });
      continue;
    }
    const files = isDir ? (await readdir(p)).filter((f) => f.endsWith('.algo')).sort().map((f) => join(p, f)) : [p];
    if (isDir && files.length === 0) out.push({ file: p, error: 'no .algo files in this directory' });
    for (const file of files) {
      try {
        out.push({ file, text: await readFile(file, 'utf8') });
      } catch (e) {
        out.push({ file, error: reason(e) });
      }
    }
  }
  return out;
}

function reason(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return e instanceof Error ? e.message : String(e);
}

interface CheckedFile {
  readonly file: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly error?: string;
}

/**
 * `algo check <files…>`: parses and checks strategies, prints every diagnostic as
 * `file:line:col: severity CODE: message` and a summary; `--json` prints one JSON document
 * instead. Exit code 1 when any file has an error (or cannot be read), else 0.
 */
export const registerCheck: RegisterCommand = (program: Command) => {
  program
    .command('check')
    .description('Check .algo strategies for errors without running them')
    .argument('<paths...>', '.algo files, or directories whose .algo files to check')
    .option('--json', 'print the results as JSON (for tools) instead of text')
    .addHelpText(
      'after',
      `
Each problem is printed as  file:line:col: severity CODE: message
and the command exits with 1 if any file has an error (warnings alone exit 0).
The codes are listed in docs/LANGUAGE.md ("Diagnostics").

Examples:
  algo check examples/01-banknifty-options-breakout.algo
  algo check examples                  # every .algo file in the folder
  algo check --json my-strategy.algo   # machine-readable results
`,
    )
    .action(async (paths: string[], opts: { json?: boolean }) => {
      const inputs = await readSources(paths);
      const results: CheckedFile[] = inputs.map((i) => ('error' in i ? { file: i.file, diagnostics: [], error: i.error } : { file: i.file, diagnostics: analyze(i.text, i.file).diagnostics }));
      const all = results.flatMap((r) => r.diagnostics);
      const { errors, warnings } = countDiagnostics(all);
      const unreadable = results.filter((r) => r.error).length;
      if (opts.json) {
        const json = { files: results.map((r) => ({ file: r.file, ...(r.error ? { error: r.error } : {}), diagnostics: r.diagnostics })), errors: errors + unreadable, warnings };
        process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      } else {
        for (const r of results) {
          if (r.error) process.stdout.write(`${r.file}: error: cannot read: ${r.error}\n`);
          for (const d of r.diagnostics) process.stdout.write(`${formatDiagnostic(r.file, d)}\n`);
        }
        process.stdout.write(`${summary(results.length, results.filter((r) => r.error || r.diagnostics.length > 0).length, errors + unreadable, warnings)}\n`);
      }
      process.exitCode = errors + unreadable > 0 ? 1 : 0;
    });
};

function summary(files: number, withProblems: number, errors: number, warnings: number): string {
  if (errors + warnings === 0) return `${plural(files, 'file')} checked: no problems`;
  const parts = [plural(errors, 'error'), ...(warnings ? [plural(warnings, 'warning')] : [])];
  return `${parts.join(', ')} in ${withProblems} of ${plural(files, 'file')}`;
}
