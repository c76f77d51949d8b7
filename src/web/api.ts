/** One invalid field as the server reports it in a 400 body. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** An error answer of the API: its stable code, message and, for 400, every invalid field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly FieldIssue[],
    /** Machine-readable extras of the answer (e.g. `passwordChangeRequired` on a 403). */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The server's message for one field (paths as the server writes them, e.g. `statute.article`). */
  issueAt(path: string): string | undefined {
    return this.issues.find((issue) => issue.path === path)?.message;
  }
}

const userKey = 'palermo.user';

/** The user the UI acts as (sent as `X-Palermo-User`); null means the server's development actor. */
export function actingUser(): string | null {
  return localStorage.getItem(userKey);
}

/** Changes the acting user; callers refetch everything afterwards. */
export function setActingUser(username: string | null): void {
  if (username === null || username === '') localStorage.removeItem(userKey);
  else localStorage.setItem(userKey, username);
}

type Query = Record<string, string | number | boolean | null | undefined>;

/** `path?query` with empty values left out. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** The CSRF token of the signed-in session (sent on writes; the session itself is a cookie). */
let csrfToken: string | null = null;

/** Remembers the session's CSRF token (from sign-in or /api/auth/me). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const unauthenticatedListeners = new Set<() => void>();
const passwordChangeListeners = new Set<() => void>();

/** Called whenever the server answers 401 (the session ended or never began). */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/** Called whenever the server answers 403 because the session's one-time password must be changed. */
export function onPasswordChangeRequired(listener: () => void): () => void {
  passwordChangeListeners.add(listener);
  return () => passwordChangeListeners.delete(listener);
}

/** Tells the listeners about a 401 (outside sign-in itself) or a 403 asking for a password change. */
function announce(path: string, error: ApiError): void {
  if (error.status === 401 && !path.startsWith('/api/auth/')) {
    for (const listener of unauthenticatedListeners) listener();
  }
  if (error.status === 403 && error.details['passwordChangeRequired'] === true) {
    for (const listener of passwordChangeListeners) listener();
  }
}

function headers(json: boolean, method = 'GET'): Record<string, string> {
  const result: Record<string, string> = { accept: 'application/json' };
  const user = actingUser();
  if (user !== null) result['x-palermo-user'] = user;
  if (json) result['content-type'] = 'application/json';
  if (csrfToken !== null && method !== 'GET') result['x-csrf-token'] = csrfToken;
  return result;
}

/** A JSON object (what an error answer's body and its details are). */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFieldIssue(issue: unknown): issue is FieldIssue {
  return (
    isRecord(issue) && typeof issue['path'] === 'string' && typeof issue['message'] === 'string'
  );
}

async function failure(response: Response): Promise<ApiError> {
  // An error answer without a JSON body (a proxy's page) still becomes an ApiError.
  const body: unknown = await response.json().catch(() => null);
  const record = isRecord(body) ? body : {};
  const { error, message, issues, details } = record;
  return new ApiError(
    response.status,
    typeof error === 'string' ? error : `HTTP ${response.status}`,
    typeof message === 'string' ? message : response.statusText,
    Array.isArray(issues) ? issues.filter(isFieldIssue) : [],
    isRecord(details) ? details : {},
  );
}

/** Calls the JSON API; throws ApiError on any non-2xx answer. */
export async function api<T>(
  path: string,
  options: {
    method?: string;
    body?: unknown;
    query?: Query;
    /** A file sent as the raw body, with its content type. */
    file?: { data: Blob; type: string };
  } = {},
): Promise<T> {
  const json = options.body !== undefined;
  const method = options.method ?? (json || options.file !== undefined ? 'POST' : 'GET');
  const response = await fetch(withQuery(path, options.query), {
    method,
    headers:
      options.file === undefined
        ? headers(json, method)
        : { ...headers(false, method), 'content-type': options.file.type },
    body: json ? JSON.stringify(options.body) : (options.file?.data ?? null),
  });
  if (!response.ok) {
    const error = await failure(response);
    announce(path, error);
    throw error;
  }
  // assertion: the caller names the answer's type from the route's response schema (src/app/schemas);
  // the browser trusts its own server's answer rather than parsing it again
  if (response.status === 204) return undefined as T;
  // assertion: as above
  return (await response.json()) as T;
}

/** Sends a file as the raw request body (an upload); throws ApiError on any non-2xx answer. */
export function sendFile<T>(path: string, query: Query, file: Blob, type: string): Promise<T> {
  return api<T>(path, { query, file: { data: file, type } });
}

/** The file name a response's Content-Disposition gives (its UTF-8 `filename*`), if any. */
function servedName(response: Response): string | null {
  const header = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded === undefined) return null;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}

/**
 * Fetches a file from the API (with the acting user) and hands it to the browser as a download,
 * under the name the server gives it (src/app/reports/download-names.ts), so the browser, the API and
 * the CLI name a file alike; `filename` only when the server names none.
 */
export async function download(path: string, query: Query, filename: string): Promise<void> {
  const response = await fetch(withQuery(path, query), { headers: headers(false) });
  if (!response.ok) {
    const error = await failure(response);
    announce(path, error);
    throw error;
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = servedName(response) ?? filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A page of a list as the API returns it. */
export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}
