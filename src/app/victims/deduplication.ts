import { createHmac, hkdfSync } from 'node:crypto';
import { auditedUpdate } from '../common/audited-update.ts';
import { DomainError } from '../../core/errors.ts';
import type { CaptureTable } from '../../core/stats/mse/capture-table.ts';
import {
  compareDigests,
  groupLinked,
  normaliseBirthDate,
  normaliseDocument,
  normaliseName,
} from '../../core/victims/matching.ts';
import type { MatchDigests, MatchStrength } from '../../core/victims/matching.ts';
import {
  findIdentifiedVictims,
  findVictimLink,
  findVictimLinks,
  findVictimsForMatching,
  insertVictimLink,
  lastMatchRun,
} from '../../db/repositories/victim-links.repository.ts';
import type { VictimLinksTable } from '../../db/tables/victim-links.table.ts';
import { authorize } from '../access/access.ts';
import { appendAudit } from '../audit/audit.ts';
import { teamBasesOf } from '../cases/case-team.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { openRow } from '../crypto/identity-record.ts';
import { assertVersion, invalidField, notFound } from '../common/validate.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/** A pair of victim records that may be one person, for review. Never carries identity values. */
export interface MatchCandidate {
  readonly personA: string;
  readonly personB: string;
  readonly caseA: string;
  readonly caseB: string;
  /** The cases' references and the records' labels (pseudonyms such as "V1", never a name). */
  readonly referenceA: string;
  readonly referenceB: string;
  readonly labelA: string | null;
  readonly labelB: string | null;
  readonly strength: MatchStrength;
  readonly basis: readonly string[];
  /** The decision already taken on the pair, if any, and its version (to change it). */
  readonly status: 'linked' | 'distinct' | 'withdrawn' | null;
  readonly version: number | null;
}

export interface MatchRun {
  readonly jurisdiction: JurisdictionCode;
  /** Victim records with an identity that were compared. */
  readonly compared: number;
  /** Records of sealed cases, left out of the comparison. */
  readonly sealedSkipped: number;
  /** Certain matches linked by this run. */
  readonly linkedNow: number;
  /** Possible matches with no decision yet: the review queue. */
  readonly queue: readonly MatchCandidate[];
  /** Every candidate found, with its decision. */
  readonly candidates: readonly MatchCandidate[];
}

/**
 * The key of the keyed digests: derived from the identity master key, so whoever runs a match
 * sees only whether two records agree, never a value or a digest that a guess could confirm.
 */
function matchKey(keyring: Keyring): Buffer {
  return Buffer.from(
    hkdfSync('sha256', keyring.current().bytes, 'palermo', 'victim matching v1', 32),
  );
}

function digest(key: Buffer, kind: string, value: string | null): string | null {
  return value === null
    ? null
    : createHmac('sha256', key).update(`${kind}\u0000${value}`).digest('base64url');
}

const linkStatuses = ['linked', 'distinct', 'withdrawn'] as const;

/** A stored link status as the union it is; undefined when the pair has no decision. */
function linkStatusOf(stored: string | undefined): MatchCandidate['status'] | undefined {
  if (stored === undefined) return undefined;
  const status = linkStatuses.find((known) => known === stored);
  if (status === undefined) throw new Error(`victim_links holds an unknown status ${stored}`);
  return status;
}

/**
 * Compares every victim record of a jurisdiction with every other case's, on keyed digests of
 * normalised names (Cyrillic and Latin agree), date of birth and document number. Certain
 * matches are linked (reversibly, in the audit log); possible ones form the review queue. The
 * identities are decrypted only inside this function and never leave it.
 */
