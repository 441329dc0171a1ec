import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CREDENTIALS_KEY_ENV, CredentialsCipher } from '@algo/runtime';

/** The key broker credentials are sealed with, and one line saying where it came from (never the key). */
export interface CredentialsKey {
  readonly cipher?: CredentialsCipher;
  readonly description: string;
}

/**
 * `ALGO_CREDENTIALS_KEY` when set (production: keep it in your secret store, not beside
 * the data). Otherwise — a developer's machine — a key generated once into
 * `<dataDir>/credentials.key` (mode 0600) and reused, so `algo serve` works out of the box
 * and credentials stored yesterday still open today. A malformed key in either place is
 * reported, and broker credentials are then refused (503) rather than stored under a key
 * nobody meant.
 */
export async function loadCredentialsKey(env: NodeJS.ProcessEnv, dataDir: string): Promise<CredentialsKey> {
  if (env[CREDENTIALS_KEY_ENV]?.trim()) {
    const r = CredentialsCipher.fromEnv(env);
    if (!r.ok) return { description: `credentials key: ${r.message}; broker credentials are disabled` };
    return { cipher: r.value, description: `credentials key: from ${CREDENTIALS_KEY_ENV} (key id ${r.value.keyId})` };
  }
  const file = join(dataDir, 'credentials.key');
  let hex: string;
  let made = false;
  try {
    hex = (await readFile(file, 'utf8')).trim();
  } catch {
    hex = randomBytes(32).toString('hex');
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await writeFile(file, `${hex}\n`, { mode: 0o600, flag: 'wx' }).catch(async () => {
      hex = (await readFile(file, 'utf8')).trim();
    });
    made = true;
  }
  const r = CredentialsCipher.fromEnv({ [CREDENTIALS_KEY_ENV]: hex });
  if (!r.ok) return { description: `credentials key: ${file} is not a valid key (${r.message}); broker credentials are disabled` };
  return { cipher: r.value, description: `credentials key: ${made ? 'generated into' : 'from'} ${file} (key id ${r.value.keyId}; set ${CREDENTIALS_KEY_ENV} in production)` };
}
