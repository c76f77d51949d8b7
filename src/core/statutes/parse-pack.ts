/**
 * Turning a pack's YAML files (given as strings: no file system here) into a validated `Pack`.
 * Every problem is reported with its file, line and reason, all at once; a pack with any problem
 * is refused whole.
 */
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { DomainError } from '../errors.ts';
import { evaluateVersion } from './evaluate.ts';
import { conditionTerms, type Facts } from './logic.ts';
import { resolvePenalty } from './penalty.ts';
import {
  earliestOf,
  latestOf,
  PackMetaFileSchema,
  ProvisionsFileSchema,
  type Condition,
  type LoadedProvision,
  type Pack,
  type Provision,
  type ProvisionVersion,
  type SourceRef,
} from './schema.ts';
import { buildVocabulary, type Vocabulary, type VocabularyKind } from './vocabulary.ts';

/** One YAML file of a pack: its name (for messages) and its text. */
export interface PackFile {
  readonly name: string;
  readonly text: string;
}

/** One problem in a pack. */
export interface PackError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly path: string;
  readonly reason: string;
}

type Path = readonly (string | number)[];

interface ParsedFile {
  readonly name: string;
  readonly doc: Document;
  readonly lines: LineCounter;
}

/** The line and column of the deepest node along `path` that exists in the document. */
function locate(file: ParsedFile, path: Path): { line: number; column: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = file.doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) {
      const pos = file.lines.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

class ErrorList {
  readonly errors: PackError[] = [];
  add(file: ParsedFile, path: Path, reason: string): void {
    const { line, column } = locate(file, path);
    this.errors.push({ file: file.name, line, column, path: path.join('.'), reason });
  }
}

const baseName = (name: string) => name.split('/').pop() ?? name;

type Issue = z.core.$ZodIssue;
const keyPath = (path: readonly PropertyKey[]) =>
  path.filter((p): p is string | number => typeof p !== 'symbol');

/**
 * A union's "Invalid input" hides the useful reason: report the issues of the alternative that
 * got furthest into the input (the one the author evidently meant).
 */
function specific(issue: Issue): { path: (string | number)[]; message: string }[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) {
    return [{ path: keyPath(issue.path), message: issue.message }];
  }
  const depth = (issues: readonly Issue[]) => Math.max(0, ...issues.map((i) => i.path.length));
  const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0] ?? [];
  if (depth(best) === 0) {
    // No alternative got inside the value: say what each would have accepted.
    const each = [...new Set(issue.errors.flatMap((alt) => alt.map((i) => i.message)))];
    return [{ path: keyPath(issue.path), message: each.join('; or ') }];
  }
  return best
    .flatMap(specific)
    .map((i) => ({ path: [...keyPath(issue.path), ...i.path], message: i.message }));
}

function zodErrors(errors: ErrorList, file: ParsedFile, error: z.ZodError): void {
  for (const issue of error.issues) {
    for (const { path, message } of specific(issue)) errors.add(file, path, message);
  }
}

function refsOf(source: SourceRef | readonly SourceRef[] | undefined): string[] {
  if (source === undefined) return [];
  const all = [source].flat();
  return all.map((s) => (typeof s === 'string' ? s : s.ref));
}

/** Representative ages for the static branch check: 0, 100 and both sides of every bound. */
function probeAges(version: ProvisionVersion): number[] {
  const bounds = new Set<number>([0, 17, 18, 100]);
  const visit = (c: Condition | undefined) => {
    if (c === undefined) return;
    for (const b of [c.victimAge?.min, c.victimAge?.max]) {
      if (b !== undefined) [b - 1, b, b + 1].filter((x) => x >= 0).forEach((x) => bounds.add(x));
    }
    c.anyOf?.forEach(visit);
  };
  if (version.penalties !== 'unknown') version.penalties.forEach((b) => visit(b.when));
  version.elements.means?.required.rules.forEach((r) => visit(r.when));
  return [...bounds].sort((a, b) => a - b);
}

