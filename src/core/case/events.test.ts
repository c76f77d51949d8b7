import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { decideCaseEvent, namedByEvent } from './events.ts';
import type { CaseEventCommand, CaseSnapshot } from './events.ts';

const snapshot = (over: Partial<CaseSnapshot> = {}): CaseSnapshot => ({
  caseId: 'c1',
  status: 'verdict',
  openedOn: '2016-01-10',
  today: '2017-06-01',
  events: [{ seq: 3, kind: 'verdict', personId: 'p1', occurredOn: '2016-09-01' }],
  verdicts: [{ personId: 'p1', chargeId: 'ch1', outcome: 'convicted', onAppeal: false }],
  sentences: [],
  persons: new Map([
    ['p1', { caseId: 'c1', role: 'suspect' }],
    ['v1', { caseId: 'c1', role: 'victim' }],
    ['px', { caseId: 'other', role: 'suspect' }],
  ]),
  charges: new Map([
    ['ch1', { caseId: 'c1', personId: 'p1', status: 'active' }],
    ['ch2', { caseId: 'c1', personId: 'p1', status: 'active' }],
    ['dropped', { caseId: 'c1', personId: 'p1', status: 'dropped' }],
  ]),
  agencies: new Set(['court']),
  ...over,
});

const sentence = (over: Partial<Extract<CaseEventCommand, { kind: 'sentence' }>> = {}) =>
  ({
    kind: 'sentence',
    occurredOn: '2016-10-01',
    personId: 'p1',
    chargeId: 'ch1',
    life: false,
    suspended: false,
    imprisonmentMonths: 96,
    ...over,
  }) as const;

/** The refusal's code and the field it names. */
function refusal(work: () => unknown): { code: string; path: string | undefined } {
  try {
    work();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return { code: error.code, path: error.issues[0]?.path };
  }
  throw new Error('expected a refusal');
}

