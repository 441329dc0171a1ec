import { createHash } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import type { WriteRecipe } from '../../redis/keyspace/codec.js';

/**
 * Writes that apply at most once. A client that loses its connection resends the commands
 * that were in flight (ioredis does, and any careful client must: it cannot know whether
 * they ran) — a MULTI that Redis had already applied would then apply twice: an entry
 * handed on twice, a counter moved twice. So the engine's writes that must not repeat go
 * through a Lua script that first checks a guard and applies nothing when it no longer
 * holds:
 *
 * - `ackAndApply`: the guard is that the entries being handled are all still pending —
 *   then they are acknowledged and the writes they produced land, else nothing happens:
 *   exactly once per entry, even when two consumers handled it during a take-over (the
 *   second finds it acknowledged).
 * - `swapAndApply`: the guard is a key still holding the value the writer last saw (a
 *   replay's cursor) — a publication lands once, and a writer that lost its place notices.
 *
 * The recipes are the keyspace's own; they are recorded as commands and replayed inside
 * the script (one round trip, atomic). Every key a strategy's writes touch shares its hash
 * tag, but the streams do not: these scripts are for a single Redis (or one shard).
 */

/** Lua: runs the recorded commands `[n, cmd, args…]…` that start at ARGV[i]. */
const APPLY_FROM_I = `while i <= #ARGV do
  local n = tonumber(ARGV[i])
  redis.call(unpack(ARGV, i + 1, i + n))
  i = i + n + 1
end
return 1`;

const ACK_AND_APPLY = `local n = tonumber(ARGV[2])
for j = 3, 2 + n do
  if #redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[j], ARGV[j], 1) == 0 then return 0 end
end
for j = 3, 2 + n do redis.call('XACK', KEYS[1], ARGV[1], ARGV[j]) end
local i = 3 + n
${APPLY_FROM_I}`;

const SWAP_AND_APPLY = `if (redis.call('GET', KEYS[1]) or '') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
local i = 3
${APPLY_FROM_I}`;

/** The commands a list of recipes would queue, flattened as `[n, cmd, args…]` groups. */
export function recordCommands(recipes: readonly WriteRecipe[]): string[] {
  const out: string[] = [];
  const recorder: ChainableCommander = new Proxy({} as ChainableCommander, {
    get: (_t, name) =>
      (...args: unknown[]) => {
        const flat = args.flat().map((a) => (typeof a === 'string' ? a : Buffer.isBuffer(a) ? a.toString() : String(a)));
        out.push(String(flat.length + 1), String(name), ...flat);
        return recorder;
      },
  });
  for (const r of recipes) r(recorder);
  return out;
}

/** Runs a script by its hash (sent once per connection, not with every call). */
async function script(redis: Redis, lua: string, sha: string, args: Array<string | number>): Promise<unknown> {
  try {
    return await redis.evalsha(sha, 1, ...args);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
    return redis.eval(lua, 1, ...args);
  }
}

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const ACK_SHA = sha1(ACK_AND_APPLY);
const SWAP_SHA = sha1(SWAP_AND_APPLY);

/** Acknowledges `ids` in `group` of `stream` and applies `recipes` — only if every one was still pending. Returns whether they were. */
export async function ackAndApply(redis: Redis, stream: string, group: string, ids: string | readonly string[], recipes: readonly WriteRecipe[]): Promise<boolean> {
  const list = typeof ids === 'string' ? [ids] : ids;
  return (await script(redis, ACK_AND_APPLY, ACK_SHA, [stream, group, String(list.length), ...list, ...recordCommands(recipes)])) === 1;
}

/** Sets `key` from `expected` to `next` and applies `recipes` — only if `key` still holds `expected` ('' for absent). */
export async function swapAndApply(redis: Redis, key: string, expected: string, next: string, recipes: readonly WriteRecipe[]): Promise<boolean> {
  return (await script(redis, SWAP_AND_APPLY, SWAP_SHA, [key, expected, next, ...recordCommands(recipes)])) === 1;
}
