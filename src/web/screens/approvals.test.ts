import { describe, expect, it } from 'vitest';
// A test is not bundled: it may read the server's list of actions, which the screen must cover.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { approvalActions } from '../../app/schemas/approvals.schemas.ts';
import type { ApprovalListItemView } from '../../app/schemas/approvals.schemas.ts';
import { formatMessage } from '../i18n/i18n.tsx';
import type { Translate } from '../i18n/i18n.tsx';
import { consequence } from './approvals.tsx';

/** A pending request of one action, with the payload its use-case files. */
function requestOf(action: ApprovalListItemView['action']): ApprovalListItemView {
  return {
    id: 'r1',
    action,
    caseId: 'c1',
    targetType: 'case',
    targetId: 'u1',
    reasonCode: 'other',
    reasonText: 'synthetic',
    payload: {
      occurredOn: '2016-06-01',
      userIds: ['u1', 'u2', 'u3', 'u4', 'u5'],
      from: 'acquitted',
      outcome: 'convicted',
      roles: ['supervisor'],
    },
    status: 'pending',
    requestedBy: 'a1',
    requestedAt: '2016-06-01T09:00:00.000Z',
    decidedBy: null,
    decidedAt: null,
    decisionNote: null,
    version: 1,
    requestedByName: null,
    decidedByName: null,
    caseReference: null,
  };
}

describe('what an approval would do, in words', () => {
  for (const lang of ['en', 'ru', 'ky'] as const) {
    const t: Translate = (key, values) => formatMessage(lang, key, values);
    const deleted = formatMessage(lang, 'approvals.effect.delete');
    it(`says each action's own effect in ${lang}, never "the record is deleted" for another`, () => {
      for (const action of approvalActions) {
        const text = consequence(requestOf(action), t, (d) => d);
        expect(text, action).not.toMatch(/\{|\}/);
        if (action === 'record.delete') expect(text).toBe(deleted);
        else expect(text, action).not.toBe(deleted);
      }
    });
  }

  it('counts the users a seal keeps, in Russian grammar', () => {
    const t: Translate = (key, values) => formatMessage('ru', key, values);
    expect(consequence(requestOf('case.seal'), t, (d) => d)).toContain('только 5 пользователей');
  });
});