/** Catala's rule, checked when loading: for every probe of facts the elements admit, exactly one top branch. */
function checkBranches(pack: Pack, provision: Provision, version: ProvisionVersion): string[] {
  if (version.penalties === 'unknown') return [];
  const e = version.elements;
  const conditionMeans = version.penalties.flatMap((b) =>
    b.when ? conditionTerms(b.when).means : [],
  );
  const conditionAggravating = version.penalties.flatMap((b) =>
    b.when ? conditionTerms(b.when).aggravating : [],
  );
  const meansProbes: string[][] = [
    [],
    ...[...new Set([...(e.means?.anyOf ?? []), ...conditionMeans])].map((m) => [m]),
  ];
  const aggravatingProbes: string[][] = [
    [],
    ...[...new Set([...conditionAggravating, ...(e.circumstances?.anyOf ?? [])])].map((a) => [a]),
  ];
  const purposeProbes: (string[] | null)[] = e.purposes ? e.purposes.anyOf.map((p) => [p]) : [null];
  const acts = e.acts ? [e.acts.anyOf[0] ?? ''] : [];
  const problems = new Set<string>();
  for (const victimAge of probeAges(version)) {
    for (const means of meansProbes) {
      for (const aggravating of aggravatingProbes) {
        for (const purposes of purposeProbes) {
          const facts: Facts = {
            offenceDate: '2000-01-01',
            acts,
            means,
            purposes,
            victimAge,
            aggravating,
          };
          const judged = evaluateVersionElementsOnly(pack, provision, version, facts);
          if (judged !== 'applies') continue;
          try {
            resolvePenalty(version, facts);
          } catch (error) {
            if (error instanceof DomainError) {
              problems.add(
                `${error.message} (e.g. victim aged ${victimAge}, means [${means.join(', ')}], aggravating [${aggravating.join(', ')}])`,
              );
            } else throw error;
          }
        }
      }
    }
  }
  return [...problems];
}

function evaluateVersionElementsOnly(
  pack: Pack,
  provision: Provision,
  version: ProvisionVersion,
  facts: Facts,
) {
  const probe: Pack = {
    ...pack,
    provisions: [
      {
        ...provision,
        file: '',
        startFloor: {
          instrumentAdopted: null,
          coverageFrom: pack.coverage.from,
          coverageTo: pack.coverage.to,
        },
      },
    ],
  };
  // Penalties are resolved separately: judge the elements on a copy without them.
  return evaluateVersion(probe, provision.id, { ...version, penalties: 'unknown' }, facts).status;
}

