import { loggedInClient } from '@algo/api/client';
import type { Command } from 'commander';
import type { RegisterCommand } from './index.js';

interface StartFlags {
  paper?: boolean;
  live?: boolean;
  replay?: string;
  speed?: string;
  server?: string;
}

/**
 * `algo start <name> [--paper | --live] [--replay <date> --speed <n>]`: asks the server to
 * run a pushed strategy — paper (the default) or live (refused, saying why, without broker
 * credentials or while a kill switch is engaged). `--replay`/`--speed` are handed to the
 * live engine as given (paper-trade a stored day at a chosen speed). Prints the state the
 * server reports and its warnings.
 */
export const registerStart: RegisterCommand = (program: Command) => {
  program
    .command('start')
    .description('Start a pushed strategy on the server (paper by default)')
    .argument('<name>', 'the strategy name (as in strategy "…") or its id')
    .option('--paper', 'paper trading: simulated fills (the default)')
    .option('--live', 'live trading with your broker (needs PUT /broker/credentials)')
    .option('--replay <date>', 'paper-trade a stored day (YYYY-MM-DD) instead of the live feed')
    .option('--speed <n>', 'replay speed, e.g. 60 = an hour a minute')
    .option('--server <url>', 'the server (default: the one you logged in to)')
    .action(async (name: string, flags: StartFlags) => {
      process.exitCode = await run(name, flags);
    });
};

function fail(message: string): number {
  process.stderr.write(`algo start: ${message}\n`);
  return 1;
}

async function run(name: string, flags: StartFlags): Promise<number> {
  if (flags.paper && flags.live) return fail('choose one of --paper and --live');
  if (flags.replay !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(flags.replay)) return fail(`--replay ${flags.replay}: a date YYYY-MM-DD`);
  const speed = flags.speed === undefined ? undefined : Number(flags.speed);
  if (speed !== undefined && !(speed > 0)) return fail(`--speed ${flags.speed}: a number > 0`);
  const { client, error } = await loggedInClient(flags);
  if (!client) return fail(error);
  const s = await client.findStrategy(name);
  if (!s.ok) return fail(client.explain(s));
  const mode = flags.live ? 'live' : 'paper';
  const r = await client.start(s.value.id, mode, { ...(flags.replay ? { replay: flags.replay } : {}), ...(speed !== undefined ? { speed } : {}) });
  if (!r.ok) return fail(r.error.message);
  const st = r.value;
  process.stdout.write(`"${st.name}" version ${st.version}: ${st.status} in ${st.mode} mode${st.engine?.state ? ` (engine: ${st.engine.state})` : ''}\n`);
  for (const w of st.warnings) process.stdout.write(`warning: ${w.message}\n`);
  return 0;
}
