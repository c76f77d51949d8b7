import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError } from '../core/errors.ts';
import type { ErrorCode, FieldIssue } from '../core/errors.ts';

/** The one map from domain error codes to HTTP statuses; the compiler keeps it complete. */
export const statusOf = {
  ValidationFailed: 400,
  NotFound: 404,
  VersionConflict: 409,
  TransitionNotAllowed: 409,
  Conflict: 409,
  UnknownProvision: 400,
  PackInvalid: 500,
  Forbidden: 403,
  Unauthenticated: 401,
  SelfApprovalRefused: 403,
  PayloadTooLarge: 413,
  IntegrityViolation: 409,
  RateLimited: 429,
  KeyUnavailable: 500,
} as const satisfies Record<ErrorCode, number>;

/** The body of every error response. */
export interface ErrorBody {
  error: string;
  message: string;
  issues: FieldIssue[];
  details?: Record<string, unknown>;
}

function pathOf(context: string | undefined, instancePath: string): string {
  const inner = instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
  const where = context === 'querystring' ? 'query' : (context ?? 'body');
  return inner === '' ? `(${where})` : where === 'body' ? inner : `${where}.${inner}`;
}

/**
 * Turns any error into a response: domain errors by their code, request validation into a
 * 400 listing every invalid field, Fastify's own client errors (bad JSON, body too large)
 * with their status, and anything else into a 500 that says nothing about the data.
 */
export function handleError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof DomainError) {
    if (error.code === 'IntegrityViolation' || statusOf[error.code] >= 500) {
      // Stored data failed a check, or the server cannot serve: the operator must know.
      // Codes and ids only: details never hold personal data, messages may quote records.
      request.log.error(
        { errorCode: error.code, details: error.details },
        'integrity or server failure',
      );
    }
    const body: ErrorBody = {
      error: error.code,
      message: error.message,
      issues: [...error.issues],
      details: { ...error.details },
    };
    return reply.status(statusOf[error.code]).send(body);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((item) => ({
      path: pathOf(error.validationContext, item.instancePath),
      message: item.message ?? 'is invalid',
    }));
    const body: ErrorBody = {
      error: 'ValidationFailed',
      message: `invalid request: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
      issues,
    };
    return reply.status(400).send(body);
  }
  const status =
    typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500
      ? error.statusCode
      : 500;
  if (status === 500) {
    // Only the error's class and code reach the log: messages may quote data.
    request.log.error(
      { errorName: error.name, errorCode: error.code, stack: error.stack },
      'unexpected error',
    );
    return reply.status(500).send({
      error: 'InternalError',
      message: 'an unexpected error occurred; it has been logged',
      issues: [],
    } satisfies ErrorBody);
  }
  const code =
    status === 413
      ? 'PayloadTooLarge'
      : status === 404
        ? 'NotFound'
        : status === 415
          ? 'UnsupportedMediaType'
          : 'BadRequest';
  return reply
    .status(status)
    .send({ error: code, message: error.message, issues: [] } satisfies ErrorBody);
}
