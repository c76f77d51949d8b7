import type { Command } from 'commander';
import { Option } from 'commander';
import { decideVictimLink, matchVictims } from '../app/victims/deduplication.ts';
import { resolveJurisdiction } from '../app/statutes/jurisdictions.ts';
import { DomainError } from '../core/errors.ts';
import { jurisdictionOption, withRuntime } from './runtime.ts';

/** `palermo victims …`: one person recorded by several agencies, found and linked without exposing identities. */
export function registerVictimsCommand(program: Command): void {
  const victims = program
    .command('victims')
    .description('victims recorded by several agencies: matching on keyed digests, review, links');
  victims
    .command('match')
    .description(
      'compare victim records across cases on keyed digests of name, birth date and document; link certain matches, list possible ones for review',
    )
    .option('--jurisdiction <code>', 'jurisdiction (default: the only one in use)')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    )
    .action(async (options: { jurisdiction?: string; format: string }, command: Command) => {
      await withRuntime(command, async ({ ctx, actor }) => {
        const run = await matchVictims(
          ctx,
          actor,
          await resolveJurisdiction(ctx, jurisdictionOption(options.jurisdiction)),
        );
        if (options.format === 'json') {
          process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
          return;
        }
        const lines = [
          `${run.jurisdiction}: ${run.compared} victim records compared (${run.sealedSkipped} of sealed cases left out); ${run.candidates.length} pairs match, ${run.linkedNow} linked now as certain`,
          run.queue.length === 0 ? 'Review queue: empty' : `Review queue (${run.queue.length}):`,
          ...run.queue.map(
            (c) =>
              `  ${c.personA} (case ${c.caseA})  ~  ${c.personB} (case ${c.caseB}): ${c.strength}, same ${c.basis.join(' and ')}`,
          ),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });
  victims
    .command('decide')
    .description(
      "record whether two victim records are one person (only a user on both cases' teams)",
    )
    .argument('<personA>')
    .argument('<personB>')
    .addOption(
      new Option('--decision <decision>', 'same person, two people, or withdraw a link')
        .choices(['linked', 'distinct', 'withdrawn'])
        .makeOptionMandatory(),
    )
    .requiredOption('--reason <text>', 'why (kept in the audit log)')
    .option('--version <n>', "the current version of the pair's decision, to change it")
    .action(
      async (
        personA: string,
        personB: string,
        options: {
          decision: 'linked' | 'distinct' | 'withdrawn';
          reason: string;
          version?: string;
        },
        command: Command,
      ) => {
        const version = options.version === undefined ? undefined : Number(options.version);
        if (version !== undefined && !Number.isInteger(version)) {
          throw new DomainError(
            'ValidationFailed',
            `--version: not a whole number: ${options.version}`,
          );
        }
        await withRuntime(command, async ({ ctx, actor }) => {
          const row = await decideVictimLink(ctx, actor, {
            personA,
            personB,
            decision: options.decision,
            reason: options.reason,
            ...(version === undefined ? {} : { version }),
          });
          process.stdout.write(
            `${row.person_a} ~ ${row.person_b}: ${row.status} (version ${row.version})\n`,
          );
        });
      },
    );
}
