/**
 * `palermo law …`: statute packs from the terminal. Errors are thrown as DomainError; the main
 * CLI prints them to stderr and exits non-zero.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  checkJurisdictionConformance,
  checkSentenceFor,
  evaluateFacts,
  lawOn,
  invalidPacks,
  listJurisdictions,
  screenPerson,
  showProvision,
} from '../app/statutes/law.service.ts';
import { DomainError } from '../core/errors.ts';
import type { ConformanceReport } from '../core/statutes/conformance-findings.ts';
import { describeBranch } from '../core/statutes/describe.ts';
import type { EvaluationResult, ProvisionEvaluation } from '../core/statutes/evaluate.ts';
import { formatRange } from '../core/statutes/penalty.ts';
import type { DateBound } from '../core/statutes/schema.ts';
import type { Sentence } from '../core/statutes/sentence.ts';
import { processStatutes, withRuntime } from './runtime.ts';
import { toJurisdictionCode } from '../core/jurisdiction.ts';
import { lawAmendmentImpact } from '../app/statutes/impact.ts';

type Format = 'text' | 'json';

function format(value: string | undefined): Format {
  if (value === undefined || value === 'text' || value === 'json') return value ?? 'text';
  throw new DomainError('ValidationFailed', `--format must be text or json, got "${value}"`);
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new DomainError('NotFound', `cannot read ${what} file ${path}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed;
  } catch (error) {
    throw new DomainError(
      'ValidationFailed',
      `${what} file ${path} is not JSON: ${error instanceof Error ? error.message : ''}`,
    );
  }
}

const bound = (b: DateBound) =>
  typeof b === 'string' ? b : `between ${b.notBefore} and ${b.notAfter}`;
const today = () => new Date().toISOString().slice(0, 10);
const out = (text: string): void => {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
};
const json = (value: unknown): void => out(JSON.stringify(value, null, 2));

function renderEvaluation(r: EvaluationResult): string {
  const line = (e: ProvisionEvaluation) => {
    const head = `  art. ${e.article} ${e.title} [${e.kind}]`;
    const penalty = e.penalty
      ? `: ${formatRange(e.imprisonment)}${e.penalty.status === 'determined' ? '' : ` (${e.penalty.status})`}`
      : '';
    const trace = e.trace
      .map((t) => `      ${t.status.padEnd(12)} ${t.element}: ${t.detail}`)
      .join('\n');
    const assumed = e.assumptionNote === null ? '' : `\n      ASSUMED      ${e.assumptionNote}`;
    return `${head}${penalty}\n${trace}${assumed}`;
  };
  const section = (title: string, xs: readonly ProvisionEvaluation[]) =>
    xs.length === 0 ? '' : `${title}\n${xs.map(line).join('\n')}\n`;
  if (!r.coverage.covered) return `${r.jurisdiction}: ${r.coverage.explanation ?? ''}`;
  return [
    `${r.jurisdiction}, law in force on ${r.asOf}`,
    section('Applies:', r.applicable),
    section('Possibly applies (facts missing):', r.possiblyApplicable),
    section('Does not apply:', r.notApplicable),
    r.noVersionInForce.length === 0
      ? ''
      : `No version in force:\n${r.noVersionInForce.map((n) => `  art. ${n.article}: ${n.reason}`).join('\n')}\n`,
  ]
    .filter((s) => s !== '')
    .join('\n');
}

function renderFindings(r: ConformanceReport): string {
  const lines = r.findings.map(
    (f) =>
      `${f.severity.toUpperCase().padEnd(5)} ${f.code}${f.article ? ` (art. ${f.article})` : ''}\n      ${f.explanation}${f.assumptionNote === null ? '' : `\n      ${f.assumptionNote}`}\n      [${f.standard}]`,
  );
  return `${r.jurisdiction} as of ${r.asOf}: ${r.findings.filter((f) => f.severity === 'gap').length} gap(s)\n${lines.join('\n')}`;
}

/** Adds the `law` command tree (list, show, check, evaluate, sentence, screen). */
export function registerLawCommand(program: Command): void {
  const law = program
    .command('law')
    .description('statutes as code: packs, evaluation, conformance, sentences');

  law
    .command('list')
    .description('list the loaded jurisdictions and their provisions')
    .option('--format <format>', 'text or json', 'text')
    .action((options: { format?: string }) => {
      const registry = processStatutes();
      const list = listJurisdictions(registry);
      const invalid = invalidPacks(registry);
      if (format(options.format) === 'json') return json({ jurisdictions: list, invalid });
      out(
        [
          ...list.map(
            (j) =>
              `${j.code}  ${j.name}\n${j.provisions.map((p) => `    art. ${p.article.padEnd(6)} ${p.kind.padEnd(11)} ${p.title}`).join('\n')}`,
          ),
          ...invalid.map(
            (i) =>
              `${i.code ?? i.name}  INVALID, not loaded:\n${i.errors.map((e) => `    ${e.file}:${e.line}:${e.column}: ${e.reason}`).join('\n')}`,
          ),
        ].join('\n'),
      );
    });

  law
    .command('show')
    .description(
      'show a provision (or all of a jurisdiction) with its versions, elements and penalties',
    )
    .argument('<jurisdiction>', 'jurisdiction code, e.g. KG (either case)')
    .argument('[article]', 'article number, provision id, or instrument:article')
    .option('--as-of <date>', 'show only the version in force on this date (YYYY-MM-DD)')
    .option('--format <format>', 'text or json', 'text')
    .action(
      (code: string, article: string | undefined, options: { asOf?: string; format?: string }) => {
        const views = showProvision(
          processStatutes(),
          toJurisdictionCode(code),
          article,
          options.asOf,
        );
        if (format(options.format) === 'json') return json({ provisions: views });
        for (const { provision, inForce, asOf } of views) {
          out(
            `art. ${provision.article} ${provision.title} [${provision.kind}] (${provision.instrument}, ${provision.file})`,
          );
          const versions = asOf === null ? provision.versions : inForce ? [inForce] : [];
          if (asOf !== null && inForce === null) out(`  no version in force on ${asOf}`);
          for (const v of versions) {
            out(
              `  version ${v.id}: ${v.status}, ${v.validFrom === null ? 'start unknown' : bound(v.validFrom)} – ${v.validTo === null ? 'open' : bound(v.validTo)}${v.tookEffect ? `; took effect ${bound(v.tookEffect.on)}${v.tookEffect.as ? ` as ${v.tookEffect.as}` : ''}` : ''}`,
            );
            if (v.summary) out(`    ${v.summary}`);
            const e = v.elements;
            if (e.acts)
              out(
                `    acts: ${e.acts.anyOf.join(', ')}${e.acts.exhaustive ? '' : ' (not exhaustive)'}`,
              );
            if (e.means)
              out(
                `    means: ${e.means.anyOf.join(', ') || '(none named)'}${e.means.excluded ? `; excluded: ${e.means.excluded.join(', ')}` : ''}`,
              );
            if (e.purposes)
              out(
                `    purposes: ${e.purposes.anyOf.join(', ')}${e.purposes.exhaustive ? '' : ' (not exhaustive)'}`,
              );
            out(
              `    penalties: ${v.penalties === 'unknown' ? 'unknown' : v.penalties.map(describeBranch).join('\n               ')}`,
            );
          }
        }
      },
    );

  law
    .command('impact')
    .description(
      'what a signed or proposed amendment would change: the recorded cases it would judge differently, with the facts behind each (needs a database; sealed cases are not read)',
    )
    .argument('<jurisdiction>', 'jurisdiction code, e.g. KG (either case)')
    .argument('<version>', 'the signed or proposed amendment, e.g. cc1997-124-amendment-signed')
    .option(
      '--from <date>',
      "first offence date read (default: the day it may first have been signed; a draft: the pack's coverage)",
    )
    .option(
      '--to <date>',
      "last offence date read (default: the day before it took effect; a draft: the pack's coverage)",
    )
    .option('--format <format>', 'text or json', 'text')
    .action(
      async (
        code: string,
        version: string,
        options: { from?: string; to?: string; format?: string },
        command: Command,
      ) => {
        const impact = await withRuntime(command, ({ ctx, actor }) =>
          lawAmendmentImpact(ctx, actor, {
            jurisdiction: toJurisdictionCode(code),
            version,
            ...(options.from === undefined ? {} : { from: options.from }),
            ...(options.to === undefined ? {} : { to: options.to }),
          }),
        );
        if (format(options.format) === 'json') return json(impact);
        const lines = [
          `${impact.jurisdiction} art. ${impact.article}: ${impact.versionId}, ${impact.status === 'proposed' ? 'proposed (a draft, not signed)' : 'signed, not in force'}${impact.summary === null ? '' : ` (${impact.summary})`}`,
          `Unsealed cases with an offence date from ${impact.period.from} to ${impact.period.to}: ${impact.casesRead} read, ${impact.casesWithoutVictims} without a recorded victim; ${impact.differently.length} victim(s) judged differently, ${impact.unchanged} the same on the facts recorded.`,
          ...impact.differently.map((f) =>
            [
              `- ${f.reference} (${f.articles.join(', ') || 'no article recorded'}), victim ${f.victim}, offence ${f.offenceDate}${f.offenceDateFrom === 'opened' ? ' (day opened: no charge gives an offence date)' : ''}`,
              `    facts: age ${f.facts.victimAge ?? 'not recorded'}; purposes ${f.facts.purposes?.join(', ') ?? 'not recorded'}; not recorded: ${f.notRecorded.join(', ')}`,
              `    ${f.change}`,
            ].join('\n'),
          ),
          ...(impact.incomplete.length === 0
            ? []
            : [
                `Victims whose case does not record what the law asks (judged on what is recorded): ${impact.incomplete
                  .map((i) => `${i.reference} ${i.victim} (${i.notRecorded.join(', ')})`)
                  .join('; ')}`,
              ]),
        ];
        out(lines.join('\n'));
      },
    );

  law
    .command('check')
    .description('check a jurisdiction against the Palermo Protocol and the TVPA minimum standards')
    .argument('<jurisdiction>', 'jurisdiction code')
    .option('--as-of <date>', 'the date whose law is checked (default: today)')
    .option('--format <format>', 'text or json', 'text')
    .action((code: string, options: { asOf?: string; format?: string }) => {
      const report = checkJurisdictionConformance(
        processStatutes(),
        toJurisdictionCode(code),
        options.asOf ?? today(),
      );
      if (format(options.format) === 'json') return json(report);
      out(renderFindings(report));
    });

  law
    .command('timeline')
    .description(
      'whether the pack covers a date, and where each signed amendment stands on it (pending, in effect, open)',
    )
    .argument('<jurisdiction>', 'jurisdiction code')
    .option('--as-of <date>', 'the date (default: today)')
    .option('--format <format>', 'text or json', 'text')
    .action((code: string, options: { asOf?: string; format?: string }) => {
      const law = lawOn(processStatutes(), toJurisdictionCode(code), options.asOf ?? today());
      if (format(options.format) === 'json') return json(law);
      out(
        [
          law.coverage.covered
            ? `${law.jurisdiction} pack covers ${law.coverage.from} to ${law.coverage.to}, including ${law.asOf}.`
            : `${law.jurisdiction}: ${law.coverage.explanation ?? ''}`,
          ...law.amendments.map((a) => `${a.state.padEnd(18)} ${a.explanation}`),
        ].join('\n'),
      );
    });

  law
    .command('evaluate')
    .description('evaluate case facts (JSON) against the law in force on the offence date')
    .argument('<jurisdiction>', 'jurisdiction code')
    .requiredOption(
      '--facts <file>',
      'JSON: { offenceDate, acts, means, purposes, victimAge, aggravating }',
    )
    .option(
      '--as-of <date>',
      'evaluate against the law of another date (default: the offence date)',
    )
    .option('--format <format>', 'text or json', 'text')
    .action((code: string, options: { facts: string; asOf?: string; format?: string }) => {
      const result = evaluateFacts(
        processStatutes(),
        toJurisdictionCode(code),
        readJson(options.facts, 'facts'),
        options.asOf,
      );
      if (format(options.format) === 'json') return json(result);
      out(renderEvaluation(result));
    });

  law
    .command('sentence')
    .description('check a sentence against the version of an article in force on the offence date')
    .argument('<jurisdiction>', 'jurisdiction code')
    .argument('<article>', 'article number, provision id, or instrument:article')
    .requiredOption('--facts <file>', 'JSON facts of the offence (offence date, victim age, …)')
    .option('--months <n>', 'imprisonment in months')
    .option('--life', 'life imprisonment')
    .option('--suspended', 'the imprisonment is suspended')
    .option('--fine <amount>', 'fine amount')
    .option('--currency <code>', 'fine currency')
    .option('--house-arrest <months>', 'house arrest in months')
    .option('--other <text>', 'other measures')
    .option('--format <format>', 'text or json', 'text')
    .action(
      (
        code: string,
        article: string,
        options: {
          facts: string;
          months?: string;
          life?: boolean;
          suspended?: boolean;
          fine?: string;
          currency?: string;
          houseArrest?: string;
          other?: string;
          format?: string;
        },
      ) => {
        const number = (v: string | undefined, name: string) => {
          if (v === undefined) return null;
          const n = Number(v);
          if (!Number.isFinite(n) || n < 0)
            throw new DomainError('ValidationFailed', `--${name} must be a non-negative number`);
          return n;
        };
        const sentence: Sentence = {
          imprisonmentMonths: number(options.months, 'months'),
          suspended: options.suspended === true,
          probationMonths: null,
          houseArrestMonths: number(options.houseArrest, 'house-arrest'),
          fineAmount: number(options.fine, 'fine'),
          fineCurrency: options.currency ?? null,
          otherMeasures: options.other ?? null,
          life: options.life === true,
        };
        const check = checkSentenceFor(
          processStatutes(),
          toJurisdictionCode(code),
          article,
          sentence,
          readJson(options.facts, 'facts'),
        );
        if (format(options.format) === 'json') return json(check);
        out(
          `${check.verdict} (art. ${check.article}, version ${check.versionId}): ${check.explanation}`,
        );
        out(
          `permitted by statute: ${String(check.permittedByStatute)}; weighs against vigorous sentencing: ${String(check.weighsAgainstVigorousSentencing)}`,
        );
      },
    );

  law
    .command('screen')
    .description(
      'assess a person against a screening set (JSON: setId, screenedBy, screenedOn, victimAge, answers)',
    )
    .argument('<jurisdiction>', 'jurisdiction code')
    .requiredOption('--input <file>', 'screening answers as JSON')
    .option('--format <format>', 'text or json', 'text')
    .action((code: string, options: { input: string; format?: string }) => {
      const record = screenPerson(
        processStatutes(),
        toJurisdictionCode(code),
        readJson(options.input, 'screening'),
      );
      if (format(options.format) === 'json') return json(record);
      out(
        `${record.status}${record.complete ? '' : ' (screening incomplete)'}\n  ${record.reasoning.join('\n  ')}`,
      );
    });
}
