import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { format, formatDiagnostic, plural } from '@algo/language';
import type { Command } from 'commander';
import { readSources } from './check.js';
import type { RegisterCommand } from './index.js';

/**
 * `algo fmt [--check] <files…>`: rewrites strategies in their canonical layout, in place
 * (written to a temporary file and renamed, so a file is never half-written). `--check`
 * changes nothing: it lists the files that are not formatted and exits 1 if there are
 * any. `-` formats standard input to standard output. A file with syntax errors is left
 * untouched and its errors are printed (exit 1).
 */
export const registerFmt: RegisterCommand = (program: Command) => {
  program
    .command('fmt')
    .description('Format .algo strategies in the canonical layout')
    .argument('<paths...>', '.algo files, directories of them, or - for standard input')
    .option('--check', 'change nothing; list files that are not formatted and exit 1 if any')
    .addHelpText(
      'after',
      `
Formatting keeps every comment and never changes what a strategy means. A file with
syntax errors is not touched; its errors are printed instead.

Examples:
  algo fmt my-strategy.algo            # rewrite in place
  algo fmt --check examples            # in CI: fail if anything is unformatted
  cat s.algo | algo fmt -              # format standard input to standard output
`,
    )
    .action(async (paths: string[], opts: { check?: boolean }) => {
      if (paths.length === 1 && paths[0] === '-') {
        process.exitCode = await formatStdin();
        return;
      }
      let failed = 0;
      let changed = 0;
      const inputs = await readSources(paths);
      for (const input of inputs) {
        if ('error' in input) {
          process.stderr.write(`${input.file}: error: cannot read: ${input.error}\n`);
          failed++;
          continue;
        }
        const r = format(input.text);
        if (r.diagnostics.length > 0) {
          for (const d of r.diagnostics) process.stderr.write(`${formatDiagnostic(input.file, d)}\n`);
          process.stderr.write(`${input.file}: not formatted: fix the syntax errors first\n`);
          failed++;
          continue;
        }
        if (!r.changed) continue;
        changed++;
        if (opts.check) process.stdout.write(`${input.file}\n`);
        else await writeAtomically(input.file, r.text);
      }
      const total = plural(inputs.length, 'file');
      if (opts.check) {
        process.stderr.write(changed ? `${changed} of ${total} not formatted; run \`algo fmt\` on them\n` : `${total} formatted\n`);
      } else if (changed) process.stderr.write(`formatted ${changed} of ${total}\n`);
      process.exitCode = failed > 0 || (opts.check && changed > 0) ? 1 : 0;
    });
};

async function formatStdin(): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const r = format(Buffer.concat(chunks).toString('utf8'));
  if (r.diagnostics.length > 0) {
    for (const d of r.diagnostics) process.stderr.write(`${formatDiagnostic('<stdin>', d)}\n`);
    return 1;
  }
  process.stdout.write(r.text);
  return 0;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
