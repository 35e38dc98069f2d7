import type { Pattern, Severity } from '../domain/finding';
import type { CaseRecord, CaseStatus } from '../cases/model';
import type { CaseStore } from '../ports/case-store';

/**
 * The review queue: the cases filtered, ordered (riskiest first by default) and paged.
 * A district holds hundreds of cases, so the store's full listing is filtered here; the
 * cursor names the last case of a page (its sort value and id), not an offset, so a case
 * decided meanwhile does not shift the next page by one.
 */
export const QUEUE_SORTS = ['risk', 'created', 'updated'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export interface QueueFilter {
  towns?: readonly string[];
  patterns?: readonly Pattern[];
  severities?: readonly Severity[];
  statuses?: readonly CaseStatus[];
  /** A unit id: the case's subject or one of its units. */
  units?: readonly string[];
}

export interface QueuePage {
  sort: QueueSort;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

export interface QueueResult {
  cases: CaseRecord[];
  /** Cases matching the filter, over all pages. */
  total: number;
  next_cursor: string | null;
  /** Counts per value over every case (unfiltered), for the filter menus. */
  facets: { town: Record<string, number>; pattern: Record<string, number>; severity: Record<string, number>; status: Record<string, number> };
}

/** A cursor that is not one of ours, or belongs to another ordering. */
export class QueueCursorError extends Error {}

interface CursorBody {
  s: QueueSort;
  o: 'asc' | 'desc';
  v: number | string;
  id: string;
}

const sortValue = (c: CaseRecord, sort: QueueSort): number | string => (sort === 'risk' ? c.risk : sort === 'created' ? c.created_at : c.updated_at);

function compare(a: number | string, b: number | string): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}

export function encodeCursor(c: CaseRecord, page: Pick<QueuePage, 'sort' | 'order'>): string {
  const body: CursorBody = { s: page.sort, o: page.order, v: sortValue(c, page.sort), id: c.case_id };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

function decodeCursor(cursor: string, page: Pick<QueuePage, 'sort' | 'order'>): CursorBody {
  let body: Partial<CursorBody>;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody>;
  } catch {
    throw new QueueCursorError('unreadable cursor');
  }
  if (typeof body !== 'object' || body === null || typeof body.id !== 'string' || (typeof body.v !== 'number' && typeof body.v !== 'string')) throw new QueueCursorError('unreadable cursor');
  if (body.s !== page.sort || body.o !== page.order) throw new QueueCursorError(`cursor belongs to sort=${String(body.s)}&order=${String(body.o)}`);
  return body as CursorBody;
}

export function matchesFilter(c: CaseRecord, f: QueueFilter): boolean {
  const any = <T>(wanted: readonly T[] | undefined, test: (v: T) => boolean) => !wanted?.length || wanted.some(test);
  return (
    any(f.towns, (t) => c.town_code === t) &&
    any(f.patterns, (p) => c.patterns.includes(p)) &&
    any(f.severities, (s) => c.severity === s) &&
    any(f.statuses, (s) => c.status === s) &&
    any(f.units, (u) => c.unit_ids.includes(u) || c.subject.id === u)
  );
}

function facetsOf(cases: readonly CaseRecord[]): QueueResult['facets'] {
  const facets: QueueResult['facets'] = { town: {}, pattern: {}, severity: {}, status: {} };
  const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
  for (const c of cases) {
    if (c.town_code) bump(facets.town, c.town_code);
    for (const p of c.patterns) bump(facets.pattern, p);
    bump(facets.severity, c.severity);
    bump(facets.status, c.status);
  }
  return facets;
}

export async function queryCaseQueue(deps: { cases: CaseStore }, filter: QueueFilter, page: QueuePage): Promise<QueueResult> {
  const all = await deps.cases.list();
  const dir = page.order === 'desc' ? -1 : 1;
  // Ties (equal risk) go by case id ascending in either order, so pages never overlap.
  const cmp = (a: { v: number | string; id: string }, b: { v: number | string; id: string }) => dir * compare(a.v, b.v) || a.id.localeCompare(b.id);
  const keyed = all
    .filter((c) => matchesFilter(c, filter))
    .map((c) => ({ c, v: sortValue(c, page.sort), id: c.case_id }))
    .sort(cmp);
  const after = page.cursor ? decodeCursor(page.cursor, page) : undefined;
  const start = after ? keyed.findIndex((k) => cmp(k, after) > 0) : 0;
  const rest = start < 0 ? [] : keyed.slice(start);
  const pageCases = rest.slice(0, page.limit).map((k) => k.c);
  const last = pageCases.at(-1);
  return {
    cases: pageCases,
    total: keyed.length,
    next_cursor: rest.length > page.limit && last ? encodeCursor(last, page) : null,
    facets: facetsOf(all),
  };
}
