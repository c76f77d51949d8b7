import { DomainError, invalidField } from '../errors.ts';
import type { Appellant, CloseReason, VerdictOutcome } from '../vocabulary.ts';
import { nextStatus } from './lifecycle.ts';
import type { CaseStatus, EventKind } from './lifecycle.ts';

/**
 * The rules of a case's lifecycle events, as pure decisions: a snapshot of the case and an event
 * in, the rows to write (the event, and the verdict or sentence it carries) or a refusal out.
 * The use-case (`src/app/cases/events.ts`) loads the snapshot, calls `decideCaseEvent`, writes what it
 * returns and logs it; nothing here reads a database or the clock.
 */

interface EventBase {
  readonly occurredOn: string;
}

/** A lifecycle event as the API and the CLI give it (validated: see caseEventInput). */
export type CaseEventCommand = EventBase &
  (
    | {
        readonly kind: 'suspend' | 'close';
        readonly reasonCode: CloseReason;
        readonly reasonText: string;
      }
    | { readonly kind: 'resume'; readonly reasonText?: string | null | undefined }
    | { readonly kind: 'reopen'; readonly reasonText: string }
    | { readonly kind: 'refer'; readonly agencyId?: string | null | undefined }
    | {
        readonly kind: 'indict';
        readonly personId: string;
        readonly agencyId?: string | null | undefined;
      }
    | {
        readonly kind: 'verdict';
        readonly personId: string;
        readonly chargeId: string;
        readonly outcome: VerdictOutcome;
        readonly courtAgencyId?: string | null | undefined;
      }
    | {
        readonly kind: 'sentence';
        readonly personId: string;
        readonly chargeId?: string | null | undefined;
        readonly imprisonmentMonths?: number | null | undefined;
        readonly life: boolean;
        readonly suspended: boolean;
        readonly probationMonths?: number | null | undefined;
        readonly houseArrestMonths?: number | null | undefined;
        readonly fine?: { readonly amount: number; readonly currency: string } | null | undefined;
        readonly otherMeasures?: string | null | undefined;
      }
    | {
        readonly kind: 'appeal';
        readonly personId?: string | null | undefined;
        readonly appellant?: Appellant | null | undefined;
        readonly courtAgencyId?: string | null | undefined;
        readonly reasonText?: string | null | undefined;
      }
    | { readonly kind: 'final' }
  );

/** What the decision needs to know about the case, loaded by the use-case before it decides. */
export interface CaseSnapshot {
  readonly caseId: string;
  readonly status: CaseStatus;
  readonly openedOn: string;
  /** Today's date (YYYY-MM-DD) from the use-case's clock: no event happens in the future. */
  readonly today: string;
  /** The timeline, oldest first. */
  readonly events: readonly {
    readonly seq: number;
    readonly kind: string;
    readonly personId: string | null;
    readonly occurredOn: string;
  }[];
  readonly verdicts: readonly {
    readonly personId: string;
    readonly chargeId: string;
    readonly outcome: string;
    readonly onAppeal: boolean;
  }[];
  /** The sentences already recorded (one per conviction: a second one is a correction). */
  readonly sentences: readonly { readonly personId: string; readonly chargeId: string | null }[];
  /** The persons the event names, as stored (absent: no such person). */
  readonly persons: ReadonlyMap<string, { readonly caseId: string; readonly role: string }>;
  /** The charges the event names, as stored (absent: no such charge). */
  readonly charges: ReadonlyMap<
    string,
    { readonly caseId: string; readonly personId: string; readonly status: string }
  >;
  /** Which of the agencies the event names exist. */
  readonly agencies: ReadonlySet<string>;
}

/** The timeline row's own fields (ids, the recorder and timestamps are the use-case's). */
export interface EventRow {
  readonly seq: number;
  readonly kind: EventKind;
  readonly occurredOn: string;
  readonly from: CaseStatus;
  readonly to: CaseStatus;
  readonly personId: string | null;
  readonly chargeId: string | null;
  readonly agencyId: string | null;
  readonly reasonCode: string | null;
  readonly reasonText: string | null;
  readonly details: { readonly outcome: VerdictOutcome } | { readonly appellant: Appellant } | null;
}

export interface VerdictRow {
  readonly personId: string;
  readonly chargeId: string;
  readonly outcome: VerdictOutcome;
  readonly decidedOn: string;
  readonly courtAgencyId: string | null;
  readonly onAppeal: boolean;
}

export interface SentenceRow {
  readonly personId: string;
  readonly chargeId: string | null;
  readonly sentencedOn: string;
  readonly imprisonmentMonths: number | null;
  readonly life: boolean;
  readonly suspended: boolean;
  readonly probationMonths: number | null;
  readonly houseArrestMonths: number | null;
  readonly fine: { readonly amount: number; readonly currency: string } | null;
  readonly otherMeasures: string | null;
}