describe('decideCaseEvent', () => {
  it('writes a sentence with its event, numbered after the last event, moving nowhere', () => {
    const decision = decideCaseEvent(snapshot(), sentence({ suspended: true }));
    expect(decision.event).toMatchObject({
      seq: 4,
      kind: 'sentence',
      from: 'verdict',
      to: 'verdict',
      personId: 'p1',
      chargeId: 'ch1',
    });
    expect(decision.sentence).toMatchObject({
      imprisonmentMonths: 96,
      suspended: true,
      life: false,
    });
    expect(decision.verdict).toBeNull();
  });

  it('refuses a sentence without a conviction, without a measure, life with a term, a suspended non-term', () => {
    const acquitted = snapshot({
      verdicts: [{ personId: 'p1', chargeId: 'ch1', outcome: 'acquitted', onAppeal: false }],
    });
    expect(refusal(() => decideCaseEvent(acquitted, sentence()))).toEqual({
      code: 'ValidationFailed',
      path: 'personId',
    });
    expect(refusal(() => decideCaseEvent(snapshot(), sentence({ chargeId: 'ch2' })))).toEqual({
      code: 'ValidationFailed',
      path: 'chargeId',
    });
    expect(
      refusal(() => decideCaseEvent(snapshot(), sentence({ imprisonmentMonths: null }))),
    ).toEqual({ code: 'ValidationFailed', path: 'imprisonmentMonths' });
    expect(refusal(() => decideCaseEvent(snapshot(), sentence({ life: true })))).toEqual({
      code: 'ValidationFailed',
      path: 'imprisonmentMonths',
    });
    expect(
      refusal(() =>
        decideCaseEvent(
          snapshot(),
          sentence({ imprisonmentMonths: null, probationMonths: 12, suspended: true }),
        ),
      ),
    ).toEqual({ code: 'ValidationFailed', path: 'suspended' });
    // Life alone is a measure.
    expect(
      decideCaseEvent(snapshot(), sentence({ imprisonmentMonths: null, life: true })).sentence
        ?.life,
    ).toBe(true);
  });

  it('gives a verdict only on an active charge against that defendant, once per instance', () => {
    const verdict = (chargeId: string, personId = 'p1') =>
      ({
        kind: 'verdict',
        occurredOn: '2016-10-01',
        personId,
        chargeId,
        outcome: 'convicted',
        courtAgencyId: 'court',
      }) as const;
    const decided = decideCaseEvent(snapshot(), verdict('ch2'));
    expect(decided.verdict).toMatchObject({
      chargeId: 'ch2',
      onAppeal: false,
      courtAgencyId: 'court',
    });
    expect(decided.event.details).toEqual({ outcome: 'convicted' });
    expect(refusal(() => decideCaseEvent(snapshot(), verdict('dropped')))).toEqual({
      code: 'ValidationFailed',
      path: 'chargeId',
    });
    expect(refusal(() => decideCaseEvent(snapshot(), verdict('missing')))).toEqual({
      code: 'ValidationFailed',
      path: 'chargeId',
    });
    expect(refusal(() => decideCaseEvent(snapshot(), verdict('ch1')))).toEqual({
      code: 'Conflict',
      path: 'chargeId',
    });
    // On appeal the same charge is decided again, once.
    const onAppeal = decideCaseEvent(snapshot({ status: 'appeal' }), verdict('ch1'));
    expect(onAppeal.verdict?.onAppeal).toBe(true);
    expect(refusal(() => decideCaseEvent(snapshot(), verdict('ch1', 'v1')))).toEqual({
      code: 'ValidationFailed',
      path: 'personId',
    });
    expect(refusal(() => decideCaseEvent(snapshot(), verdict('ch1', 'px')))).toEqual({
      code: 'ValidationFailed',
      path: 'personId',
    });
  });

  it('refuses a transition the table does not allow, and dates before the timeline or in the future', () => {
    const final = { kind: 'final', occurredOn: '2016-10-01' } as const;
    expect(refusal(() => decideCaseEvent(snapshot({ status: 'open' }), final)).code).toBe(
      'TransitionNotAllowed',
    );
    expect(
      refusal(() => decideCaseEvent(snapshot(), { ...final, occurredOn: '2016-08-01' })),
    ).toEqual({
      code: 'ValidationFailed',
      path: 'occurredOn',
    });
    expect(
      refusal(() => decideCaseEvent(snapshot(), { ...final, occurredOn: '2017-06-02' })),
    ).toEqual({
      code: 'ValidationFailed',
      path: 'occurredOn',
    });
    expect(decideCaseEvent(snapshot(), final).event.to).toBe('final');
  });

  it('indicts a suspect once, at an agency that exists', () => {
    const base = snapshot({ status: 'prosecution', events: [], verdicts: [] });
    const indict = {
      kind: 'indict',
      occurredOn: '2016-05-01',
      personId: 'p1',
      agencyId: 'court',
    } as const;
    expect(decideCaseEvent(base, indict).event).toMatchObject({
      seq: 1,
      personId: 'p1',
      agencyId: 'court',
    });
    const again = snapshot({
      status: 'prosecution',
      events: [{ seq: 1, kind: 'indict', personId: 'p1', occurredOn: '2016-05-01' }],
    });
    expect(refusal(() => decideCaseEvent(again, indict)).code).toBe('Conflict');
    expect(refusal(() => decideCaseEvent(base, { ...indict, agencyId: 'nowhere' }))).toEqual({
      code: 'ValidationFailed',
      path: 'agencyId',
    });
  });

  it('names the persons, charges and agencies the snapshot must hold', () => {
    expect(namedByEvent(sentence({ chargeId: null }))).toEqual({
      persons: ['p1'],
      charges: [],
      agencies: [],
    });
    expect(namedByEvent({ kind: 'refer', occurredOn: '2016-01-11', agencyId: 'court' })).toEqual({
      persons: [],
      charges: [],
      agencies: ['court'],
    });
  });
});
