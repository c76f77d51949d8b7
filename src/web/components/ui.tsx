import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiError } from '../api.ts';
import { describeError, describeIssue, LocalizedError } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** Errors of a form: per field (by the server's issue path) and for the form as a whole. */
export interface FormErrors {
  readonly fields: Readonly<Record<string, string>>;
  readonly general: string | null;
}

const noErrors: FormErrors = { fields: {}, general: null };

/**
 * Submission state of a form: runs the action, and turns a 400's issues into messages at the
 * fields whose names are listed (anything else is shown at the top of the form).
 */
export function useSubmit(fieldNames: readonly string[]) {
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const { t, lang } = useI18n();
  async function submit(action: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setErrors(noErrors);
    try {
      await action();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.issues.length > 0) {
        const fields: Record<string, string> = {};
        let elsewhere = false;
        for (const issue of error.issues) {
          const name = fieldNames.find(
            (field) => issue.path === field || issue.path.startsWith(`${field}.`),
          );
          if (name !== undefined && fields[name] === undefined) {
            // A refusal with a reason of its own (e.g. SentenceExists) says it at the field.
            fields[name] =
              error instanceof LocalizedError
                ? issue.message
                : typeof error.details['reason'] === 'string'
                  ? describeError(error, t, lang)
                  : describeIssue(issue.message, t, lang);
          } else if (name === undefined) elsewhere = true;
        }
        setErrors({
          fields,
          general: elsewhere ? describeError(error, t, lang) : t('common.fixFields'),
        });
      } else {
        setErrors({ fields: {}, general: describeError(error, t, lang) });
      }
      return false;
    } finally {
      setBusy(false);
    }
  }
  /** Shows errors found in the page before anything is sent (same shape as the server's). */
  function refuse(fields: Record<string, string>): void {
    setErrors({ fields, general: t('common.fixFields') });
  }
  return { errors, busy, submit, refuse };
}

/** A labelled control with its error message tied to it (aria-describedby, aria-invalid). */
export function Field({
  label,
  error,
  hint,
  note,
  required = false,
  children,
}: {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  /** A reading of the value (a date in words in the UI language), announced with the field. */
  note?: string | undefined;
  /** Marks the label with a star (CSS; screen readers hear `required` on the control instead). */
  required?: boolean | undefined;
  children: (props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby': string | undefined;
  }) => ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const noteId = `${id}-note`;
  const describedBy =
    [
      error !== undefined ? errorId : null,
      hint !== undefined ? hintId : null,
      note !== undefined ? noteId : null,
    ]
      .filter((x) => x !== null)
      .join(' ') || undefined;
  return (
    <div className={error !== undefined ? 'field field-invalid' : 'field'}>
      <label htmlFor={id} className={required ? 'required' : undefined}>
        {label}
      </label>
      {children({ id, 'aria-invalid': error !== undefined, 'aria-describedby': describedBy })}
      {hint !== undefined && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      {note !== undefined && (
        <span className="hint" id={noteId} data-testid="date-in-words">
          {note}
        </span>
      )}
      {error !== undefined && (
        <span className="field-error" id={errorId} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** A text, date or number input bound to a string value. */
export function TextField({
  label,
  value,
  onChange,
  error,
  type = 'text',
  hint,
  name,
  required,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  type?: 'text' | 'date' | 'number' | 'search';
  hint?: string;
  name?: string;
  required?: boolean;
}) {
  const { date } = useI18n();
  // The browser shows a date control in its own language; the page says the date in the UI's.
  const note = type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? date(value) : undefined;
  return (
    <Field label={label} error={error} hint={hint} note={note} required={required}>
      {(props) => (
        <input
          {...props}
          name={name}
          type={type}
          value={value}
          required={required}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

/** A long text. */
export function TextArea({
  label,
  value,
  onChange,
  error,
  name,
  required,
  hint,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  name?: string;
  required?: boolean;
  hint?: string;
}) {
  return (
    <Field label={label} error={error} required={required} hint={hint}>
      {(props) => (
        <textarea
          {...props}
          name={name}
          required={required}
          rows={3}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

/** A select over options; `empty` adds a first option with the empty value. */
export function SelectField({
  label,
  value,
  onChange,
  options,
  error,
  empty,
  name,
  required,
  hint,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
  error?: string | undefined;
  empty?: string;
  name?: string;
  required?: boolean;
  hint?: string;
}) {
  return (
    <Field label={label} error={error} required={required} hint={hint}>
      {(props) => (
        <select
          {...props}
          name={name}
          required={required}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        >
          {empty !== undefined && <option value="">{empty}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A group of checkboxes over options (a multi-choice field). */
export function CheckboxGroup({
  legend,
  values,
  onChange,
  options,
  error,
}: {
  legend: string;
  values: readonly string[];
  onChange: (values: string[]) => void;
  options: readonly { value: string; label: string }[];
  error?: string | undefined;
}) {
  const id = useId();
  return (
    <fieldset
      className={error !== undefined ? 'field checkboxes field-invalid' : 'field checkboxes'}
      aria-describedby={error !== undefined ? `${id}-error` : undefined}
    >
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className="checkbox">
          <input
            type="checkbox"
            checked={values.includes(option.value)}
            onChange={(event) =>
              onChange(
                event.target.checked
                  ? [...values, option.value]
                  : values.filter((value) => value !== option.value),
              )
            }
          />
          {option.label}
        </label>
      ))}
      {error !== undefined && (
        <span className="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </fieldset>
  );
}

/** The message for the form as a whole, announced to screen readers. */
export function FormError({ errors }: { errors: FormErrors }) {
  if (errors.general === null) return null;
  return (
    <p className="form-error" role="alert">
      {errors.general}
    </p>
  );
}

/** Loading, failed and empty states of a query. */
export function QueryState({ loading, error }: { loading: boolean; error: unknown }): ReactNode {
  const { t, lang } = useI18n();
  if (error !== null && error !== undefined) {
    return (
      <p className="form-error" role="alert">
        {t('common.loadFailed', { message: describeError(error, t, lang) })}
      </p>
    );
  }
  if (loading) return <p aria-busy="true">{t('common.loading')}</p>;
  return null;
}

/** Previous/next page buttons with the range shown. */
export function Pagination({
  page,
  pageSize,
  total,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pagination" aria-label={t('common.pagination')}>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('common.previousPage')}
      </button>
      <span>{t('common.pageOf', { page, pages, total })}</span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('common.nextPage')}
      </button>
    </nav>
  );
}
