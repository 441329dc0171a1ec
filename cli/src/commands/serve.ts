import type { CompanionStarter } from '@algo/api';
import type { Command } from 'commander';
import type { RegisterCommand } from './index.js';

interface ServeFlags {
  port?: string;
  host?: string;
  config?: string;
  mongoUrl?: string;
  redisUrl?: string;
  dataDir?: string;
  workers?: string;
  logLevel?: string;
  engine?: boolean;
}

/**
 * `algo serve [--port N] [--host H] [--config file.json] …`: runs the management API on
 * 127.0.0.1:7070 by default, with MongoDB and Redis from MONGO_URL/REDIS_URL (or the
 * flags), else the embedded servers (DESIGN.md §6). Prints, on stderr, what it uses and
 * where it listens; JSON logs go to stdout. The live engine's four workers run in the same
 * process (`--no-engine` leaves them to `algo worker` processes). Ctrl-C or SIGTERM shuts it down gracefully:
 * requests in flight finish, backtests still running are recorded as FAILED, the embedded
 * servers stop. Configuration: docs/OPERATIONS.md.
 */
export const registerServe: RegisterCommand = (program: Command) => {
  program
    .command('serve')
    .description('Run the Algo server: the management API and the live engine')
    .option('--port <n>', 'port to listen on (default 7070; $ALGO_PORT)')
    .option('--host <address>', 'interface to listen on (default 127.0.0.1; $ALGO_HOST)')
    .option('--config <file>', 'a JSON config file (see docs/OPERATIONS.md); flags and environment override it')
    .option('--mongo-url <url>', 'MongoDB to use (default: $MONGO_URL, else the embedded one)')
    .option('--redis-url <url>', 'Redis to use (default: $REDIS_URL, else a spawned redis-server)')
    .option('--data-dir <dir>', 'where embedded servers keep data (default: $ALGO_DATA_DIR or ~/.algo/data)')
    .option('--workers <n>', 'backtest worker processes (default 1)')
    .option('--log-level <level>', 'fatal, error, warn, info (default), debug, trace or silent')
    .option('--no-engine', 'run the API only; the live engine runs as `algo worker` processes')
    .addHelpText('after', '\nExamples:\n  algo serve\n  algo serve --port 8080 --workers 2\n  MONGO_URL=mongodb://db:27017 REDIS_URL=redis://cache:6379 algo serve --host 0.0.0.0\n')
    .action(async (flags: ServeFlags) => {
      process.exitCode = await run(flags);
    });
};

function fail(message: string): number {
  process.stderr.write(`algo serve: ${message}\n`);
  return 1;
}

async function run(flags: ServeFlags): Promise<number> {
  // The server (Fastify, MongoDB, Redis) is loaded only when serving, not by every algo command.
  const { loadServeConfig, startServer } = await import('@algo/api');
  const cli: Record<string, unknown> = {
    ...(flags.port !== undefined ? { port: flags.port } : {}),
    ...(flags.host !== undefined ? { host: flags.host } : {}),
    ...(flags.mongoUrl !== undefined ? { mongoUrl: flags.mongoUrl } : {}),
    ...(flags.redisUrl !== undefined ? { redisUrl: flags.redisUrl } : {}),
    ...(flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {}),
    ...(flags.logLevel !== undefined ? { logLevel: flags.logLevel } : {}),
    ...(flags.workers !== undefined ? { backtests: { workers: flags.workers } } : {}),
  };
  const loaded = await loadServeConfig({ ...(flags.config ? { file: flags.config } : {}), env: process.env, flags: cli });
  if (!loaded.config) return fail(loaded.error);
  let server;
  try {
    server = await startServer(loaded.config, { notify: (line) => process.stderr.write(`${line}\n`), companions: flags.engine === false ? [] : [liveEngine] });
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
  if (flags.engine === false) process.stderr.write('live engine: not in this process (--no-engine) — start `algo worker --role all` against the same Redis and MongoDB\n');
  process.stderr.write('algo serve: ready; Ctrl-C stops it\n');
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  process.stderr.write(`algo serve: ${signal}: shutting down\n`);
  await server.close();
  process.stderr.write('algo serve: stopped\n');
  return 0;
}

/** The live engine's four workers as a companion of the API: started on the server's storage and Redis, stopped before storage closes. */
const liveEngine: CompanionStarter = async (env) => {
  const { startLiveEngine } = await import('@algo/runtime');
  const engine = await startLiveEngine({ redisUrl: env.redisUrl, storage: env.context.storage, log: env.context.log.child({ component: 'live-engine' }) });
  return { description: engine.description, stop: () => engine.stop() };
};