/** What an event writes: the timeline row, and the verdict or sentence it carries. */
export interface CaseEventDecision {
  readonly event: EventRow;
  readonly verdict: VerdictRow | null;
  readonly sentence: SentenceRow | null;
}

/** The state the event leads to and its date, checked against the timeline and the clock. */
export function checkEventTransition(
  snapshot: Pick<CaseSnapshot, 'status' | 'openedOn' | 'today' | 'events'>,
  kind: EventKind,
  occurredOn: string,
): CaseStatus {
  const to = nextStatus(snapshot.status, kind);
  const last = snapshot.events.at(-1);
  if (occurredOn < snapshot.openedOn)
    throw invalidField('occurredOn', `is before the case opened (${snapshot.openedOn})`);
  if (last !== undefined && occurredOn < last.occurredOn) {
    throw invalidField(
      'occurredOn',
      `is before the case's last event (${last.kind} on ${last.occurredOn})`,
    );
  }
  if (occurredOn > snapshot.today) throw invalidField('occurredOn', 'is in the future');
  return to;
}

function requireSuspect(snapshot: CaseSnapshot, personId: string): void {
  const person = snapshot.persons.get(personId);
  if (person?.caseId !== snapshot.caseId)
    throw invalidField('personId', `person ${personId} is not in this case`);
  if (person.role !== 'suspect')
    throw invalidField(
      'personId',
      `person ${personId} is a ${person.role}, not a suspect or defendant`,
    );
}

function requireAgency(
  snapshot: CaseSnapshot,
  path: string,
  agencyId: string | null | undefined,
): string | null {
  if (agencyId == null) return null;
  if (!snapshot.agencies.has(agencyId))
    throw invalidField(path, `agency ${agencyId} does not exist`);
  return agencyId;
}

/** The ids of the persons, charges and agencies an event names: what the snapshot must hold. */
export function namedByEvent(command: CaseEventCommand): {
  persons: string[];
  charges: string[];
  agencies: string[];
} {
  const present = (values: readonly (string | null | undefined)[]) =>
    values.filter((value): value is string => value != null);
  switch (command.kind) {
    case 'refer':
      return { persons: [], charges: [], agencies: present([command.agencyId]) };
    case 'indict':
      return { persons: [command.personId], charges: [], agencies: present([command.agencyId]) };
    case 'verdict':
      return {
        persons: [command.personId],
        charges: [command.chargeId],
        agencies: present([command.courtAgencyId]),
      };
    case 'sentence':
      return { persons: [command.personId], charges: present([command.chargeId]), agencies: [] };
    case 'appeal':
      return {
        persons: present([command.personId]),
        charges: [],
        agencies: present([command.courtAgencyId]),
      };
    default:
      return { persons: [], charges: [], agencies: [] };
  }
}

/** A sentence's measures, as recorded or as corrected. */
export interface SentenceMeasures {
  readonly imprisonmentMonths?: number | null | undefined;
  readonly life: boolean;
  readonly suspended: boolean;
  readonly probationMonths?: number | null | undefined;
  readonly houseArrestMonths?: number | null | undefined;
  readonly fine?: { readonly amount: number; readonly currency: string } | null | undefined;
  readonly otherMeasures?: string | null | undefined;
}

/**
 * A sentence needs at least one measure; life excludes a term and only a term can be
 * suspended. Throws the refusal naming the field.
 */
export function checkSentenceMeasures(measures: SentenceMeasures): void {
  const hasMeasure =
    measures.imprisonmentMonths != null ||
    measures.life ||
    measures.probationMonths != null ||
    measures.houseArrestMonths != null ||
    measures.fine != null ||
    measures.otherMeasures != null;
  if (!hasMeasure)
    throw invalidField(
      'imprisonmentMonths',
      'a sentence needs at least one measure (imprisonment, life, probation, house arrest, fine or other)',
    );
  if (measures.life && measures.imprisonmentMonths != null)
    throw invalidField('imprisonmentMonths', 'must be empty for a life sentence');
  if (measures.suspended && measures.imprisonmentMonths == null)
    throw invalidField('suspended', 'only a term of imprisonment can be suspended');
}

/**
 * Decides one lifecycle event: the transition table, the date, and each kind's own rules (a
 * verdict needs an active charge against that defendant and one verdict per charge per instance;
 * a sentence needs a conviction and at least one measure, life excludes a term and only a term
 * can be suspended; a person is indicted once). Throws the refusal; returns what to write.
 */
