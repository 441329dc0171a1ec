import { loggedInClient, type ServerMessage } from '@algo/api/client';
import type { Command } from 'commander';
import type { RegisterCommand } from './index.js';

interface LogsFlags {
  follow?: boolean;
  limit: string;
  server?: string;
}

/** One feed event as a line: time, kind, and its fields. */
function eventLine(e: Record<string, unknown>): string {
  const at = typeof e.at === 'number' ? new Date(e.at).toISOString().replace('T', ' ').slice(0, 19) : '';
  const data = (e.data ?? {}) as Record<string, unknown>;
  const fields = Object.entries(data)
    .filter(([, v]) => v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  return `${at}  ${String(e.type).padEnd(8)} ${fields}`;
}

/**
 * `algo logs <name> [--follow] [--limit N]`: the strategy's recent log (start/stop
 * requests, what the live engine logged), oldest first; with `--follow`, then every
 * signal, order, position, P&L and status change as it happens (over the WebSocket) until
 * Ctrl-C.
 */
export const registerLogs: RegisterCommand = (program: Command) => {
  program
    .command('logs')
    .description("Show a strategy's log; --follow streams its signals, orders, positions and P&L")
    .argument('<name>', 'the strategy name or its id')
    .option('-f, --follow', 'keep streaming live events until Ctrl-C')
    .option('--limit <n>', 'how many past entries to show', '50')
    .option('--server <url>', 'the server (default: the one you logged in to)')
    .action(async (name: string, flags: LogsFlags) => {
      process.exitCode = await run(name, flags);
    });
};

function fail(message: string): number {
  process.stderr.write(`algo logs: ${message}\n`);
  return 1;
}

async function run(name: string, flags: LogsFlags): Promise<number> {
  const limit = Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return fail(`--limit ${flags.limit}: a whole number from 1 to 1000`);
  const { client, error } = await loggedInClient(flags);
  if (!client) return fail(error);
  const s = await client.findStrategy(name);
  if (!s.ok) return fail(client.explain(s));
  const r = await client.logs(s.value.id, limit);
  if (!r.ok) return fail(r.error.message);
  for (const l of [...r.value.logs].reverse()) process.stdout.write(`${l.at.replace('T', ' ').slice(0, 19)}  ${l.level.padEnd(7)} ${l.component}: ${l.message}\n`);
  if (!flags.follow) return 0;
  let closed = false;
  return new Promise<number>((resolve) => {
    const onMessage = (m: ServerMessage): void => {
      if (m.type === 'subscribed') process.stderr.write(`following "${s.value.name}" (Ctrl-C to stop)\n`);
      else if (m.type === 'event') process.stdout.write(`${eventLine(m.event)}\n`);
      else if (m.type === 'error') process.stderr.write(`algo logs: ${m.message}\n`);
    };
    client
      .follow('strategy', s.value.id, onMessage, () => {
        if (!closed) resolve(fail('the server closed the connection'));
      })
      .then((close) => {
        const stop = (): void => {
          closed = true;
          close();
          resolve(0);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      })
      .catch((err: Error) => resolve(fail(err.message)));
  });
}
