import { defaultDataDir, resolveMongo } from '@algo/runtime';
import type { RegisterCommand } from './index.js';

/**
 * `algo db serve [--port N]`: runs the embedded MongoDB in the foreground so separate CLI
 * processes and test runs can share one. Prints `MONGO_URL=mongodb://…` alone on stdout
 * (`eval`-able, greppable); on stderr, what it started and whether data persists — a real
 * `mongod` keeps it in the data directory, the offline stand-in only while it runs.
 * Ctrl-C (or SIGTERM) stops the server. With `MONGO_URL` already set there is nothing to
 * start: it prints that URL and exits.
 */
export const registerDb: RegisterCommand = (program) => {
  const db = program.command('db').description('MongoDB for development and tests');
  db.command('serve')
    .description('Start the embedded MongoDB in the foreground and print MONGO_URL=… for other processes')
    .option('--port <n>', 'port to listen on (default: a free one)')
    .option('--data-dir <dir>', 'where a real mongod keeps its data (default: $ALGO_DATA_DIR or ~/.algo/data; mongo/ inside it)')
    .addHelpText(
      'after',
      '\nA real mongod (on PATH, or downloaded once by mongodb-memory-server) keeps data across runs.\n' +
        'Where none can be had, the offline stand-in answers instead and keeps data only while it runs.\n\n' +
        'Example:\n  algo db serve --port 27017 &\n  export MONGO_URL=mongodb://127.0.0.1:27017\n',
    )
    .action(async (opts: { port?: string; dataDir?: string }) => {
      const port = opts.port === undefined ? undefined : Number(opts.port);
      if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
        return fail(`--port ${opts.port}: a port number from 1 to 65535`);
      }
      const given = process.env.MONGO_URL?.trim();
      if (given) {
        process.stderr.write('algo db serve: MONGO_URL is already set; nothing to start\n');
        process.stdout.write(`MONGO_URL=${given}\n`);
        return;
      }
      const dataDir = opts.dataDir ?? defaultDataDir();
      const r = await resolveMongo({ purpose: 'serve', dataDir, ...(port ? { port } : {}), notify: (line) => process.stderr.write(`${line}\n`) });
      if (!r.ok) return fail(r.message);
      const mongo = r.value;
      process.stdout.write(`MONGO_URL=${mongo.url}\n`);
      process.stderr.write(
        mongo.persistent
          ? `algo db serve: data persists in ${mongo.dataDir}; Ctrl-C stops the server\n`
          : 'algo db serve: the offline stand-in keeps data only while this command runs; Ctrl-C stops it\n',
      );
      await new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await mongo.stop();
      process.stderr.write('algo db serve: stopped\n');
    });
};

function fail(message: string): void {
  process.stderr.write(`algo db serve: ${message}\n`);
  process.exitCode = 1;
}
