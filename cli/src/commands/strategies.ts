import { loggedInClient } from '@algo/api/client';
import type { Command } from 'commander';
import type { RegisterCommand } from './index.js';

/**
 * `algo strategies [--json]`: your strategies on the server — name, version, status,
 * mode, what they trade, when they last changed.
 */
export const registerStrategies: RegisterCommand = (program: Command) => {
  program
    .command('strategies')
    .description('List your strategies on the server')
    .option('--json', 'print them as JSON')
    .option('--server <url>', 'the server (default: the one you logged in to)')
    .action(async (flags: { json?: boolean; server?: string }) => {
      process.exitCode = await run(flags);
    });
};

function fail(message: string): number {
  process.stderr.write(`algo strategies: ${message}\n`);
  return 1;
}

async function run(flags: { json?: boolean; server?: string }): Promise<number> {
  const { client, error } = await loggedInClient(flags);
  if (!client) return fail(error);
  const r = await client.strategies();
  if (!r.ok) return fail(client.explain(r));
  const list = r.value.strategies;
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  if (list.length === 0) {
    process.stdout.write(`no strategies on ${client.server} yet: algo push <file.algo>\n`);
    return 0;
  }
  const head = ['NAME', 'VERSION', 'STATUS', 'MODE', 'ASSET', 'TF', 'INSTRUMENTS', 'UPDATED', 'ID'];
  const rows = list.map((s) => [s.name, String(s.version), s.status, s.mode, s.asset, s.timeframe, s.instruments.join(' '), s.updated_at.slice(0, 16).replace('T', ' '), s.id]);
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  for (const row of [head, ...rows]) process.stdout.write(`${row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(w[i]!))).join('  ')}\n`);
  return 0;
}
