import type { Command } from 'commander';
import type { RegisterCommand } from './index.js';

interface WorkerFlags {
  role: string;
  partition?: string;
  redisUrl?: string;
  mongoUrl?: string;
  mongoDb?: string;
  consumer?: string;
  logLevel?: string;
}

const ROLES = ['ingest', 'indicators', 'evaluation', 'execution'] as const;

/**
 * `algo worker --role ingest|indicators|evaluation|execution|all`: runs live-engine workers
 * as a process of their own, joining a deployment through its Redis and MongoDB (both
 * required: `REDIS_URL`/`MONGO_URL` or the flags — an embedded server would be a deployment
 * of its own). Several roles may be given (`--role ingest,execution`). Ingest processes
 * split the live instruments with `--partition i/n`; the other roles run in one process at
 * a time (a lease) and standbys take over when it dies. Logs go to stdout as JSON; what it
 * runs is said on stderr. Ctrl-C or SIGTERM stops it after the entry in hand.
 */
export const registerWorker: RegisterCommand = (program: Command) => {
  program
    .command('worker')
    .description('Run live-engine workers (ingest, indicators, evaluation, execution) as a process of their own')
    .requiredOption('--role <roles>', 'ingest, indicators, evaluation, execution, a comma-separated list of them, or all')
    .option('--partition <i/n>', 'ingest: take the i-th of n shares of the live instruments (default 0/1: all)')
    .option('--redis-url <url>', 'Redis of the deployment (default: $REDIS_URL)')
    .option('--mongo-url <url>', 'MongoDB of the deployment (default: $MONGO_URL)')
    .option('--mongo-db <name>', 'its database (default: $ALGO_MONGO_DB or trading_platform, as algo serve)')
    .option('--consumer <name>', 'this process’s name in the consumer groups (default: host:pid)')
    .option('--log-level <level>', 'fatal, error, warn, info (default), debug, trace or silent')
    .addHelpText(
      'after',
      '\nExamples:\n  algo serve --no-engine                                  # the API alone\n  algo worker --role ingest --partition 0/2\n  algo worker --role ingest --partition 1/2\n  algo worker --role indicators,evaluation,execution\n  algo worker --role all                                  # a standby for every role\n',
    )
    .action(async (flags: WorkerFlags) => {
      process.exitCode = await run(flags);
    });
};

function fail(message: string): number {
  process.stderr.write(`algo worker: ${message}\n`);
  return 1;
}

async function run(flags: WorkerFlags): Promise<number> {
  const asked = flags.role.split(',').map((r) => r.trim()).filter(Boolean);
  const roles = asked.includes('all') ? [...ROLES] : asked;
  const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (bad.length || roles.length === 0) return fail(`--role ${flags.role}: one or more of ${ROLES.join(', ')}, or all`);
  let partition: { index: number; count: number } | undefined;
  if (flags.partition !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(flags.partition);
    if (!m || Number(m[2]) < 1 || Number(m[1]) >= Number(m[2])) return fail(`--partition ${flags.partition}: i/n with 0 ≤ i < n, e.g. 0/2`);
    partition = { index: Number(m[1]), count: Number(m[2]) };
  }
  const redisUrl = flags.redisUrl ?? process.env.REDIS_URL?.trim();
  const mongoUrl = flags.mongoUrl ?? process.env.MONGO_URL?.trim();
  if (!redisUrl || !mongoUrl) return fail('a worker joins a deployment: give it the Redis and MongoDB of `algo serve` (REDIS_URL and MONGO_URL, or --redis-url and --mongo-url)');
  const { openStorage, probeRedis, startLiveEngine } = await import('@algo/runtime');
  const { pino } = await import('pino');
  const reachable = await probeRedis(redisUrl, { source: flags.redisUrl ? '--redis-url' : 'REDIS_URL' });
  if (!reachable.ok) return fail(reachable.message);
  const dbName = flags.mongoDb ?? process.env.ALGO_MONGO_DB?.trim() ?? 'trading_platform';
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(dbName)) return fail(`--mongo-db ${dbName}: 1-63 letters, digits, _ or -`);
  const opened = await openStorage({ url: mongoUrl, dbName });
  if (!opened.ok) return fail(opened.message);
  const storage = opened.value;
  let engine;
  try {
    engine = await startLiveEngine({
      redisUrl,
      storage,
      log: pino({ level: flags.logLevel ?? 'info', base: { component: 'live-engine' } }),
      config: { roles: roles as Array<(typeof ROLES)[number]>, ...(partition ? { partition } : {}), ...(flags.consumer ? { consumer: flags.consumer } : {}) },
    });
  } catch (err) {
    await storage.close();
    return fail(err instanceof Error ? err.message : String(err));
  }
  process.stderr.write(`${engine.description}\nalgo worker: ready; Ctrl-C stops it\n`);
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  process.stderr.write(`algo worker: ${signal}: stopping\n`);
  await engine.stop();
  await storage.close();
  process.stderr.write('algo worker: stopped\n');
  return 0;
}
