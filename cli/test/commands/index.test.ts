import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commands, commandsFor } from '../../src/commands/index.js';

// The lazy command list: `algo <name>` loads only the file of that command, so each key
// must be the name its file registers (else the fast path misses it).

describe('the command list', () => {
  it('registers, under each key, the command of that name', async () => {
    for (const [name, load] of Object.entries(commands)) {
      const program = new Command();
      (await load())(program);
      expect(program.commands.map((c) => c.name()), `commands/index.ts key "${name}"`).toEqual([name]);
    }
  }, 60_000);

  it('loads just the command named, none for --version, and every command otherwise', async () => {
    const all = Object.keys(commands).length;
    expect(await commandsFor(['node', 'algo', 'check', 'x.algo'])).toHaveLength(1);
    expect(await commandsFor(['node', 'algo', 'fmt', '--check', 'x.algo'])).toHaveLength(1);
    expect(await commandsFor(['node', 'algo', '--version'])).toHaveLength(0);
    expect(await commandsFor(['node', 'algo', '--help'])).toHaveLength(all);
    expect(await commandsFor(['node', 'algo'])).toHaveLength(all);
    expect(await commandsFor(['node', 'algo', 'chek', 'x.algo'])).toHaveLength(all);
  }, 60_000);
});
