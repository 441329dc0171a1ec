import { randomBytes } from 'node:crypto';
import { rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { compile, serializeGraph, type ParamValue, type RuleGraph } from '@algo/compiler';
import { countDiagnostics, formatDiagnostic, plural } from '@algo/language';
import { Option, type Command } from 'commander';
import { readSources } from './check.js';
import type { RegisterCommand } from './index.js';

/**
 * `algo compile <file> [-o out.json] [--param k=v …] [--pretty]`: compiles one strategy to
 * its rule graph (`algo.rulegraph/v1`) — to standard output, or to a file written to a
 * temporary name and renamed (never half-written). Diagnostics go to standard error in
 * `algo check`'s format; any error (in the file, in a `--param`, reading or writing) exits
 * 1 and writes nothing.
 */
export const registerCompile: RegisterCommand = (program: Command) => {
  program
    .command('compile')
    .description('Compile a .algo strategy to its rule graph (the JSON the backtester and live engine run)')
    .argument('<file>', 'the .algo file to compile')
    .option('-o, --output <file>', 'write the graph to this file instead of standard output')
    .addOption(new Option('-p, --param <name=value>', 'override a param (repeatable): a number, a percentage (2%) or true/false').argParser(collect).default([]))
    .option('--pretty', 'indent the JSON for reading (the default is one compact line)')
    .addHelpText(
      'after',
      `
The graph is plain JSON (format algo.rulegraph/v1, described in docs/ARCHITECTURE.md):
every indicator and expression the rules need, the rules themselves, settings, params and
warm-up. The same file and params always give the same bytes.

Problems are printed to standard error as  file:line:col: severity CODE: message
exactly like \`algo check\`; with any error the command exits 1 and writes nothing.

Examples:
  algo compile examples/01-banknifty-options-breakout.algo --pretty
  algo compile rsi.algo -o rsi.graph.json
  algo compile rsi.algo --param lookback=30 --param sl=1.5% -o rsi-30.graph.json
`,
    )
    .action(async (file: string, opts: { output?: string; param: string[]; pretty?: boolean }) => {
      process.exitCode = await run(file, opts);
    });
};

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Parses `--param name=value` flags; a problem is a one-line message naming the flag. */
export function parseParamFlags(flags: readonly string[]): { params: Record<string, ParamValue>; error?: string } {
  const params: Record<string, ParamValue> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const name = eq > 0 ? flag.slice(0, eq).trim() : '';
    const text = eq > 0 ? flag.slice(eq + 1).trim() : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || text === '') {
      return { params, error: `--param ${flag}: write it as name=value, e.g. --param lookback=30` };
    }
    if (Object.hasOwn(params, name)) return { params, error: `--param ${name} is given twice` };
    const value = parseValue(text);
    if (value === undefined) return { params, error: `--param ${flag}: the value must be a number (30, 1.5, 1_000), a percentage (2%) or true/false` };
    params[name] = value;
  }
  return { params };
}

function parseValue(text: string): ParamValue | undefined {
  if (text === 'true') return true;
  if (text === 'false') return false;
  const m = /^(-?[0-9]+(?:_[0-9]+)*(?:\.[0-9]+)?)(%?)$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]!.replaceAll('_', ''));
  return m[2] ? n / 100 : n;
}

async function run(file: string, opts: { output?: string; param: string[]; pretty?: boolean }): Promise<number> {
  const fail = (message: string) => {
    process.stderr.write(`algo compile: ${message}\n`);
    return 1;
  };
  const { params, error } = parseParamFlags(opts.param);
  if (error) return fail(error);
  if (await stat(file).then((s) => s.isDirectory(), () => false)) return fail(`${file}: is a directory; compile takes one .algo file`);
  const [input] = await readSources([file]);
  if (!input) return fail(`${file}: cannot read it`);
  if ('error' in input) return fail(`${input.file}: cannot read: ${input.error}`);

  const result = compile(input.text, { params, uri: input.file });
  for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(input.file, d)}\n`);
  if (!result.graph) {
    const { errors, warnings } = countDiagnostics(result.diagnostics);
    process.stderr.write(`${input.file}: not compiled: ${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}\n`);
    return 1;
  }
  const json = serializeGraph(result.graph, { pretty: opts.pretty === true });
  if (!opts.output) {
    process.stdout.write(json);
    return 0;
  }
  try {
    await writeAtomically(opts.output, json);
  } catch (e) {
    return fail(`cannot write ${opts.output}: ${(e as { code?: string }).code === 'ENOENT' ? 'no such directory' : e instanceof Error ? e.message : String(e)}`);
  }
  process.stderr.write(`${input.file} → ${opts.output}: ${describe(result.graph)}\n`);
  return 0;
}

/** `5 series, 2 rules, warm-up 21 bars of 5m` — the one-line summary after writing a file. */
function describe(g: RuleGraph): string {
  const warm = g.settings.timeframes.map((tf) => `${g.warmup[tf] ?? 0} bars of ${tf}`).join(', ');
  return `${g.series.length} series, ${plural(g.rules.length, 'rule')}, warm-up ${warm}`;
}

/** Writes `text` to a temporary file beside `target`, then renames it over `target`. */
async function writeAtomically(target: string, text: string): Promise<void> {
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, target);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
