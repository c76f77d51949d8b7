import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allowedEvents, caseStatuses, eventKinds, nextStatus, transitions } from './lifecycle.ts';
import { DomainError } from '../errors.ts';

describe('case lifecycle', () => {
  it('follows the path from opening to a final judgment', () => {
    let status = nextStatus('open', 'refer');
    status = nextStatus(status, 'indict');
    status = nextStatus(status, 'verdict');
    status = nextStatus(status, 'sentence');
    status = nextStatus(status, 'appeal');
    status = nextStatus(status, 'final');
    expect(status).toBe('final');
  });

  it('suspends, resumes and closes', () => {
    expect(nextStatus(nextStatus('open', 'suspend'), 'resume')).toBe('open');
    expect(nextStatus('suspended', 'close')).toBe('closed');
    expect(nextStatus('closed', 'reopen')).toBe('open');
  });

  it('refuses a verdict on an open case, naming the state and what is allowed', () => {
    try {
      nextStatus('open', 'verdict');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      const domainError = error as DomainError;
      expect(domainError.code).toBe('TransitionNotAllowed');
      expect(domainError.message).toContain('open');
      expect(domainError.message).toContain('suspend, close, refer');
      expect(domainError.details).toMatchObject({
        currentStatus: 'open',
        allowed: ['suspend', 'close', 'refer'],
      });
    }
  });

  it('allows nothing after the judgment is final', () => {
    expect(allowedEvents('final')).toEqual([]);
    expect(() => nextStatus('final', 'appeal')).toThrow(/final/);
  });

  it('accepts exactly the transitions of the table, for every state and event', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...caseStatuses),
        fc.constantFrom(...eventKinds),
        (status, event) => {
          const expected = transitions[status][event];
          if (expected === undefined) {
            expect(() => nextStatus(status, event)).toThrow(DomainError);
          } else {
            expect(nextStatus(status, event)).toBe(expected);
          }
        },
      ),
    );
  });

  it('reaches every state from "open"', () => {
    const seen = new Set<string>(['open']);
    const queue = ['open'] as (typeof caseStatuses)[number][];
    while (queue.length > 0) {
      const status = queue.shift()!;
      for (const event of allowedEvents(status)) {
        const next = nextStatus(status, event);
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    expect([...seen].sort()).toEqual([...caseStatuses].sort());
  });
});