/** Parses and validates a pack from its YAML files; throws `PackInvalid` listing every problem. */
export function parsePack(files: readonly PackFile[]): Pack {
  const errors = new ErrorList();
  const parsed: ParsedFile[] = [];
  for (const file of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
    const lines = new LineCounter();
    const doc = parseDocument(file.text, { lineCounter: lines, prettyErrors: false });
    const pf = { name: file.name, doc, lines };
    for (const e of doc.errors) {
      const pos = lines.linePos(e.pos[0]);
      errors.errors.push({
        file: file.name,
        line: pos.line,
        column: pos.col,
        path: '',
        reason: e.message.split('\n')[0] ?? e.message,
      });
    }
    if (doc.errors.length === 0) parsed.push(pf);
  }
  const metaFiles = parsed.filter((f) => baseName(f.name) === 'pack.yaml');
  if (metaFiles.length !== 1 && errors.errors.length === 0) {
    errors.errors.push({
      file: files[0]?.name ?? '(no files)',
      line: 1,
      column: 1,
      path: '',
      reason: `a pack needs exactly one pack.yaml, found ${metaFiles.length}`,
    });
  }
  const metaFile = metaFiles[0];
  const meta = metaFile ? PackMetaFileSchema.safeParse(metaFile.doc.toJS()) : undefined;
  if (metaFile && meta && !meta.success) zodErrors(errors, metaFile, meta.error);

  // Provisions with where they came from, so later checks can point at a line.
  const located: { provision: Provision; file: ParsedFile; path: Path }[] = [];
  if (metaFile && meta?.success) {
    meta.data.provisions?.forEach((provision, i) =>
      located.push({ provision, file: metaFile, path: ['provisions', i] }),
    );
  }
  for (const file of parsed) {
    if (file === metaFile) continue;
    const result = ProvisionsFileSchema.safeParse(file.doc.toJS());
    if (!result.success) zodErrors(errors, file, result.error);
    else
      result.data.provisions.forEach((provision, i) =>
        located.push({ provision, file, path: ['provisions', i] }),
      );
  }

  if (!metaFile || !meta?.success || errors.errors.length > 0)
    throw packInvalid(files, errors.errors);

  const m = meta.data;
  const vocabulary: Vocabulary = buildVocabulary(m.vocabulary?.extend ?? {});
  const sourceIds = new Set(Object.keys(m.sources));
  const instrumentIds = new Set(m.instruments.map((i) => i.id));
  const assumptionIds = new Set<string>();
  (m.assumptions ?? []).forEach((a, i) => {
    if (assumptionIds.has(a.id))
      errors.add(metaFile, ['assumptions', i, 'id'], `assumption id "${a.id}" is repeated`);
    assumptionIds.add(a.id);
  });
  const checkAssumptions = (file: ParsedFile, path: Path, ids: readonly string[] | undefined) => {
    for (const [k, id] of (ids ?? []).entries())
      if (!assumptionIds.has(id))
        errors.add(file, [...path, 'assumptions', k], `unknown assumption "${id}"`);
  };
  m.instruments.forEach((instrument, i) => {
    checkAssumptions(metaFile, ['instruments', i], instrument.assumptions);
    for (const ref of refsOf(instrument.source)) {
      if (!sourceIds.has(ref))
        errors.add(metaFile, ['instruments', i, 'source'], `unknown source "${ref}"`);
    }
    for (const [lang, title] of Object.entries(instrument.titles ?? {}))
      for (const ref of refsOf(title.source))
        if (!sourceIds.has(ref))
          errors.add(
            metaFile,
            ['instruments', i, 'titles', lang, 'source'],
            `unknown source "${ref}"`,
          );
  });

  const adopted = new Map(
    m.instruments.map((i) => [i.id, i.inForceFrom ?? i.adopted ?? null] as const),
  );
  const pack: Pack = {
    code: m.jurisdiction.code,
    file: metaFile.name,
    name: m.jurisdiction.name,
    ids: {
      alpha2: m.jurisdiction.iso3166.alpha2,
      alpha3: m.jurisdiction.iso3166.alpha3,
      numeric: m.jurisdiction.iso3166.numeric,
      unodcName: m.jurisdiction.unodc.name,
      unodcRegion: m.jurisdiction.unodc.region,
      unodcSubregion: m.jurisdiction.unodc.subregion,
    },
    coverage: m.coverage,
    description: m.description,
    sources: m.sources,
    assumptions: Object.fromEntries((m.assumptions ?? []).map((a) => [a.id, a])),
    instruments: m.instruments,
    vocabularyExtension: m.vocabulary?.extend ?? {},
    screening: m.screening ?? [],
    provisions: located.map(
      ({ provision, file }) =>
        ({
          ...provision,
          file: file.name,
          startFloor: {
            instrumentAdopted: adopted.get(provision.instrument) ?? null,
            coverageFrom: m.coverage.from,
            coverageTo: m.coverage.to,
          },
        }) satisfies LoadedProvision,
    ),
  };
  if (m.jurisdiction.iso3166.alpha2 !== m.jurisdiction.code) {
    errors.add(
      metaFile,
      ['jurisdiction', 'iso3166', 'alpha2'],
      `alpha2 ${m.jurisdiction.iso3166.alpha2} does not match the pack code "${m.jurisdiction.code}"`,
    );
  }
  const provisionIds = new Set(located.map((l) => l.provision.id));

  const seenProvisions = new Map<string, string>();
  for (const { provision, file, path } of located) {
    const at = (...rest: (string | number)[]) => [...path, ...rest];
    const previous = seenProvisions.get(provision.id);
    if (previous !== undefined)
      errors.add(file, at('id'), `provision id "${provision.id}" is also used in ${previous}`);
    seenProvisions.set(provision.id, file.name);
    if (!instrumentIds.has(provision.instrument)) {
      errors.add(file, at('instrument'), `unknown instrument "${provision.instrument}"`);
    }
    for (const [lang, title] of Object.entries(provision.titles ?? {}))
      for (const ref of refsOf(title.source))
        if (!sourceIds.has(ref))
          errors.add(file, at('titles', lang, 'source'), `unknown source "${ref}"`);
    const versionIds = new Set<string>();
    provision.versions.forEach((version, vi) => {
      const vat = (...rest: (string | number)[]) => at('versions', vi, ...rest);
      if (versionIds.has(version.id))
        errors.add(file, vat('id'), `version id "${version.id}" is repeated`);
      versionIds.add(version.id);
      checkSources(errors, file, vat(), version, sourceIds);
      checkAssumptions(file, vat(), version.assumptions);
      for (const kind of ['acts', 'means', 'purposes', 'circumstances'] as const)
        checkAssumptions(file, vat('elements', kind), version.elements[kind]?.assumptions);
      if (version.penalties !== 'unknown')
        version.penalties.forEach((b, bi) =>
          checkAssumptions(file, vat('penalties', bi), b.assumptions),
        );
      const as = version.tookEffect?.as;
      if (as !== undefined && !provisionIds.has(as))
        errors.add(file, vat('tookEffect', 'as'), `unknown provision "${as}"`);
      if (as === provision.id)
        errors.add(
          file,
          vat('tookEffect', 'as'),
          'a version that took effect as its own provision omits `as`',
        );
      checkVocabulary(errors, file, vat(), version, vocabulary);
      if (version.penalties !== 'unknown') {
        const branchIds = new Set<string>();
        version.penalties.forEach((b, bi) => {
          if (branchIds.has(b.id))
            errors.add(file, vat('penalties', bi, 'id'), `branch id "${b.id}" is repeated`);
          branchIds.add(b.id);
          if (provision.parts && b.part !== undefined && !provision.parts.includes(b.part)) {
            errors.add(
              file,
              vat('penalties', bi, 'part'),
              `part "${b.part}" is not among the provision's parts`,
            );
          }
        });
      }
      for (const problem of checkBranches(pack, provision, version))
        errors.add(file, vat('penalties'), problem);
    });
    checkOverlaps(errors, file, at(), provision);
  }
  if (errors.errors.length > 0) throw packInvalid(files, errors.errors);
  return pack;
}

