import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, commandModules, commandOf, modulesFor } from './commands.ts';

describe('the command modules loaded on demand', () => {
  it('name exactly the top-level commands each module registers', async () => {
    for (const module of commandModules) {
      const program = new Command('palermo');
      (await module.load())(program);
      expect(program.commands.map((command) => command.name())).toEqual(module.commands);
    }
    const all = await buildProgram();
    expect(all.commands.map((command) => command.name())).toEqual(
      commandModules.flatMap((module) => module.commands),
    );
  }, 60_000);

  it('load only the module of the command run, none for --version, all for help', () => {
    expect(commandOf(['--db', 'case', 'case', 'list'])).toBe('case');
    expect(commandOf(['--as=someone', '--db=x.db', 'law', 'list'])).toBe('law');
    expect(modulesFor(['--db', 'x.db', 'case', 'show', 'id']).map((m) => m.commands[0])).toEqual([
      'case',
    ]);
    expect(modulesFor(['--version'])).toEqual([]);
    expect(modulesFor(['--help'])).toBe(commandModules);
    expect(modulesFor(['no-such-command'])).toBe(commandModules);
  });
});
