import { loggedInClient } from '@algo/api/client';
import type { Command } from 'commander';
import type { RegisterCommand } from './index.js';

/**
 * `algo stop <name> [--reason <text>]`: asks the server to stop a strategy — no new
 * entries; the live engine closes its positions and clears its live state. Stopping a
 * stopped strategy changes nothing. (`--paper`/`--live` are accepted for symmetry with
 * `algo start`; a strategy runs in one mode at a time.)
 */
export const registerStop: RegisterCommand = (program: Command) => {
  program
    .command('stop')
    .description('Stop a running strategy on the server')
    .argument('<name>', 'the strategy name or its id')
    .option('--paper', 'accepted for symmetry with start')
    .option('--live', 'accepted for symmetry with start')
    .option('--reason <text>', 'why (kept in the strategy log)')
    .option('--server <url>', 'the server (default: the one you logged in to)')
    .action(async (name: string, flags: { reason?: string; server?: string; paper?: boolean; live?: boolean }) => {
      process.exitCode = await run(name, flags);
    });
};

function fail(message: string): number {
  process.stderr.write(`algo stop: ${message}\n`);
  return 1;
}

async function run(name: string, flags: { reason?: string; server?: string; paper?: boolean; live?: boolean }): Promise<number> {
  const { client, error } = await loggedInClient(flags);
  if (!client) return fail(error);
  const s = await client.findStrategy(name);
  if (!s.ok) return fail(client.explain(s));
  const wanted = flags.live ? 'live' : flags.paper ? 'paper' : undefined;
  if (wanted && s.value.status === 'running' && s.value.mode !== wanted) return fail(`"${s.value.name}" runs in ${s.value.mode} mode, not ${wanted}`);
  const r = await client.stop(s.value.id, flags.reason);
  if (!r.ok) return fail(r.error.message);
  process.stdout.write(`"${r.value.name}": ${r.value.status}${r.value.engine?.state ? ` (engine: ${r.value.engine.state})` : ''}\n`);
  for (const w of r.value.warnings) process.stdout.write(`warning: ${w.message}\n`);
  return 0;
}
