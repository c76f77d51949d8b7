import type { Command } from 'commander';
import { createApiToken, listTokens, revokeToken, tokenInput } from '../app/auth/tokens.ts';
import { parseInput } from '../app/common/validate.ts';
import { printJson, printTable, withRuntime } from './runtime.ts';

/** `token create|list|revoke`: API tokens for scripts, acting as the `--as` user. */
export function registerTokenCommands(program: Command): void {
  const token = program
    .command('token')
    .description('API tokens for scripts (act as a user with --as)');
  token
    .command('create')
    .description('create a token for the --as user; the secret is printed once')
    .requiredOption('--name <name>', 'what the token is for')
    .requiredOption(
      '--scopes <permissions>',
      'comma-separated permissions the token may use, within the user’s roles (e.g. report.read,case.read)',
    )
    .option(
      '--expires <date>',
      'last day the token works (YYYY-MM-DD; default and latest: PALERMO_TOKEN_MAX_DAYS from today)',
    )
    .action(
      async (options: { name: string; scopes: string; expires?: string }, command: Command) => {
        await withRuntime(command, async ({ ctx, actor }) => {
          const created = await createApiToken(
            ctx,
            actor,
            parseInput(tokenInput, {
              name: options.name,
              scopes: options.scopes
                .split(',')
                .map((scope) => scope.trim())
                .filter(Boolean),
              ...(options.expires === undefined ? {} : { expiresOn: options.expires }),
            }),
          );
          printJson(created);
          process.stderr.write('The token is shown only now: store it like a password.\n');
        });
      },
    );
  token
    .command('list')
    .description('the --as user’s tokens (never their secrets)')
    .action(async (_options: unknown, command: Command) => {
      await withRuntime(command, async ({ ctx, actor }) =>
        printTable(
          (await listTokens(ctx, actor)).map((t) => ({ ...t, scopes: t.scopes.join(',') })),
          ['id', 'name', 'scopes', 'createdAt', 'expiresAt', 'lastUsedAt', 'revokedAt'],
        ),
      );
    });
  token
    .command('revoke <tokenId>')
    .description('revoke a token')
    .action(async (tokenId: string, _options: unknown, command: Command) => {
      await withRuntime(command, async ({ ctx, actor }) => {
        await revokeToken(ctx, actor, tokenId);
        process.stdout.write(`revoked ${tokenId}\n`);
      });
    });
}
