import type { Selectable } from 'kysely';
import type {
  CaseFacts,
  ChargeFacts,
  DeletionFacts,
  VerdictFacts,
} from '../../core/approvals/decide.ts';
import {
  findCase,
  findCharge,
  findPerson,
  findVictimRecord,
} from '../../db/repositories/cases.repository.ts';
import {
  findSentencesOfConviction,
  findVerdict,
  referencesToCase,
  referencesToCharge,
  referencesToPerson,
} from '../../db/repositories/integrity.repository.ts';
import { findAllegation, findTraining } from '../../db/repositories/registers.repository.ts';
import type { Database } from '../../db/schema.ts';
import type { Executor } from '../common/context.ts';
import { notFound } from '../common/validate.ts';
import {
  allegationView,
  caseSummaryView,
  chargeView,
  personView,
  trainingView,
  victimRecordView,
} from '../common/views.ts';
import type { DeletableType } from '../schemas/approvals.schemas.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/**
 * The snapshots the approval rules (`core/approvals/decide.ts`) decide on, loaded from the
 * stored rows; a target that does not exist is NotFound here, before any rule is asked.
 */

/** A case row as the rules see it. */
export function caseFacts(row: Selectable<Database['cases']>): CaseFacts {
  return {
    id: row.id,
    jurisdiction: row.jurisdiction,
    status: row.status,
    openedOn: row.opened_on,
    sealed: row.sealed === 1,
  };
}

/** The stored case, or NotFound. */
export async function loadCase(executor: Executor, id: string) {
  const row = await findCase(executor, id);
  if (row === undefined) throw notFound('case', id);
  return row;
}

/** The stored charge and its facts, or NotFound. */
export async function loadCharge(executor: Executor, id: string) {
  const row = await findCharge(executor, id);
  if (row === undefined) throw notFound('charge', id);
  const facts: ChargeFacts = {
    id: row.id,
    jurisdiction: row.jurisdiction,
    caseId: row.case_id,
    status: row.status,
  };
  return { row, facts };
}

/** The stored verdict and its facts (with the sentences standing on its conviction), or NotFound. */
export async function loadVerdict(executor: Executor, id: string) {
  const row = await findVerdict(executor, id);
  if (row === undefined) throw notFound('verdict', id);
  const facts: VerdictFacts = {
    id: row.id,
    jurisdiction: row.jurisdiction,
    caseId: row.case_id,
    outcome: row.outcome,
    sentences: await findSentencesOfConviction(executor, row),
  };
  return { row, facts };
}

/** A record about to be deleted: the rules' facts, and its full view for the log. */
export interface DeletionTarget {
  readonly facts: DeletionFacts<DeletableType>;
  readonly view: unknown;
}

/** The record of `type` and `id` about to be deleted, with what still refers to it; or NotFound. */
export async function loadDeletionTarget(
  executor: Executor,
  type: DeletableType,
  id: string,
): Promise<DeletionTarget> {
  const target = (
    where: { jurisdiction: JurisdictionCode; caseId: string | null },
    view: unknown,
    blockers: readonly string[],
  ): DeletionTarget => ({ facts: { type, id, ...where, blockers }, view });
  switch (type) {
    case 'case': {
      const row = await findCase(executor, id);
      if (row === undefined) throw notFound('case', id);
      return target(
        { jurisdiction: row.jurisdiction, caseId: row.id },
        caseSummaryView(row),
        await referencesToCase(executor, id),
      );
    }
    case 'person': {
      const row = await findPerson(executor, id);
      if (row === undefined) throw notFound('person', id);
      return target(
        { jurisdiction: row.jurisdiction, caseId: row.case_id },
        personView(row),
        await referencesToPerson(executor, id),
      );
    }
    case 'victim_record': {
      const row = await findVictimRecord(executor, id);
      if (row === undefined) throw notFound('victim record', id);
      return target(
        { jurisdiction: row.jurisdiction, caseId: row.case_id },
        victimRecordView(row),
        [],
      );
    }
    case 'charge': {
      const row = await findCharge(executor, id);
      if (row === undefined) throw notFound('charge', id);
      return target(
        { jurisdiction: row.jurisdiction, caseId: row.case_id },
        chargeView(row),
        await referencesToCharge(executor, id),
      );
    }
    case 'training': {
      const row = await findTraining(executor, id);
      if (row === undefined) throw notFound('training', id);
      return target({ jurisdiction: row.jurisdiction, caseId: null }, trainingView(row), []);
    }
    case 'complicity_allegation': {
      const row = await findAllegation(executor, id);
      if (row === undefined) throw notFound('complicity allegation', id);
      return target({ jurisdiction: row.jurisdiction, caseId: null }, allegationView(row), []);
    }
  }
}