export function decideCaseEvent(
  snapshot: CaseSnapshot,
  command: CaseEventCommand,
): CaseEventDecision {
  const from = snapshot.status;
  const to = checkEventTransition(snapshot, command.kind, command.occurredOn);
  const base: EventRow = {
    seq: (snapshot.events.at(-1)?.seq ?? 0) + 1,
    kind: command.kind,
    occurredOn: command.occurredOn,
    from,
    to,
    personId: null,
    chargeId: null,
    agencyId: null,
    reasonCode: null,
    reasonText: null,
    details: null,
  };
  const only = (event: EventRow): CaseEventDecision => ({ event, verdict: null, sentence: null });

  switch (command.kind) {
    case 'suspend':
    case 'close':
      return only({ ...base, reasonCode: command.reasonCode, reasonText: command.reasonText });
    case 'resume':
      return only({ ...base, reasonText: command.reasonText ?? null });
    case 'reopen':
      return only({ ...base, reasonText: command.reasonText });
    case 'refer':
      return only({ ...base, agencyId: requireAgency(snapshot, 'agencyId', command.agencyId) });
    case 'indict': {
      requireSuspect(snapshot, command.personId);
      if (snapshot.events.some((e) => e.kind === 'indict' && e.personId === command.personId)) {
        throw new DomainError(
          'Conflict',
          `person ${command.personId} is already indicted in this case`,
          { issues: [{ path: 'personId', message: 'already indicted' }] },
        );
      }
      return only({
        ...base,
        personId: command.personId,
        agencyId: requireAgency(snapshot, 'agencyId', command.agencyId),
      });
    }
    case 'verdict': {
      requireSuspect(snapshot, command.personId);
      const charge = snapshot.charges.get(command.chargeId);
      if (charge?.caseId !== snapshot.caseId || charge.personId !== command.personId) {
        throw invalidField(
          'chargeId',
          `charge ${command.chargeId} is not a charge against person ${command.personId} in this case`,
        );
      }
      if (charge.status !== 'active')
        throw invalidField('chargeId', `charge ${command.chargeId} was dropped`);
      const onAppeal = from === 'appeal';
      if (
        snapshot.verdicts.some((v) => v.chargeId === command.chargeId && v.onAppeal === onAppeal)
      ) {
        throw new DomainError(
          'Conflict',
          `charge ${command.chargeId} already has a ${onAppeal ? 'verdict on appeal' : 'verdict'}`,
          { issues: [{ path: 'chargeId', message: 'already decided at this instance' }] },
        );
      }
      const court = requireAgency(snapshot, 'courtAgencyId', command.courtAgencyId);
      return {
        event: {
          ...base,
          personId: command.personId,
          chargeId: command.chargeId,
          agencyId: court,
          details: { outcome: command.outcome },
        },
        verdict: {
          personId: command.personId,
          chargeId: command.chargeId,
          outcome: command.outcome,
          decidedOn: command.occurredOn,
          courtAgencyId: court,
          onAppeal,
        },
        sentence: null,
      };
    }
    case 'sentence': {
      requireSuspect(snapshot, command.personId);
      const convictions = snapshot.verdicts.filter(
        (v) => v.personId === command.personId && v.outcome === 'convicted',
      );
      if (convictions.length === 0)
        throw invalidField(
          'personId',
          `person ${command.personId} has no conviction in this case to sentence`,
        );
      if (command.chargeId != null && !convictions.some((v) => v.chargeId === command.chargeId)) {
        throw invalidField(
          'chargeId',
          `charge ${command.chargeId} has no conviction of this person`,
        );
      }
      // One conviction, one sentence: a conviction on appeal opens the way to a second one;
      // anything else would count one conviction twice, so the first is corrected instead.
      const chargeId = command.chargeId ?? null;
      const convictionsHere = convictions.filter(
        (v) => chargeId === null || v.chargeId === chargeId,
      ).length;
      const sentencesHere = snapshot.sentences.filter(
        (s) => s.personId === command.personId && s.chargeId === chargeId,
      ).length;
      if (sentencesHere >= convictionsHere) {
        throw new DomainError(
          'Conflict',
          'this conviction already has a sentence: correct that sentence instead of recording a second one',
          {
            details: { reason: 'SentenceExists' },
            issues: [{ path: 'chargeId', message: 'already has a sentence' }],
          },
        );
      }
      checkSentenceMeasures(command);
      return {
        event: { ...base, personId: command.personId, chargeId: command.chargeId ?? null },
        verdict: null,
        sentence: {
          personId: command.personId,
          chargeId: command.chargeId ?? null,
          sentencedOn: command.occurredOn,
          imprisonmentMonths: command.imprisonmentMonths ?? null,
          life: command.life,
          suspended: command.suspended,
          probationMonths: command.probationMonths ?? null,
          houseArrestMonths: command.houseArrestMonths ?? null,
          fine: command.fine ?? null,
          otherMeasures: command.otherMeasures ?? null,
        },
      };
    }
    case 'appeal': {
      if (command.personId != null) requireSuspect(snapshot, command.personId);
      return only({
        ...base,
        personId: command.personId ?? null,
        agencyId: requireAgency(snapshot, 'courtAgencyId', command.courtAgencyId),
        reasonText: command.reasonText ?? null,
        details: command.appellant == null ? null : { appellant: command.appellant },
      });
    }
    case 'final':
      return only(base);
    default: {
      const exhaustive: never = command;
      throw new Error(`unhandled event ${JSON.stringify(exhaustive)}`);
    }
  }
}
