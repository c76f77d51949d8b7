import { useState } from 'react';
import {
  deleteReasons,
  dropReasons,
  verdictCorrectionReasons,
  verdictOutcomes,
} from '../../../core/vocabulary.ts';
import type { Permission } from '../../../core/access/policy.ts';
import { api } from '../../api.ts';
import { FormError, SelectField, TextArea, useSubmit } from '../../components/ui.tsx';
import { usePermissions } from '../../components/sign-in.tsx';
import type { CaseView, ChargeView, PersonView } from '../../data.ts';
import { useI18n, useVocabulary } from '../../i18n/i18n.tsx';
import { useRefresh } from './shared.ts';

/**
 * Asks a supervisor for a four-eyes change (dropping a charge, deleting a record entered in
 * error), with a reason code and an explanation; nothing changes until a different supervisor
 * approves it in Approvals.
 */
function FourEyesRequest({
  caseView,
  title,
  reasons,
  done,
  body,
  permission = 'case.write',
  choice,
}: {
  caseView: CaseView;
  title: string;
  reasons: readonly string[];
  done: string;
  body: (reasonCode: string, reasonText: string, chosen: string) => Record<string, unknown>;
  /** Who may ask (the server decides; the button is hidden from the others). */
  permission?: Permission;
  /** A required choice the change is about (a verdict's corrected outcome). */
  choice?: { label: string; options: { value: string; label: string }[] };
}) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const refresh = useRefresh(caseView.id);
  const { can } = usePermissions();
  const [open, setOpen] = useState(false);
  const [requested, setRequested] = useState(false);
  const [form, setForm] = useState({ reasonCode: '', reasonText: '', chosen: '' });
  const { errors, busy, submit, refuse } = useSubmit(['reasonCode', 'reasonText', 'outcome']);
  if (can !== undefined && !can(permission)) return null;
  if (requested) {
    return (
      <span role="status" className="notice">
        {done}
      </span>
    );
  }
  if (!open) {
    return (
      <button type="button" className="link-button no-print" onClick={() => setOpen(true)}>
        {title}
      </button>
    );
  }
  return (
    <form
      noValidate
      aria-label={title}
      className="correction-form no-print"
      onSubmit={(event) => {
        event.preventDefault();
        const missing: Record<string, string> = {};
        if (choice !== undefined && form.chosen === '') missing['outcome'] = t('issue.choose');
        if (form.reasonCode === '') missing['reasonCode'] = t('issue.choose');
        if (form.reasonText.trim() === '') missing['reasonText'] = t('correction.reasonRequired');
        if (Object.keys(missing).length > 0) {
          refuse(missing);
          return;
        }
        void submit(async () => {
          await api('/api/approvals', {
            body: body(form.reasonCode, form.reasonText.trim(), form.chosen),
          });
          setRequested(true);
          await refresh();
        });
      }}
    >
      <h4>{title}</h4>
      <p className="hint">{t('event.confirmApproval')}</p>
      <FormError errors={errors} />
      {choice !== undefined && (
        <SelectField
          label={choice.label}
          required
          value={form.chosen}
          onChange={(value) => setForm({ ...form, chosen: value })}
          error={errors.fields['outcome']}
          empty={t('common.choose')}
          options={choice.options}
        />
      )}
      <SelectField
        label={t('event.reasonCode')}
        required
        value={form.reasonCode}
        onChange={(value) => setForm({ ...form, reasonCode: value })}
        error={errors.fields['reasonCode']}
        empty={t('common.choose')}
        options={reasons.map((value) => ({ value, label: vocabulary('reason', value) }))}
      />
      <TextArea
        label={t('event.reasonText')}
        required
        value={form.reasonText}
        onChange={(value) => setForm({ ...form, reasonText: value })}
        error={errors.fields['reasonText']}
      />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t('correction.sendRequest')}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {t('identity.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * Asks for a verdict's outcome to be corrected (recorded wrongly): the court asks, a different
 * supervisor decides, since flipping a verdict is what a corrupt insider would want.
 */
export function VerdictCorrectionRequest({
  caseView,
  verdict,
  name,
}: {
  caseView: CaseView;
  verdict: { id: string; outcome: string };
  name: string;
}) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  return (
    <FourEyesRequest
      caseView={caseView}
      title={t('correction.askVerdict', { name })}
      reasons={verdictCorrectionReasons}
      done={t('correction.verdictRequested')}
      permission="case.adjudicate"
      choice={{
        label: t('correction.correctOutcome'),
        options: verdictOutcomes
          .filter((outcome) => outcome !== verdict.outcome)
          .map((outcome) => ({ value: outcome, label: vocabulary('outcome', outcome) })),
      }}
      body={(reasonCode, reasonText, outcome) => ({
        action: 'verdict.correct',
        verdictId: verdict.id,
        outcome,
        reasonCode,
        reasonText,
      })}
    />
  );
}

/** Asks a supervisor to drop a charge, with a reason (nothing changes until approved). */
export function DropChargeRequest({
  caseView,
  charge,
  name,
}: {
  caseView: CaseView;
  charge: ChargeView;
  name: string;
}) {
  const { t } = useI18n();
  return (
    <FourEyesRequest
      caseView={caseView}
      title={t('correction.askDrop', { name })}
      reasons={dropReasons}
      done={t('correction.dropRequested')}
      body={(reasonCode, reasonText) => ({
        action: 'charge.drop',
        chargeId: charge.id,
        reasonCode,
        reasonText,
      })}
    />
  );
}

/**
 * Asks a supervisor to delete a person recorded in error or twice (a person still named by a
 * charge, an event or a record is refused by the server, which says so).
 */
export function DeletePersonRequest({
  caseView,
  person,
  name,
}: {
  caseView: CaseView;
  person: PersonView;
  name: string;
}) {
  const { t } = useI18n();
  return (
    <FourEyesRequest
      caseView={caseView}
      title={t('correction.askDelete', { name })}
      reasons={deleteReasons.filter((reason) => reason !== 'retention_expired')}
      done={t('correction.deleteRequested')}
      body={(reasonCode, reasonText) => ({
        action: 'record.delete',
        entityType: 'person',
        entityId: person.id,
        reasonCode,
        reasonText,
      })}
    />
  );
}
