import { ApiError } from './api.ts';
import type { Language, Translate } from './i18n/i18n.tsx';
import type { MessageKey } from './i18n/en.ts';

/**
 * A refusal the page itself wrote in the user's language (a check before sending, or a server
 * refusal it has already put into words): its message and its issues are shown as they are.
 */
export class LocalizedError extends ApiError {}

/** Error codes of the API that have a message of their own in the catalogues. */
const codeKeys: Readonly<Record<string, MessageKey>> = {
  Forbidden: 'error.Forbidden',
  NotFound: 'error.NotFound',
  VersionConflict: 'error.VersionConflict',
  TransitionNotAllowed: 'error.TransitionNotAllowed',
  Conflict: 'error.Conflict',
  UnknownProvision: 'error.UnknownProvision',
  SelfApprovalRefused: 'error.SelfApprovalRefused',
  Unauthenticated: 'error.Unauthenticated',
  RateLimited: 'error.RateLimited',
  PayloadTooLarge: 'error.PayloadTooLarge',
  ValidationFailed: 'error.ValidationFailed',
  SentenceExists: 'error.SentenceExists',
};

/** Identifiers in a server message mean nothing to a reader (and may point at a person). */
const identifiers = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/** A server message fit to show: without identifiers; only in English, the language it is in. */
function serverWords(message: string, lang: Language): string | null {
  if (lang !== 'en') return null;
  const text = message
    .replace(identifiers, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return text === '' ? null : text;
}

/**
 * One invalid field's message in the user's language. The server writes its validation
 * messages in English for developers (`Too small: expected string to have >=1 characters`);
 * the user reads what to do instead.
 */
export function describeIssue(message: string, t: Translate, lang: Language): string {
  if (
    /^Too small: expected string to have >=1 characters/.test(message) ||
    /received (undefined|null)$/.test(message)
  ) {
    return t('issue.required');
  }
  const atLeast = /^Too small: expected (?:number|int) to be >(=?)(-?\d+(?:\.\d+)?)/.exec(message);
  if (atLeast !== null) {
    const limit = Number(atLeast[2]) + (atLeast[1] === '=' ? 0 : 1);
    return limit <= 1 && atLeast[1] === '' ? t('issue.positive') : t('issue.atLeast', { limit });
  }
  const atMost = /^Too big: expected (?:number|int) to be <=?(-?\d+)/.exec(message);
  if (atMost !== null) return t('issue.atMost', { limit: Number(atMost[1]) });
  const tooLong = /^Too big: expected string to have <=(\d+) characters/.exec(message);
  if (tooLong !== null) return t('issue.tooLong', { limit: Number(tooLong[1]) });
  if (/^Invalid option/.test(message)) return t('issue.choose');
  if (/^Invalid (ISO )?date/i.test(message)) return t('issue.date');
  if (/^Invalid input: expected (number|int)/.test(message)) return t('issue.wholeNumber');
  if (/ISO 3166-1 alpha-3/.test(message)) return t('issue.country');
  if (
    /must be (on or )?after|before the case was opened|opening date|event recorded (before|after) it|is in the future/.test(
      message,
    )
  ) {
    return serverWords(message, lang) ?? t('issue.dateOrder');
  }
  return serverWords(message, lang) ?? t('issue.invalid');
}

/** An error of the API (or anything thrown) as a sentence for the user, in their language. */
export function describeError(error: unknown, t: Translate, lang: Language): string {
  if (error instanceof LocalizedError) return error.message;
  if (!(error instanceof ApiError)) {
    return error instanceof TypeError ? t('error.network') : t('error.unexpected');
  }
  const reason = error.details['reason'];
  const key =
    (typeof reason === 'string' ? codeKeys[reason] : undefined) ?? codeKeys[error.code] ?? null;
  if (key === null) return t('error.unexpected');
  const words = serverWords(error.message, lang);
  // Conflicts and unknown provisions are specific: in English the server's words say which.
  if ((error.code === 'Conflict' || error.code === 'UnknownProvision') && words !== null) {
    return words;
  }
  return t(key);
}