function checkSources(
  errors: ErrorList,
  file: ParsedFile,
  at: Path,
  version: ProvisionVersion,
  ids: Set<string>,
): void {
  const check = (source: SourceRef | readonly SourceRef[] | undefined, path: Path) => {
    for (const ref of refsOf(source))
      if (!ids.has(ref)) errors.add(file, path, `unknown source "${ref}"`);
  };
  check(version.source, [...at, 'source']);
  check(version.tookEffect?.source, [...at, 'tookEffect', 'source']);
  const e = version.elements;
  for (const key of ['acts', 'means', 'purposes', 'circumstances'] as const) {
    check(e[key]?.source, [...at, 'elements', key, 'source']);
  }
  if (version.penalties !== 'unknown') {
    version.penalties.forEach((b, i) => check(b.source, [...at, 'penalties', i, 'source']));
  }
}

function checkVocabulary(
  errors: ErrorList,
  file: ParsedFile,
  at: Path,
  version: ProvisionVersion,
  vocab: Vocabulary,
): void {
  const check = (kind: VocabularyKind, terms: readonly string[] | undefined, path: Path) => {
    terms?.forEach((t, i) => {
      if (!vocab[kind].has(t)) {
        errors.add(
          file,
          [...path, i],
          `"${t}" is not in the ${kind} vocabulary (extend it in pack.yaml)`,
        );
      }
    });
  };
  const e = version.elements;
  check('acts', e.acts?.anyOf, [...at, 'elements', 'acts', 'anyOf']);
  check('means', e.means?.anyOf, [...at, 'elements', 'means', 'anyOf']);
  check('means', e.means?.excluded, [...at, 'elements', 'means', 'excluded']);
  check('purposes', e.purposes?.anyOf, [...at, 'elements', 'purposes', 'anyOf']);
  check('aggravating', e.circumstances?.anyOf, [...at, 'elements', 'circumstances', 'anyOf']);
  const checkCondition = (c: Condition, path: Path) => {
    check('means', c.meansAnyOf, [...path, 'meansAnyOf']);
    check('purposes', c.purposesAnyOf, [...path, 'purposesAnyOf']);
    check('aggravating', c.aggravatingAnyOf, [...path, 'aggravatingAnyOf']);
    c.anyOf?.forEach((inner, i) => checkCondition(inner, [...path, 'anyOf', i]));
  };
  e.means?.required.rules.forEach((r, i) =>
    checkCondition(r.when, [...at, 'elements', 'means', 'required', 'rules', i, 'when']),
  );
  if (version.penalties !== 'unknown') {
    version.penalties.forEach((b, i) => {
      if (b.when) checkCondition(b.when, [...at, 'penalties', i, 'when']);
    });
  }
}

