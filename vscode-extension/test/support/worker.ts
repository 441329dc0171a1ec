import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerCommand } from '../../src/backtest/spawn.js';

const ext = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The backtest worker from its TypeScript source (tests need no build). */
export const SOURCE_WORKER: WorkerCommand = {
  modulePath: join(ext, 'src', 'backtest', 'worker.ts'),
  execArgv: ['--conditions=@algo/source', '--import', 'tsx'],
  cwd: join(ext, '..'),
};

/** The bundled worker, as the packaged extension runs it (`npm run build -w vscode-extension` first). */
export const BUNDLED_WORKER: WorkerCommand = { modulePath: join(ext, 'dist', 'backtest.mjs') };

/** An example strategy from the repository. */
export const EXAMPLES = join(ext, '..', 'examples');
