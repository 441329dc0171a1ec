import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where embedded servers keep data that must survive a restart (`algo serve`, `algo db
 * serve`): `$ALGO_DATA_DIR`, else `~/.algo/data`. MongoDB uses `<dir>/mongo`, Redis
 * `<dir>/redis`. Tests never use it; their servers are throwaway.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.ALGO_DATA_DIR && env.ALGO_DATA_DIR.length > 0 ? env.ALGO_DATA_DIR : join(homedir(), '.algo', 'data');
}