export async function matchVictims(
  ctx: AppContext,
  actor: Actor,
  jurisdiction: JurisdictionCode,
): Promise<MatchRun> {
  await authorize(ctx, actor, 'victims.match', {
    action: 'match victim records across agencies',
    entityType: 'jurisdiction',
    entityId: jurisdiction,
  });
  return inTransaction(ctx, async (trx) => {
    const rows = await findVictimsForMatching(trx, jurisdiction);
    const open = rows.filter((r) => r.sealed !== 1);
    const key = matchKey(ctx.keyring);
    const records = open.map((row) => {
      const identity = openRow(ctx.keyring, row);
      const name = normaliseName(identity.fullName);
      const aliases = (identity.aliases ?? '')
        .split(/[;,\n]/)
        .map((a) => normaliseName(a))
        .filter((a): a is string => a !== null);
      const birth = normaliseBirthDate(identity.birthDate);
      const digests: MatchDigests = {
        names: [name, ...aliases]
          .filter((n): n is string => n !== null)
          .map((n) => digest(key, 'name', n) ?? ''),
        birthDate: digest(key, 'birth', birth),
        birthYear: digest(key, 'year', birth?.slice(0, 4) ?? null),
        document: digest(key, 'document', normaliseDocument(identity.documentNumber)),
      };
      return {
        personId: row.person_id,
        caseId: row.case_id,
        reference: row.reference,
        label: row.label,
        digests,
      };
    });
    // Only records sharing a name or a document digest can match: compare within those buckets.
    const buckets = new Map<string, number[]>();
    records.forEach((r, i) => {
      for (const bucketKey of [...r.digests.names, r.digests.document]) {
        if (bucketKey === null || bucketKey === '') continue;
        buckets.set(bucketKey, [...(buckets.get(bucketKey) ?? []), i]);
      }
    });
    const seen = new Set<string>();
    const decisions = new Map(
      (await findVictimLinks(trx, jurisdiction)).map((l) => [`${l.person_a}|${l.person_b}`, l]),
    );
    const candidates: MatchCandidate[] = [];
    let linkedNow = 0;
    const at = ctx.now().toISOString();
    for (const members of buckets.values()) {
      for (let x = 0; x < members.length; x++) {
        for (let y = x + 1; y < members.length; y++) {
          const a = records[members[x] ?? 0];
          const b = records[members[y] ?? 0];
          if (a === undefined || b === undefined || a.caseId === b.caseId) continue;
          const [first, second] = a.personId < b.personId ? [a, b] : [b, a];
          const pairKey = `${first.personId}|${second.personId}`;
          if (seen.has(pairKey)) continue;
          seen.add(pairKey);
          const verdict = compareDigests(first.digests, second.digests);
          if (verdict === null) continue;
          const decided = decisions.get(pairKey);
          let status: MatchCandidate['status'] | undefined = linkStatusOf(decided?.status);
          let version = decided?.version ?? null;
          if (status === undefined && verdict.strength === 'certain') {
            const row: VictimLinksTable = {
              id: ctx.newId(),
              jurisdiction,
              person_a: first.personId,
              person_b: second.personId,
              status: 'linked',
              strength: verdict.strength,
              basis: JSON.stringify(verdict.basis),
              decided_by: actor.id,
              decided_at: at,
              reason: `automatic: same ${verdict.basis.join(' and ')}`,
              version: 1,
              created_at: at,
              updated_at: at,
            };
            await insertVictimLink(trx, row);
            await appendAudit(trx, ctx, actor, {
              action: 'victim_link.record',
              entityType: 'victim_link',
              entityId: row.id,
              caseId: null,
              before: null,
              after: { ...row },
            });
            status = 'linked';
            version = row.version;
            linkedNow++;
          }
          candidates.push({
            personA: first.personId,
            personB: second.personId,
            caseA: first.caseId,
            caseB: second.caseId,
            referenceA: first.reference,
            referenceB: second.reference,
            labelA: first.label,
            labelB: second.label,
            strength: verdict.strength,
            basis: verdict.basis,
            status: status ?? null,
            version,
          });
        }
      }
    }
    await appendAudit(trx, ctx, actor, {
      action: 'victims.match_run',
      entityType: 'jurisdiction',
      entityId: jurisdiction,
      caseId: null,
      before: null,
      after: { compared: records.length, candidates: candidates.length, linkedNow },
    });
    return {
      jurisdiction,
      compared: records.length,
      sealedSkipped: rows.length - open.length,
      linkedNow,
      queue: candidates.filter((c) => c.status === null),
      candidates,
    };
  });
}

