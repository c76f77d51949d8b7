import { DomainError } from '../errors.ts';

/**
 * The case lifecycle as a transition table. A case opens, may be suspended and resumed,
 * is closed (with a reason) or referred to prosecution; once in prosecution defendants are
 * indicted one by one, the court records verdicts per defendant per charge and sentences,
 * a verdict may be appealed, and the case ends when the judgment is final.
 */
export const caseStatuses = [
  'open',
  'suspended',
  'closed',
  'prosecution',
  'verdict',
  'appeal',
  'final',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const eventKinds = [
  'suspend',
  'resume',
  'close',
  'reopen',
  'refer',
  'indict',
  'verdict',
  'sentence',
  'appeal',
  'final',
] as const;
export type EventKind = (typeof eventKinds)[number];

/** For each state, the events allowed in it and the state each one leads to. */
export const transitions: Readonly<
  Record<CaseStatus, Readonly<Partial<Record<EventKind, CaseStatus>>>>
> = {
  open: { suspend: 'suspended', close: 'closed', refer: 'prosecution' },
  suspended: { resume: 'open', close: 'closed' },
  closed: { reopen: 'open' },
  prosecution: { indict: 'prosecution', verdict: 'verdict', close: 'closed' },
  verdict: { verdict: 'verdict', sentence: 'verdict', appeal: 'appeal', final: 'final' },
  appeal: { verdict: 'appeal', sentence: 'appeal', final: 'final' },
  final: {},
};

/** The events allowed from `status`, in a stable order. */
export function allowedEvents(status: CaseStatus): EventKind[] {
  return eventKinds.filter((kind) => transitions[status][kind] !== undefined);
}

/** The state a case reaches when `event` happens in `status`; refuses a transition the table does not allow. */
export function nextStatus(status: CaseStatus, event: EventKind): CaseStatus {
  const next = transitions[status][event];
  if (next === undefined) {
    const allowed = allowedEvents(status);
    throw new DomainError(
      'TransitionNotAllowed',
      `cannot ${event} a case that is ${status}; allowed from ${status}: ${allowed.length > 0 ? allowed.join(', ') : 'nothing (the case is final)'}`,
      { details: { currentStatus: status, event, allowed } },
    );
  }
  return next;
}
