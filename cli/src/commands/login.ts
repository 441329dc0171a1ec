import { hostname } from 'node:os';
import { createInterface } from 'node:readline';
import { ApiClient, DEFAULT_SERVER, loadCredentials, saveCredentials } from '@algo/api/client';
import type { Command } from 'commander';
import type { RegisterCommand } from './index.js';

interface LoginFlags {
  server?: string;
  email?: string;
  passwordStdin?: boolean;
  register?: boolean;
}

/**
 * `algo login [--server URL] [--email E] [--password-stdin] [--register]`: logs in to an
 * Algo server and keeps the API token it gets (never the password) in the user's config
 * directory (`$ALGO_CONFIG_DIR`, else `~/.config/algo`), mode 0600. `--register` creates
 * the account first. The password is read from stdin with `--password-stdin` (scripts),
 * else asked for without echo on a terminal.
 */
export const registerLogin: RegisterCommand = (program: Command) => {
  program
    .command('login')
    .description('Log in to an Algo server and save an API token for the other commands')
    .option('--server <url>', `the server (default: $ALGO_SERVER, the last one you logged in to, or ${DEFAULT_SERVER})`)
    .option('--email <email>', 'your account email (asked for when left out)')
    .option('--password-stdin', 'read the password from standard input (for scripts)')
    .option('--register', 'create the account first (password: at least 10 characters)')
    .addHelpText('after', '\nExamples:\n  algo login --server http://127.0.0.1:7070 --email me@example.com\n  echo "$PASSWORD" | algo login --email ci@example.com --password-stdin\n')
    .action(async (flags: LoginFlags) => {
      process.exitCode = await run(flags);
    });
};

function fail(message: string): number {
  process.stderr.write(`algo login: ${message}\n`);
  return 1;
}

async function run(flags: LoginFlags): Promise<number> {
  const saved = await loadCredentials();
  const server = (flags.server ?? process.env.ALGO_SERVER ?? saved.value?.server ?? DEFAULT_SERVER).replace(/\/+$/, '');
  if (!URL.canParse(server)) return fail(`--server ${server}: not a URL like ${DEFAULT_SERVER}`);
  const email = flags.email ?? (process.stdin.isTTY ? await ask('Email: ', false) : undefined);
  if (!email) return fail('give --email (no terminal to ask on)');
  let password: string | undefined;
  if (flags.passwordStdin) password = await readStdin();
  else if (process.stdin.isTTY) password = await ask('Password: ', true);
  if (!password) return fail(flags.passwordStdin ? 'no password on standard input' : 'give --password-stdin (no terminal to ask on)');
  const client = new ApiClient(server);
  if (flags.register) {
    const r = await client.register(email, password);
    if (!r.ok) return fail(r.error.message);
    process.stderr.write(`created the account ${r.value.user.email}\n`);
  }
  const r = await client.login(email, password, `algo-cli@${hostname()}`);
  if (!r.ok) return fail(r.error.message);
  const file = await saveCredentials({ server, token: r.value.token, email: email.toLowerCase(), token_id: r.value.id, saved_at: new Date().toISOString() });
  process.stdout.write(`logged in to ${server} as ${email.toLowerCase()}; token ${r.value.prefix}… saved in ${file}${r.value.expires_at ? ` (expires ${r.value.expires_at.slice(0, 10)})` : ''}\n`);
  return 0;
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}

/** Asks on the terminal; with `hidden`, what is typed is not echoed. */
function ask(question: string, hidden: boolean): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  if (hidden) {
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    out._writeToOutput = (s: string) => {
      if (s.includes(question)) process.stderr.write(question);
    };
  }
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      if (hidden) process.stderr.write('\n');
      resolve(answer.trim());
    });
  });
}
