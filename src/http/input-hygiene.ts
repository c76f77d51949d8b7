import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../core/errors.ts';
import type { FieldIssue } from '../core/errors.ts';

/**
 * Text that cannot be stored as it was sent is refused before any route sees it: a JSON body
 * that is not valid UTF-8, a string holding a lone UTF-16 surrogate (`"\ud800"`), and a query
 * parameter whose percent-encoding is not valid UTF-8. Silently replacing them with U+FFFD
 * would store something other than what was typed, and then look like tampering to `verify`.
 */
export function installInputHygiene(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    (
      _request: FastifyRequest,
      body: Buffer,
      done: (error: Error | null, value?: unknown) => void,
    ) => {
      try {
        done(null, parseJsonBody(body));
      } catch (error) {
        done(error instanceof Error ? error : new Error(String(error)));
      }
    },
  );
  app.addHook('onRequest', (request: FastifyRequest, _reply, next) => {
    const query = request.url.indexOf('?');
    // Only a percent-escape can fail to decode: a query without one is plain text.
    if (query < 0 || !request.url.includes('%', query)) {
      next();
      return;
    }
    const issues: FieldIssue[] = [];
    for (const pair of request.url.slice(query + 1).split('&')) {
      const [key = '', value = ''] = pair.split('=', 2);
      const name = decodes(key);
      if (name === null || decodes(value) === null)
        issues.push({
          path: `query.${name ?? '(a parameter name)'}`,
          message: 'is not valid UTF-8',
        });
    }
    next(issues.length > 0 ? refusal(issues) : undefined);
  });
}

function decodes(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

function refusal(issues: FieldIssue[]): DomainError {
  return new DomainError(
    'ValidationFailed',
    `invalid input: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    { issues },
  );
}

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/** Parses a JSON body, refusing invalid UTF-8, lone surrogates and prototype keys by field. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) throw refusal([{ path: '(body)', message: 'is empty' }]);
  let text: string;
  let validUtf8 = true;
  try {
    text = strict.decode(body);
  } catch {
    validUtf8 = false;
    text = lenient.decode(body);
  }
  let value: unknown;
  try {
    value = JSON.parse(text, (key, item: unknown) => {
      if (key === '__proto__') throw refusal([{ path: '__proto__', message: 'is not allowed' }]);
      return item;
    });
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw refusal([{ path: '(body)', message: 'is not valid JSON' }]);
  }
  const issues: FieldIssue[] = [];
  walkStrings(value, [], (path, text) => {
    // U+FFFD where the bytes were not UTF-8: the decoder's replacement marks the field.
    if (!validUtf8 && text.includes('\uFFFD')) issues.push({ path, message: 'is not valid UTF-8' });
    else if (hasLoneSurrogate(text))
      issues.push({ path, message: 'holds a lone UTF-16 surrogate (not a character)' });
  });
  if (!validUtf8 && issues.length === 0)
    issues.push({ path: '(body)', message: 'is not valid UTF-8' });
  if (issues.length > 0) throw refusal(issues);
  return value;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function hasLoneSurrogate(text: string): boolean {
  return loneSurrogate.test(text);
}

function walkStrings(
  value: unknown,
  path: readonly (string | number)[],
  visit: (path: string, text: string) => void,
): void {
  const here = path.length > 0 ? path.join('.') : '(body)';
  if (typeof value === 'string') {
    visit(here, value);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => walkStrings(item, [...path, index], visit));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      // A key can be ill-formed too: it is named by the object that holds it.
      visit(here, key);
      walkStrings(item, [...path, key], visit);
    }
  }
}
