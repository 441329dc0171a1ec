import { Command, CommanderError } from 'commander';
import { commandsFor } from './commands/index.js';
import { VERSION } from './version.js';

/**
 * Runs the `algo` command line and resolves to the process exit code. Commands set
 * `process.exitCode` themselves for expected failures (diagnostics, bad input); only
 * bugs reach the caller as a rejection.
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name('algo')
    .description('Write trading strategies in .algo, check them, backtest them, and run them live.')
    .version(VERSION, '-v, --version')
    .exitOverride();
  program.showHelpAfterError('(run `algo --help` to see every command)');
  for (const register of await commandsFor(argv)) register(program);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    throw err;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}
