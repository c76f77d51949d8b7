/**
 * Domain errors carry a stable code, never an HTTP status: only `src/http/error-handler.ts`
 * maps codes to statuses, through one table the compiler keeps complete.
 */
export const errorCodes = [
  'ValidationFailed',
  'NotFound',
  'VersionConflict',
  'TransitionNotAllowed',
  'Conflict',
  'UnknownProvision',
  'PackInvalid',
  'Forbidden',
  'Unauthenticated',
  'SelfApprovalRefused',
  'PayloadTooLarge',
  'IntegrityViolation',
  'KeyUnavailable',
  'RateLimited',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** One invalid field: where it is (a path into the input) and why it is wrong. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** An expected failure of a use-case, with a stable code and machine-readable details. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;
  readonly issues: readonly FieldIssue[];

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; issues?: readonly FieldIssue[] } = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = Object.freeze({ ...(options.details ?? {}) });
    this.issues = options.issues ?? [];
  }
}

/** One field of the input is invalid (ValidationFailed naming the field). */
export function invalidField(path: string, message: string): DomainError {
  return new DomainError('ValidationFailed', `invalid input: ${path}: ${message}`, {
    issues: [{ path, message }],
  });
}

/** True when `error` is a DomainError, optionally with the given code. */
export function isDomainError(error: unknown, code?: ErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}