export interface LinkDecision {
  readonly personA: string;
  readonly personB: string;
  readonly decision: 'linked' | 'distinct' | 'withdrawn';
  readonly reason: string;
  /** The current version of the pair's decision, when one exists. */
  readonly version?: number;
}

/**
 * Records a reviewer's decision on a pair: the same person, two people, or a link withdrawn.
 * Only a user allowed to see both identities (on both cases' teams) may decide; every decision
 * is reversible and kept in the audit log with who took it and why.
 */
export async function decideVictimLink(
  ctx: AppContext,
  actor: Actor,
  input: LinkDecision,
): Promise<VictimLinksTable> {
  await authorize(ctx, actor, 'victims.match', {
    action: 'decide whether two victim records are one person',
    entityType: 'victim_link',
    entityId: `${input.personA}|${input.personB}`,
  });
  if (input.personA === input.personB)
    throw invalidField('personB', 'must be another record than personA');
  if (input.reason.trim().length < 3)
    throw invalidField('reason', 'say why (at least 3 characters)');
  return inTransaction(ctx, async (trx) => {
    const persons = await Promise.all(
      (['personA', 'personB'] as const).map(async (field) => {
        const id = input[field];
        const person = await trx
          .selectFrom('persons')
          .innerJoin('cases', 'cases.id', 'persons.case_id')
          .select([
            'persons.id',
            'persons.role',
            'persons.jurisdiction',
            'cases.id as case_id',
            'cases.opening_agency_id',
            'cases.reference',
          ])
          .where('persons.id', '=', id)
          .executeTakeFirst();
        if (person === undefined) throw notFound('person', id);
        if (person.role !== 'victim') throw invalidField(field, `person ${id} is not a victim`);
        return person;
      }),
    );
    const [a, b] = persons;
    if (a === undefined || b === undefined) throw notFound('person', input.personA);
    if (a.jurisdiction !== b.jurisdiction)
      throw invalidField('personB', 'both records must be of one jurisdiction');
    for (const p of [a, b]) {
      const bases = await teamBasesOf(trx, actor.id, {
        id: p.case_id,
        jurisdiction: p.jurisdiction,
        opening_agency_id: p.opening_agency_id,
        reference: p.reference,
      });
      if (bases.length === 0) {
        throw new DomainError(
          'Forbidden',
          'only a user on the teams of both cases, who may see both identities, may decide whether they are one person',
        );
      }
    }
    const [personA, personB] =
      input.personA < input.personB
        ? [input.personA, input.personB]
        : [input.personB, input.personA];
    const before = await findVictimLink(trx, personA, personB);
    const at = ctx.now().toISOString();
    if (before === undefined) {
      if (input.decision === 'withdrawn')
        throw notFound('link between', `${personA} and ${personB}`);
      const row: VictimLinksTable = {
        id: ctx.newId(),
        jurisdiction: a.jurisdiction,
        person_a: personA,
        person_b: personB,
        status: input.decision,
        strength: 'possible',
        basis: JSON.stringify(['reviewed']),
        decided_by: actor.id,
        decided_at: at,
        reason: input.reason.trim(),
        version: 1,
        created_at: at,
        updated_at: at,
      };
      await insertVictimLink(trx, row);
      await appendAudit(trx, ctx, actor, {
        action: 'victim_link.record',
        entityType: 'victim_link',
        entityId: row.id,
        caseId: null,
        before: null,
        after: { ...row },
      });
      return row;
    }
    if (input.version === undefined)
      throw invalidField('version', 'is required to change a decision');
    assertVersion('victim link', before.id, before.version, input.version);
    const changed = {
      status: input.decision,
      decided_by: actor.id,
      decided_at: at,
      reason: input.reason.trim(),
      updated_at: at,
    };
    const after = { ...before, ...changed, version: before.version + 1 };
    await auditedUpdate(
      trx,
      ctx,
      actor,
      {
        table: 'victim_links',
        key: { column: 'id', value: before.id },
        version: input.version,
        values: changed,
        entity: 'victim link',
      },
      {
        action: 'victim_link.decide',
        entityType: 'victim_link',
        entityId: before.id,
        caseId: null,
        before: { ...before },
        after: { ...after },
      },
    );
    return after;
  });
}

