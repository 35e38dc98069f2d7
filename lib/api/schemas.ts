import * as z from 'zod';
import { CASE_STATUSES } from '../cases/model';
import { PATTERNS } from '../domain/finding';
import { QUEUE_SORTS } from '../use-cases/case-queue';
import { READABLE_CASE_FILES } from '../use-cases/read-case-files';
import { ApiError, type ApiIssue } from './http';

/**
 * zod schemas of every part of a request the API reads: path parameters, query strings and
 * JSON bodies. Objects are strict, so a misspelt parameter (`towns=`) is refused rather
 * than silently ignored.
 */

/** `C-<12 hex>-<ordinal>` today (lib/cases/grouping.ts); only the safe alphabet is enforced. */
export const CaseIdSchema = z.string().regex(/^C-[A-Z0-9-]{1,60}$/, 'a case id looks like C-0123456789AB-01');
export const ItemIdSchema = z.string().regex(/^C-[A-Z0-9-]{1,60}-R\d{2,4}$/, 'an item id looks like C-0123456789AB-01-R01');
export const CaseFileNameSchema = z.enum(READABLE_CASE_FILES);

export const CaseIdPath = z.strictObject({ id: CaseIdSchema });
export const CaseFilePath = z.strictObject({ id: CaseIdSchema, name: CaseFileNameSchema });
export const CaseItemPath = z.strictObject({ id: CaseIdSchema, item: ItemIdSchema });

/** A comma-separated list (repeated parameters arrive comma-joined from API Gateway). */
const list = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(50));

export const CaseQueueQuerySchema = z.strictObject({
  town: list(z.string().regex(/^\d{12}$/, 'a town code has 12 digits')).optional(),
  pattern: list(z.enum(PATTERNS)).optional(),
  severity: list(z.enum(['high', 'medium', 'low'])).optional(),
  status: list(z.enum(CASE_STATUSES)).optional(),
  unit: list(z.string().regex(/^[0-9A-Za-z]{1,32}$/, 'a unit id is a credit code')).optional(),
  sort: z.enum(QUEUE_SORTS).default('risk'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(512).optional(),
});

/** Statuses a decision can move a case to (`new` is only ever the start). */
export const TARGET_STATUSES = CASE_STATUSES.filter((s) => s !== 'new') as ['reviewing', 'dismissed', 'filed', 'rectifying', 'closed'];

const expectedRev = z.number().int().min(0).optional();

export const TransitionBodySchema = z.strictObject({
  status: z.enum(TARGET_STATUSES),
  reason: z.string().max(2000).nullish(),
  evidence_checked: z.array(z.string().min(1).max(200)).max(50).optional(),
  /** The rev the decider saw; a case changed since then is answered 409. */
  expected_rev: expectedRev,
});

export const CloseItemBodySchema = z.strictObject({
  note: z.string().trim().min(1, 'a note is required').max(2000),
  expected_rev: expectedRev,
});

export const EmptyQuerySchema = z.strictObject({});

/** Fields that would name the actor: refused with their own message, the actor is the principal. */
const ACTOR_FIELDS = ['by', 'actor', 'user', 'closed_by'];

function issuesOf(error: z.ZodError, where: string): ApiIssue[] {
  return error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
}

/** Parses one part of a request or throws a 400 ApiError listing every problem. */
export function parsePart<S extends z.ZodType>(schema: S, value: unknown, where: 'path' | 'query' | 'body'): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ApiError(400, 'invalid_request', `请求${where === 'path' ? '路径' : where === 'query' ? '查询参数' : '正文'}无效`, `invalid request ${where}`, issuesOf(parsed.error, where));
}

/** The JSON body of a POST: present, JSON, an object, and naming no actor. */
export function parseJsonBody(contentType: string | undefined, body: string | undefined): unknown {
  // Requiring application/json also makes any cross-site POST a CORS preflight, which this API never answers.
  if (!contentType || !/^application\/json\b/i.test(contentType.trim())) {
    throw new ApiError(415, 'unsupported_media_type', '请求正文须为 JSON（Content-Type: application/json）', 'the body must be JSON (Content-Type: application/json)');
  }
  let value: unknown;
  try {
    value = JSON.parse(body ?? '');
  } catch {
    throw new ApiError(400, 'invalid_json', '请求正文不是有效的 JSON', 'the body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ApiError(400, 'invalid_request', '请求正文须为 JSON 对象', 'the body must be a JSON object');
  const named = ACTOR_FIELDS.filter((f) => f in value);
  if (named.length) {
    throw new ApiError(
      400,
      'actor_not_allowed',
      `操作人取自登录身份，不能在请求中指定（${named.join('、')}）`,
      `the actor is the signed-in principal and cannot be given in the body (${named.join(', ')})`,
      named.map((f) => ({ path: `body.${f}`, message: 'not allowed' })),
    );
  }
  return value;
}
