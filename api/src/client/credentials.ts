import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ApiClient } from './client.js';

/**
 * Where the CLI keeps its login: `credentials.json` in the user's config directory —
 * `$ALGO_CONFIG_DIR`, else `$XDG_CONFIG_HOME/algo`, else `~/.config/algo` — the directory
 * mode 0700 and the file 0600, written atomically (a crash never leaves half a file).
 * It holds the server URL and an API token (never the password).
 */

export const DEFAULT_SERVER = 'http://127.0.0.1:7070';

export const CliCredentialsSchema = z.object({
  server: z.url(),
  token: z.string().min(1),
  email: z.string().optional(),
  token_id: z.string().optional(),
  saved_at: z.string().optional(),
});
export type CliCredentials = z.infer<typeof CliCredentialsSchema>;

export function cliConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ALGO_CONFIG_DIR) return env.ALGO_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'algo');
  return join(homedir(), '.config', 'algo');
}

export function credentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(cliConfigDir(env), 'credentials.json');
}

/** The saved login, null when there is none, or an error naming the file when it is unreadable. */
export async function loadCredentials(env: NodeJS.ProcessEnv = process.env): Promise<{ value: CliCredentials | null; error?: string }> {
  const file = credentialsPath(env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { value: null };
    return { value: null, error: `${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { value: null, error: `${file} is not valid JSON; run algo login again` };
  }
  const r = CliCredentialsSchema.safeParse(raw);
  if (!r.success) return { value: null, error: `${file}: ${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}; run algo login again` };
  return { value: r.data };
}

/** Saves the login (0600 file in a 0700 directory); returns the path. */
export async function saveCredentials(c: CliCredentials, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dir = cliConfigDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = credentialsPath(env);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(CliCredentialsSchema.parse(c), null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
  return file;
}

/**
 * The server and token a command uses: `--server`, else `$ALGO_SERVER`, else the saved
 * login's server, else http://127.0.0.1:7070; the token from `$ALGO_TOKEN`, else the saved
 * login (only when it is for that same server).
 */
export async function resolveRemote(opts: { server?: string }, env: NodeJS.ProcessEnv = process.env): Promise<{ server: string; token?: string; error?: string }> {
  const saved = await loadCredentials(env);
  const server = (opts.server ?? env.ALGO_SERVER ?? saved.value?.server ?? DEFAULT_SERVER).replace(/\/+$/, '');
  if (!z.url().safeParse(server).success) return { server, error: `--server ${server}: not a URL like http://127.0.0.1:7070` };
  const token = env.ALGO_TOKEN ?? (saved.value && saved.value.server.replace(/\/+$/, '') === server ? saved.value.token : undefined);
  return { server, ...(token ? { token } : {}), ...(saved.error ? { error: saved.error } : {}) };
}

/**
 * A client for the commands that need a login: the server and token `resolveRemote`
 * finds, or one line saying what is missing (`not logged in to …: run algo login …`).
 */
export async function loggedInClient(opts: { server?: string }, env: NodeJS.ProcessEnv = process.env): Promise<{ client: ApiClient; error?: undefined } | { client?: undefined; error: string }> {
  const remote = await resolveRemote(opts, env);
  if (remote.error) return { error: remote.error };
  if (!remote.token) return { error: `not logged in to ${remote.server}: run algo login --server ${remote.server}` };
  return { client: new ApiClient(remote.server, remote.token) };
}
