import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { keyStatus, rotateKeys } from '../app/crypto/keys.ts';
import { loadConfiguredKey } from '../app/crypto/keyring.ts';
import { createKeyFile, installKeyFile, readKeyFile } from '../app/crypto/master-key.ts';
import { DomainError } from '../core/errors.ts';
import { printJson, printTable, processConfig, withRuntime } from './runtime.ts';

/** `keys status` and `keys rotate`: the identity master key. */
export function registerKeysCommand(program: Command): void {
  const keys = program
    .command('keys')
    .description('the identity master key that wraps the per-record data keys');
  keys
    .command('status')
    .description('key ids in use and how many identities each wraps')
    .option('--format <format>', 'text or json', 'text')
    .action(async (options: { format: string }, command: Command) => {
      await withRuntime(command, async ({ ctx, actor }) => {
        const status = await keyStatus(ctx, actor);
        if (options.format === 'json') {
          printJson(status);
          return;
        }
        process.stdout.write(`current key: ${status.currentKeyId}\n`);
        printTable(
          status.keys.map((key) => ({ ...key, current: key.current ? 'yes' : 'no' })),
          ['keyId', 'identities', 'current'],
        );
        process.stdout.write(`shredded identities: ${status.shredded}\n`);
      });
    });
  keys
    .command('rotate')
    .description(
      're-wrap every data key under a new master key in one transaction, then install it as the configured key',
    )
    .requiredOption(
      '--new-key-file <file>',
      'the new key (base64 of 32 bytes, mode 0600); created when the file does not exist',
    )
    .action(async (options: { newKeyFile: string }, command: Command) => {
      const config = processConfig();
      if (config.masterKey === null && !existsSync(config.masterKeyFile)) {
        throw new DomainError(
          'KeyUnavailable',
          `there is no key to rotate: ${config.masterKeyFile} does not exist`,
        );
      }
      const previous = loadConfiguredKey(config);
      const next = existsSync(options.newKeyFile)
        ? readKeyFile(options.newKeyFile)
        : createKeyFile(options.newKeyFile);
      if (next.id === previous.id) {
        throw new DomainError(
          'ValidationFailed',
          `${options.newKeyFile} holds the current key (${next.id}): give a new key`,
        );
      }
      const result = await withRuntime(command, ({ ctx, actor }) => rotateKeys(ctx, actor, next));
      process.stdout.write(
        `re-wrapped ${result.rewrapped} data keys from ${result.fromKeyIds.join(', ') || '(none)'} to ${result.toKeyId}` +
          (result.alreadyRewrapped > 0
            ? ` (${result.alreadyRewrapped} were already under it)`
            : '') +
          '\n',
      );
      // The database commits first: if the swap below fails, the error names the new key id
      // and the key is still in --new-key-file.
      if (config.masterKey === null) {
        const retired = installKeyFile(config.masterKeyFile, next, previous);
        process.stdout.write(
          `${config.masterKeyFile} now holds key ${next.id}; the old key ${previous.id} is kept in ${retired} for backups taken before now\n`,
        );
      } else {
        process.stdout.write(
          `PALERMO_KEY still holds the old key ${previous.id}: set it to the contents of ${options.newKeyFile} (key ${next.id}) before the next start\n`,
        );
      }
    });
}
