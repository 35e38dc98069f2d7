/**
 * The review API's own request and response shapes: plain data, so that the same handler
 * serves API Gateway (functions/review-api), the local node:http server and unit tests.
 */

/** Who is calling: the IAM principal on AWS, `--user` locally. Decisions are recorded under `id`. */
export interface Principal {
  id: string;
}

export interface ApiRequest {
  method: string;
  /** Path without query string, e.g. `/api/cases/C-1/transitions`. */
  path: string;
  /** Query parameters; a repeated parameter arrives comma-joined, as API Gateway (payload v2) delivers it. */
  query: Readonly<Record<string, string | undefined>>;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The raw body as text, if any. */
  body?: string;
  /** Absent when the caller is not authenticated. */
  principal?: Principal;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  /** Text, or bytes for case files (served exactly as stored, so their SHA-256 holds). */
  body: string | Uint8Array;
}

/** Largest request body accepted; decisions and notes are a few hundred bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface ApiIssue {
  path: string;
  message: string;
}

/** The body of every 4xx/5xx answer. */
export interface ApiErrorBody {
  error: { code: string; message_zh: string; message_en: string; issues?: ApiIssue[] };
}

/** A refused request: status, a stable code, and the reason in Chinese and English. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly zh: string,
    readonly en: string,
    readonly issues?: ApiIssue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(`${zh} / ${en}`);
    this.name = 'ApiError';
  }
}

/** Every API answer is private, per-user data: never cached, never sniffed into another type. */
const BASE_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { ...BASE_HEADERS, 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

export function errorResponse(err: ApiError): ApiResponse {
  const body: ApiErrorBody = { error: { code: err.code, message_zh: err.zh, message_en: err.en, ...(err.issues?.length ? { issues: err.issues } : {}) } };
  return json(err.status, body, err.headers);
}

export function bytesResponse(status: number, body: Uint8Array, contentType: string, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { ...BASE_HEADERS, 'content-type': contentType, ...headers }, body };
}

export function byteLength(body: string | Uint8Array | undefined): number {
  if (body === undefined) return 0;
  return typeof body === 'string' ? new TextEncoder().encode(body).byteLength : body.byteLength;
}
