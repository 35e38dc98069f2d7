import { ALLOWED_TRANSITIONS } from '../cases/lifecycle';
import { CaseError } from '../cases/model';
import type { Finding } from '../domain/finding';
import type { BlobStore } from '../ports/blob-store';
import type { CaseStore } from '../ports/case-store';
import type { Clock } from '../ports/clock';
import { queryCaseQueue } from '../use-cases/case-queue';
import { closeItem, decide } from '../use-cases/decide-case';
import { READABLE_CASE_FILES, readLatestCaseFiles, type ReadableCaseFile } from '../use-cases/read-case-files';
import { ApiError, bytesResponse, json, type ApiRequest, type ApiResponse, type Principal } from './http';
import { CaseFilePath, CaseIdPath, CaseItemPath, CaseQueueQuerySchema, CloseItemBodySchema, EmptyQuerySchema, parseJsonBody, parsePart, TransitionBodySchema } from './schemas';
import { caseSummaryView, type CaseDetailView, type CaseListView } from './views';

export interface CaseRouteDeps {
  cases: CaseStore;
  /** The bucket of case files. */
  caseBlobs: BlobStore;
  clock: Clock;
}

/** An authenticated request with its path parameters (still unvalidated strings). */
export interface RouteCall {
  req: ApiRequest;
  params: Readonly<Record<string, string>>;
  principal: Principal;
}

const fileHref = (caseId: string, name: string) => `/api/cases/${encodeURIComponent(caseId)}/files/${name}`;

export async function listCases(deps: CaseRouteDeps, { req }: RouteCall): Promise<ApiResponse> {
  const q = parsePart(CaseQueueQuerySchema, req.query, 'query');
  const result = await queryCaseQueue(
    deps,
    { towns: q.town, patterns: q.pattern, severities: q.severity, statuses: q.status, units: q.unit },
    { sort: q.sort, order: q.order, limit: q.limit, cursor: q.cursor },
  );
  const view: CaseListView = { cases: result.cases.map(caseSummaryView), total: result.total, next_cursor: result.next_cursor, facets: result.facets };
  return json(200, view);
}

export async function getCase(deps: CaseRouteDeps, { req, params }: RouteCall): Promise<ApiResponse> {
  const { id } = parsePart(CaseIdPath, params, 'path');
  parsePart(EmptyQuerySchema, req.query, 'query');
  const c = await deps.cases.get(id);
  if (!c) throw new CaseError('not_found', `没有案件 ${id}`, `no case ${id}`);
  const audit = await deps.cases.audit(id);
  let findings: CaseDetailView['findings'] = c.findings;
  let evidence: CaseDetailView['evidence'] = { source: 'case-record', verified: false };
  let shas: Record<string, string> = {};
  try {
    // The evidence shown to a reviewer is the one the manifest vouches for, or none.
    const latest = await readLatestCaseFiles({ cases: deps.cases, blobs: deps.caseBlobs }, id, ['case.json']);
    const parsed = JSON.parse(new TextDecoder().decode(latest.files[0]!.body)) as { findings?: Finding[] };
    if (Array.isArray(parsed.findings)) {
      findings = parsed.findings;
      evidence = { source: 'case.json', verified: true };
    }
    shas = Object.fromEntries(Object.entries(latest.manifest.files ?? {}).map(([name, f]) => [name, f.sha256]));
  } catch (err) {
    if (!(err instanceof CaseError)) throw err;
    evidence = { source: 'case-record', verified: false, message_zh: err.zh, message_en: err.en };
  }
  const view: CaseDetailView = {
    case: c,
    audit,
    findings,
    evidence,
    allowed_transitions: ALLOWED_TRANSITIONS[c.status],
    files: c.files.length ? READABLE_CASE_FILES.map((name) => ({ name, href: fileHref(id, name), sha256: shas[name] ?? null })) : [],
  };
  return json(200, view);
}

/** How each case file is delivered: the page is sandboxed even when opened on its own. */
const FILE_HEADERS: Record<ReadableCaseFile, (download: string) => Record<string, string>> = {
  'case.html': () => ({ 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'self'" }),
  'case.json': (download) => ({ 'content-disposition': `inline; filename="${download}"` }),
  'evidence.csv': (download) => ({ 'content-disposition': `attachment; filename="${download}"` }),
  'manifest.json': (download) => ({ 'content-disposition': `inline; filename="${download}"` }),
};

export async function getCaseFile(deps: CaseRouteDeps, { req, params }: RouteCall): Promise<ApiResponse> {
  const { id, name } = parsePart(CaseFilePath, params, 'path');
  parsePart(EmptyQuerySchema, req.query, 'query');
  const latest = await readLatestCaseFiles({ cases: deps.cases, blobs: deps.caseBlobs }, id, [name]);
  const file = latest.files[0]!;
  return bytesResponse(200, file.body, file.contentType, {
    etag: `"${file.sha256}"`,
    'x-case-version': String(latest.version),
    'x-content-sha256': file.sha256,
    ...FILE_HEADERS[name](`${id}-v${latest.version}-${name}`),
  });
}

export async function transitionCase(deps: CaseRouteDeps, { req, params, principal }: RouteCall): Promise<ApiResponse> {
  const { id } = parsePart(CaseIdPath, params, 'path');
  parsePart(EmptyQuerySchema, req.query, 'query');
  const body = parsePart(TransitionBodySchema, parseJsonBody(req.headers['content-type'], req.body), 'body');
  const next = await decide(deps, { caseId: id, status: body.status, by: principal.id, reason: body.reason, evidenceChecked: body.evidence_checked, expectedRev: body.expected_rev });
  // Filing creates the rectification items, stamped with the decision's time.
  const created = next.status === 'filed' ? next.items.filter((i) => i.created_at === next.updated_at) : [];
  return json(200, { case: caseSummaryView(next), created_items: created });
}

export async function closeCaseItem(deps: CaseRouteDeps, { req, params, principal }: RouteCall): Promise<ApiResponse> {
  const { id, item } = parsePart(CaseItemPath, params, 'path');
  parsePart(EmptyQuerySchema, req.query, 'query');
  const body = parsePart(CloseItemBodySchema, parseJsonBody(req.headers['content-type'], req.body), 'body');
  if (!item.startsWith(`${id}-`)) throw new ApiError(404, 'unknown_item', `案件 ${id} 没有整改项 ${item}`, `case ${id} has no rectification item ${item}`);
  const next = await closeItem(deps, { caseId: id, itemId: item, by: principal.id, note: body.note, expectedRev: body.expected_rev });
  return json(200, { case: caseSummaryView(next), item: next.items.find((i) => i.item_id === item), open_items: next.items.filter((i) => i.status === 'open').length });
}