/**
 * Two versions certainly in force on the same day would make the law on that day ambiguous.
 * Windows of uncertainty may overlap: there the engine says "possibly in force".
 */
function checkOverlaps(errors: ErrorList, file: ParsedFile, at: Path, provision: Provision): void {
  const spans = provision.versions.flatMap((v, i) => {
    const start =
      v.status === 'proposed'
        ? undefined
        : v.status !== 'signed_not_in_force'
          ? v.validFrom
          : v.tookEffect !== undefined && v.tookEffect.as === undefined
            ? v.tookEffect.on
            : undefined;
    if (start === undefined) return [];
    // The days the version is certainly in force: from the latest start to the earliest end.
    return [
      {
        v,
        i,
        from: start === null ? null : latestOf(start),
        to: v.validTo === null ? null : earliestOf(v.validTo),
      },
    ];
  });
  for (let a = 0; a < spans.length; a++) {
    for (let b = a + 1; b < spans.length; b++) {
      const x = spans[a];
      const y = spans[b];
      if (x === undefined || y === undefined) continue;
      const startsBeforeEnd = (p: typeof x, q: typeof x) =>
        p.from === null || q.to === null || p.from <= q.to;
      if (startsBeforeEnd(x, y) && startsBeforeEnd(y, x)) {
        errors.add(
          file,
          [...at, 'versions', y.i, 'validFrom'],
          `versions ${x.v.id} and ${y.v.id} are both in force on some dates`,
        );
      }
    }
  }
}

function packInvalid(files: readonly PackFile[], errors: readonly PackError[]): DomainError {
  const where = files[0]?.name.split('/').slice(0, -1).join('/') || 'pack';
  const lines = errors.map(
    (e) => `${e.file}:${e.line}:${e.column}: ${e.reason}${e.path ? ` (at ${e.path})` : ''}`,
  );
  return new DomainError(
    'PackInvalid',
    `statute pack ${where} is invalid:\n  ${lines.join('\n  ')}`,
    {
      details: { errors },
      issues: errors.map((e) => ({ path: `${e.file}:${e.line}`, message: e.reason })),
    },
  );
}