/** The capture table of a period, with what went into it. */
export interface PeriodCaptureTable {
  readonly jurisdiction: JurisdictionCode;
  readonly from: string;
  readonly to: string;
  readonly table: CaptureTable;
  /** Victim records identified in the period. */
  readonly records: number;
  /** Distinct persons after applying the confirmed links. */
  readonly persons: number;
  /** Links between records of the period that were applied. */
  readonly linksApplied: number;
  /** Records whose identifying agency is not recorded: on no known list, left out. */
  readonly withoutAgency: number;
  /**
   * When the records were last matched across cases (`victims match`); null when never, in which
   * case the persons are not de-duplicated beyond links decided by hand.
   */
  readonly matchedAt: string | null;
}

/**
 * The agencies' lists of the victims they identified in a period, de-duplicated by the
 * confirmed links: one list per identifying agency, one individual per linked group.
 */
export async function captureTableForPeriod(
  ctx: AppContext,
  actor: Actor,
  query: { jurisdiction: JurisdictionCode; from: string; to: string },
): Promise<PeriodCaptureTable> {
  await authorize(ctx, actor, 'report.read', {
    action: 'build the capture table for an estimate',
    entityType: 'jurisdiction',
    entityId: query.jurisdiction,
  });
  return buildCaptureTable(ctx, query);
}

/** The capture table of a period, for callers that have checked the actor's permission. */
export async function buildCaptureTable(
  ctx: AppContext,
  query: { jurisdiction: JurisdictionCode; from: string; to: string },
): Promise<PeriodCaptureTable> {
  const { jurisdiction } = query;
  const rows = await findIdentifiedVictims(ctx.db, jurisdiction, query.from, query.to);
  const links = (await findVictimLinks(ctx.db, jurisdiction)).filter((l) => l.status === 'linked');
  const listed = rows.filter((r) => r.identifying_agency_id !== null);
  const ids = [...new Set(listed.map((r) => r.person_id))];
  const applied = links.filter((l) => ids.includes(l.person_a) && ids.includes(l.person_b));
  const groups = groupLinked(
    ids,
    applied.map((l) => [l.person_a, l.person_b] as const),
  );
  const agencies = [
    ...new Map(
      listed.map((r) => [
        r.identifying_agency_id ?? '',
        r.agency_name ?? r.identifying_agency_id ?? '',
      ]),
    ).entries(),
  ].sort((x, y) => x[1].localeCompare(y[1]));
  const agencyIndex = new Map(agencies.map(([id], i) => [id, i]));
  const agenciesOf = new Map<string, Set<number>>();
  for (const r of listed) {
    const index = agencyIndex.get(r.identifying_agency_id ?? '') ?? 0;
    agenciesOf.set(r.person_id, (agenciesOf.get(r.person_id) ?? new Set()).add(index));
  }
  const counts = new Array<number>(1 << agencies.length).fill(0);
  for (const group of groups) {
    let mask = 0;
    for (const id of group) for (const i of agenciesOf.get(id) ?? []) mask |= 1 << i;
    if (mask > 0) counts[mask] = (counts[mask] ?? 0) + 1;
  }
  return {
    jurisdiction,
    from: query.from,
    to: query.to,
    table: { lists: agencies.map(([, name]) => name), counts },
    records: rows.length,
    persons: groups.length,
    linksApplied: applied.length,
    withoutAgency: rows.length - listed.length,
    matchedAt: await lastMatchRun(ctx.db, jurisdiction),
  };
}
