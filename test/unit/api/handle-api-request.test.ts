import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { handleApiRequest, type ApiDeps } from '../../../lib/api/handle-api-request';
import { MAX_BODY_BYTES, type ApiRequest, type ApiResponse, type Principal } from '../../../lib/api/http';
import type { CaseDetailView, CaseListView, CaseSummaryView, MetaView } from '../../../lib/api/views';
import type { CaseRecord } from '../../../lib/cases/model';
import { MemoryInspectionDrawStore } from '../../../lib/adapters/memory/memory-inspection-draw-store';
import { ingestFile } from '../../../lib/use-cases/ingest';
import { sampleInspectors, sampleUnits } from '../../helpers/draw-fixtures';
import { enc, memoryDeps } from '../../helpers/memory-deps';
import { memoryReviewDeps } from '../../helpers/review-fixtures';

const ALICE: Principal = { id: 'arn:aws:sts::123456789012:assumed-role/statsentry-dev-enforcement/alice' };
const BOB: Principal = { id: 'local:bob' };

type Deps = Awaited<ReturnType<typeof memoryReviewDeps>>;
let deps: Deps;
let api: ApiDeps;

beforeEach(async () => {
  deps = await memoryReviewDeps();
  api = { cases: deps.cases, caseBlobs: deps.caseBlobs, clock: deps.clock };
});

interface CallOptions {
  query?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  principal?: Principal | null;
  contentType?: string | null;
}

function call(method: string, path: string, o: CallOptions = {}, d: ApiDeps = api): Promise<ApiResponse> {
  const body = o.rawBody ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
  const contentType = o.contentType === undefined ? (body === undefined ? undefined : 'application/json') : (o.contentType ?? undefined);
  const req: ApiRequest = {
    method,
    path,
    query: o.query ?? {},
    headers: contentType ? { 'content-type': contentType } : {},
    body,
    principal: o.principal === null ? undefined : (o.principal ?? ALICE),
  };
  return handleApiRequest(d, req);
}

const parse = <T>(r: ApiResponse): T => JSON.parse(typeof r.body === 'string' ? r.body : new TextDecoder().decode(r.body)) as T;
const errorOf = (r: ApiResponse) => parse<{ error: { code: string; message_zh: string; message_en: string; issues?: { path: string; message: string }[] } }>(r).error;

async function aCase(pred: (c: CaseRecord) => boolean = () => true): Promise<CaseRecord> {
  const c = (await deps.cases.list()).find(pred);
  if (!c) throw new Error('no such case in the sample district');
  return c;
}

const decideBody = (status: string, extra: Record<string, unknown> = {}) => ({ status, ...extra });

describe('GET /api/meta', () => {
  it('names the principal and gives the labels and allowed transitions the page uses', async () => {
    const r = await call('GET', '/api/meta');
    expect(r.status).toBe(200);
    const meta = parse<MetaView>(r);
    expect(meta.principal).toEqual(ALICE);
    expect(meta.statuses.find((s) => s.code === 'new')).toEqual({ code: 'new', zh: '新建', en: 'new', next: ['reviewing'] });
    expect(meta.patterns.find((p) => p.code === 'FALSIFY.INFLATE')?.zh).toBe('虚报');
    expect(meta.draws_available).toBe(false);
  });
});

describe('GET /api/cases', () => {
  it('lists every case of the sample district, riskiest first, with facets for the filters', async () => {
    const r = await call('GET', '/api/cases', { query: { limit: '200' } });
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    const page = parse<CaseListView>(r);
    const all = await deps.cases.list();
    expect(all.length).toBeGreaterThan(20);
    expect(page.total).toBe(all.length);
    expect(page.cases).toHaveLength(all.length);
    expect(page.next_cursor).toBeNull();
    const risks = page.cases.map((c) => c.risk);
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
    expect(Object.values(page.facets.status).reduce((a, b) => a + b, 0)).toBe(all.length);
    expect(page.cases[0]).toMatchObject({ case_id: expect.stringMatching(/^C-/), status: 'new', rev: 1, open_items: 0 });
  });

  it('filters by town, pattern, severity, status and unit (comma lists allowed)', async () => {
    const all = parse<CaseListView>(await call('GET', '/api/cases', { query: { limit: '200' } })).cases;
    const town = all[0]!.town_code;
    const byTown = parse<CaseListView>(await call('GET', '/api/cases', { query: { town, limit: '200' } }));
    expect(byTown.total).toBe(all.filter((c) => c.town_code === town).length);
    expect(byTown.cases.every((c) => c.town_code === town)).toBe(true);

    const pattern = 'FALSIFY.INFLATE';
    const byPattern = parse<CaseListView>(await call('GET', '/api/cases', { query: { pattern, limit: '200' } })).cases;
    expect(byPattern.length).toBeGreaterThan(0);
    expect(byPattern.every((c) => c.patterns.includes(pattern))).toBe(true);

    const twoPatterns = parse<CaseListView>(await call('GET', '/api/cases', { query: { pattern: 'FALSIFY.INFLATE,FALSIFY.CONCEAL', limit: '200' } }));
    expect(twoPatterns.total).toBe(all.filter((c) => c.patterns.some((p) => p === 'FALSIFY.INFLATE' || p === 'FALSIFY.CONCEAL')).length);

    const medium = parse<CaseListView>(await call('GET', '/api/cases', { query: { severity: 'medium', limit: '200' } }));
    expect(medium.cases.every((c) => c.severity === 'medium')).toBe(true);
    expect(medium.total).toBe(all.filter((c) => c.severity === 'medium').length);

    const unit = all.find((c) => c.subject.kind === 'unit')!.subject.id;
    const byUnit = parse<CaseListView>(await call('GET', '/api/cases', { query: { unit } })).cases;
    expect(byUnit.map((c) => c.subject.id)).toContain(unit);

    await call('POST', `/api/cases/${all[0]!.case_id}/transitions`, { body: decideBody('reviewing') });
    const reviewing = parse<CaseListView>(await call('GET', '/api/cases', { query: { status: 'reviewing' } }));
    expect(reviewing.cases.map((c) => c.case_id)).toEqual([all[0]!.case_id]);
    expect(reviewing.facets.status).toMatchObject({ reviewing: 1, new: all.length - 1 });
  });

  it('pages with limit and cursor: every case once, in the same order as one big page', async () => {
    const whole = parse<CaseListView>(await call('GET', '/api/cases', { query: { limit: '200' } })).cases.map((c) => c.case_id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: CaseListView = parse<CaseListView>(await call('GET', '/api/cases', { query: { limit: '7', ...(cursor ? { cursor } : {}) } }));
      expect(page.cases.length).toBeLessThanOrEqual(7);
      expect(page.total).toBe(whole.length);
      seen.push(...page.cases.map((c: CaseSummaryView) => c.case_id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 100);
    expect(seen).toEqual(whole);
    expect(pages).toBe(Math.ceil(whole.length / 7));
  });

  it('sorts by created or updated time, ascending or descending', async () => {
    const asc = parse<CaseListView>(await call('GET', '/api/cases', { query: { sort: 'created', order: 'asc', limit: '200' } })).cases;
    const created = asc.map((c) => c.created_at);
    expect(created).toEqual([...created].sort());
  });

  it('answers 400 with the offending parameter for a bad query', async () => {
    for (const [query, path] of [
      [{ limit: '0' }, 'query.limit'],
      [{ limit: 'many' }, 'query.limit'],
      [{ status: 'open' }, 'query.status.0'],
      [{ severity: 'high,extreme' }, 'query.severity.1'],
      [{ pattern: 'FALSIFY.NOPE' }, 'query.pattern.0'],
      [{ town: '3713' }, 'query.town.0'],
      [{ sort: 'name' }, 'query.sort'],
    ] as const) {
      const r = await call('GET', '/api/cases', { query });
      expect(r.status, JSON.stringify(query)).toBe(400);
      const e = errorOf(r);
      expect(e.code).toBe('invalid_request');
      expect(e.message_zh).toMatch(/查询参数无效/);
      expect(e.message_en).toBe('invalid request query');
      expect(e.issues?.map((i) => i.path)).toContain(path);
    }
    const typo = errorOf(await call('GET', '/api/cases', { query: { towns: '371302001000' } }));
    expect(typo.code).toBe('invalid_request');
    expect(typo.issues?.[0]?.message).toMatch(/towns/);
  });

  it('refuses a cursor it did not issue, or one from another ordering', async () => {
    expect(errorOf(await call('GET', '/api/cases', { query: { cursor: 'bm9wZQ' } })).code).toBe('invalid_cursor');
    const { next_cursor } = parse<CaseListView>(await call('GET', '/api/cases', { query: { limit: '2' } }));
    const r = await call('GET', '/api/cases', { query: { limit: '2', sort: 'created', cursor: next_cursor! } });
    expect(r.status).toBe(400);
    expect(errorOf(r).message_en).toMatch(/sort=risk/);
  });
});

describe('GET /api/cases/{id}', () => {
  it('returns the case with its audit trail, the verified findings with evidence, the next statuses and file links', async () => {
    const c = await aCase();
    const r = await call('GET', `/api/cases/${c.case_id}`);
    expect(r.status).toBe(200);
    const view = parse<CaseDetailView>(r);
    expect(view.case).toMatchObject({ case_id: c.case_id, status: 'new', rev: 1 });
    expect(view.audit).toEqual([expect.objectContaining({ seq: 1, action: 'create', to: 'new', by: 'system' })]);
    expect(view.evidence).toEqual({ source: 'case.json', verified: true });
    expect(view.findings.map((f) => f.finding_id).sort()).toEqual([...c.finding_ids].sort());
    expect(view.findings.every((f) => 'evidence' in f && typeof f.evidence === 'object')).toBe(true);
    expect(view.allowed_transitions).toEqual(['reviewing']);
    expect(view.files.map((f) => f.name)).toEqual(['case.json', 'case.html', 'evidence.csv', 'manifest.json']);
    expect(view.files[1]).toEqual({ name: 'case.html', href: `/api/cases/${c.case_id}/files/case.html`, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('falls back to the case summaries, flagged unverified, when case.json fails its manifest', async () => {
    const c = await aCase();
    await deps.caseBlobs.put(`${c.files.at(-1)!.prefix}case.json`, '{"findings":[]}', 'application/json');
    const view = parse<CaseDetailView>(await call('GET', `/api/cases/${c.case_id}`));
    expect(view.evidence).toMatchObject({ source: 'case-record', verified: false, message_en: expect.stringMatching(/SHA-256/) });
    expect(view.findings).toEqual(c.findings);
  });

  it('answers 404 for an unknown case and 400 for a malformed id', async () => {
    const missing = await call('GET', '/api/cases/C-000000000000-01');
    expect(missing.status).toBe(404);
    expect(errorOf(missing)).toMatchObject({ code: 'not_found', message_zh: '没有案件 C-000000000000-01', message_en: 'no case C-000000000000-01' });
    const malformed = await call('GET', `/api/cases/${encodeURIComponent('../etc')}`);
    expect(malformed.status).toBe(400);
    expect(errorOf(malformed).issues?.[0]?.path).toBe('path.id');
    expect((await call('GET', '/api/cases/C-%E0%A4%A')).status).toBe(400);
  });
});

describe('GET /api/cases/{id}/files/{name}', () => {
  it('serves each file of the latest version byte for byte, matching the manifest', async () => {
    const c = await aCase();
    const manifest = parse<{ files: Record<string, { sha256: string }> }>(await call('GET', `/api/cases/${c.case_id}/files/manifest.json`));
    for (const name of ['case.html', 'case.json', 'evidence.csv'] as const) {
      const r = await call('GET', `/api/cases/${c.case_id}/files/${name}`);
      expect(r.status, name).toBe(200);
      const body = r.body as Uint8Array;
      const sha = createHash('sha256').update(body).digest('hex');
      expect(sha).toBe(manifest.files[name]!.sha256);
      expect(r.headers['x-content-sha256']).toBe(sha);
      expect(r.headers.etag).toBe(`"${sha}"`);
    }
    const page = await call('GET', `/api/cases/${c.case_id}/files/case.html`);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toMatch(/sandbox/);
    expect(new TextDecoder().decode(page.body as Uint8Array)).toContain('<svg');
    const csv = await call('GET', `/api/cases/${c.case_id}/files/evidence.csv`);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="${c.case_id}-v1-evidence.csv"`);
  });

  it('refuses a tampered file with 500 integrity_failed and reports it as a server fault', async () => {
    const c = await aCase();
    await deps.caseBlobs.put(`${c.files.at(-1)!.prefix}case.html`, '<p>changed</p>', 'text/html');
    const onServerError = vi.fn();
    const r = await call('GET', `/api/cases/${c.case_id}/files/case.html`, {}, { ...api, onServerError });
    expect(r.status).toBe(500);
    expect(errorOf(r)).toMatchObject({ code: 'integrity_failed', message_en: 'case file case.html does not match its manifest SHA-256' });
    expect(onServerError).toHaveBeenCalledOnce();
  });

  it('answers 400 for a file name that is not a case file and 404 for an unknown case', async () => {
    const c = await aCase();
    const bad = await call('GET', `/api/cases/${c.case_id}/files/secret.txt`);
    expect(bad.status).toBe(400);
    expect(errorOf(bad).issues?.[0]?.path).toBe('path.name');
    expect((await call('GET', '/api/cases/C-000000000000-01/files/case.html')).status).toBe(404);
  });
});

describe('POST /api/cases/{id}/transitions', () => {
  it('moves new → reviewing and records the principal as the actor', async () => {
    const c = await aCase();
    const r = await call('POST', `/api/cases/${c.case_id}/transitions`, { body: decideBody('reviewing', { expected_rev: 1 }) });
    expect(r.status).toBe(200);
    expect(parse<{ case: CaseSummaryView }>(r).case).toMatchObject({ case_id: c.case_id, status: 'reviewing', rev: 2 });
    const audit = await deps.cases.audit(c.case_id);
    expect(audit.at(-1)).toMatchObject({ seq: 2, action: 'transition', from: 'new', to: 'reviewing', by: ALICE.id });
  });

  it('never takes the actor from the body', async () => {
    const c = await aCase();
    for (const field of ['by', 'actor']) {
      const r = await call('POST', `/api/cases/${c.case_id}/transitions`, { body: decideBody('reviewing', { [field]: 'someone-else' }) });
      expect(r.status).toBe(400);
      expect(errorOf(r)).toMatchObject({ code: 'actor_not_allowed', issues: [{ path: `body.${field}`, message: 'not allowed' }] });
    }
    expect((await deps.cases.get(c.case_id))!.status).toBe('new');
    await call('POST', `/api/cases/${c.case_id}/transitions`, { body: decideBody('reviewing'), principal: BOB });
    expect((await deps.cases.audit(c.case_id)).at(-1)!.by).toBe('local:bob');
  });

  it('dismisses with a reason and the evidence checked, and refuses a dismissal without them (400)', async () => {
    const c = await aCase();
    await call('POST', `/api/cases/${c.case_id}/transitions`, { body: decideBody('reviewing') });
    const noReason = await call('POST', `/api/cases/${c.case_id}/transitions`, { body: decideBody('dismissed') });
    expect(noReason.status).toBe(400);
    expect(errorOf(noReason)).toMatchObject({ code: 'reason_required', message_zh: expect.stringContaining('理由'), message_en: expect.stringContaining('reason is required') });
    const noEvidence = await call('POST', `/api/cases/${c.case_id}/transitions`, { body: decideBody('dismissed', { reason: '季节性波动' }) });
    expect(errorOf(noEvidence).code).toBe('evidence_required');
    const ok = await call('POST', `/api/cases/${c.case_id}/transitions`, { body: decideBody('dismissed', { reason: '季节性波动 seasonal', evidence_checked: ['增值税申报表', '电费单'] }) });
    expect(ok.status).toBe(200);
    expect((await deps.cases.audit(c.case_id)).at(-1)).toMatchObject({ to: 'dismissed', reason: '季节性波动 seasonal', evidence_checked: ['增值税申报表', '电费单'], by: ALICE.id });
  });

  it('answers 409 for an illegal transition, with the allowed ones named', async () => {
    const c = await aCase();
    const r = await call('POST', `/api/cases/${c.case_id}/transitions`, { body: decideBody('closed') });
    expect(r.status).toBe(409);
    expect(errorOf(r)).toMatchObject({ code: 'illegal_transition', message_en: `case ${c.case_id} cannot go from new to closed; allowed: reviewing` });
  });

  it('answers 409 when the case changed since the decider read it (expected_rev) and lets one of two concurrent decisions win', async () => {
    const c = await aCase();
    await call('POST', `/api/cases/${c.case_id}/transitions`, { body: decideBody('reviewing') });
    const stale = await call('POST', `/api/cases/${c.case_id}/transitions`, { body: decideBody('filed', { expected_rev: 1 }) });
    expect(stale.status).toBe(409);
    expect(errorOf(stale).code).toBe('conflict');

    const other = await aCase((x) => x.case_id !== c.case_id);
    const both = await Promise.all([ALICE, BOB].map((principal) => call('POST', `/api/cases/${other.case_id}/transitions`, { body: decideBody('reviewing'), principal })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const trail = await deps.cases.audit(other.case_id);
    expect(trail.filter((a) => a.action === 'transition')).toHaveLength(1);
  });

  it('validates the body: JSON content type (415), JSON syntax, known status, no unknown fields', async () => {
    const c = await aCase();
    const path = `/api/cases/${c.case_id}/transitions`;
    expect((await call('POST', path, { rawBody: 'status=reviewing', contentType: 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await call('POST', path, { rawBody: '{"status":"reviewing"}', contentType: null })).status).toBe(415);
    expect(errorOf(await call('POST', path, { rawBody: '{"status":' })).code).toBe('invalid_json');
    expect(errorOf(await call('POST', path, { rawBody: '[1]' })).code).toBe('invalid_request');
    const badStatus = await call('POST', path, { body: decideBody('new') });
    expect(badStatus.status).toBe(400);
    expect(errorOf(badStatus).issues?.[0]?.path).toBe('body.status');
    expect(errorOf(await call('POST', path, { body: { status: 'reviewing', evidence: ['x'] } })).issues?.[0]?.message).toMatch(/evidence/);
    expect(errorOf(await call('POST', path, { body: { status: 'reviewing', expected_rev: 'one' } })).issues?.[0]?.path).toBe('body.expected_rev');
    expect((await deps.cases.get(c.case_id))!.rev).toBe(1);
  });

  it('answers 404 for an unknown case', async () => {
    expect((await call('POST', '/api/cases/C-000000000000-01/transitions', { body: decideBody('reviewing') })).status).toBe(404);
  });
});

describe('POST /api/cases/{id}/items/{item}/close', () => {
  async function rectifying(): Promise<CaseRecord> {
    const c = await aCase();
    for (const status of ['reviewing', 'filed']) expect((await call('POST', `/api/cases/${c.case_id}/transitions`, { body: decideBody(status) })).status).toBe(200);
    return (await deps.cases.get(c.case_id))!;
  }

  it('files (creating items), then closes each item under the principal, then closes the case', async () => {
    const c = await aCase();
    await call('POST', `/api/cases/${c.case_id}/transitions`, { body: decideBody('reviewing') });
    const filed = parse<{ created_items: { item_id: string }[] }>(await call('POST', `/api/cases/${c.case_id}/transitions`, { body: decideBody('filed') }));
    expect(filed.created_items.length).toBeGreaterThan(0);
    const itemId = filed.created_items[0]!.item_id;
    const early = await call('POST', `/api/cases/${c.case_id}/items/${itemId}/close`, { body: { note: '已整改' } });
    expect(early.status).toBe(409);
    expect(errorOf(early).code).toBe('illegal_transition');
    await call('POST', `/api/cases/${c.case_id}/transitions`, { body: decideBody('rectifying') });
    const tooSoon = await call('POST', `/api/cases/${c.case_id}/transitions`, { body: decideBody('closed') });
    expect(errorOf(tooSoon).code).toBe('items_open');
    for (const item of filed.created_items) {
      const r = await call('POST', `/api/cases/${c.case_id}/items/${item.item_id}/close`, { body: { note: '已更正报表 corrected' }, principal: BOB });
      expect(r.status).toBe(200);
      expect(parse<{ item: { status: string; closed_by: string } }>(r).item).toMatchObject({ status: 'closed', closed_by: 'local:bob' });
    }
    expect((await deps.cases.audit(c.case_id)).at(-1)).toMatchObject({ action: 'close_item', by: 'local:bob', reason: '已更正报表 corrected' });
    const again = await call('POST', `/api/cases/${c.case_id}/items/${itemId}/close`, { body: { note: 'again' } });
    expect(again.status).toBe(409);
    expect(errorOf(again).code).toBe('item_closed');
    expect((await call('POST', `/api/cases/${c.case_id}/transitions`, { body: decideBody('closed') })).status).toBe(200);
  });

  it('answers 404 for an unknown item or one of another case, 400 for a missing note or a note with an actor', async () => {
    const c = await rectifying();
    await call('POST', `/api/cases/${c.case_id}/transitions`, { body: decideBody('rectifying') });
    const item = c.items[0]!.item_id;
    const unknown = await call('POST', `/api/cases/${c.case_id}/items/${c.case_id}-R99/close`, { body: { note: 'x' } });
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe('unknown_item');
    expect((await call('POST', `/api/cases/${c.case_id}/items/C-000000000000-01-R01/close`, { body: { note: 'x' } })).status).toBe(404);
    const empty = await call('POST', `/api/cases/${c.case_id}/items/${item}/close`, { body: { note: '   ' } });
    expect(empty.status).toBe(400);
    expect(errorOf(empty).issues?.[0]?.path).toBe('body.note');
    expect(errorOf(await call('POST', `/api/cases/${c.case_id}/items/${item}/close`, { body: { note: 'x', closed_by: 'mallory' } })).code).toBe('actor_not_allowed');
    expect((await call('POST', `/api/cases/${c.case_id}/items/bogus/close`, { body: { note: 'x' } })).status).toBe(400);
  });
});

describe('POST /api/inspections/draws', () => {
  /** The sample district's units in a record store, the check's findings for the risk weights. */
  async function withDraws(): Promise<ApiDeps & { draw: NonNullable<ApiDeps['draw']> }> {
    const base = memoryDeps();
    const ingested = await ingestFile(base, { name: 'units.csv', body: enc(sampleUnits().csv) });
    expect(ingested.rejected).toBe(0);
    return { ...api, draw: { records: base.records, findings: deps.findings, draws: new MemoryInspectionDrawStore(), blobs: base.blobs, clock: deps.clock } };
  }
  const drawBody = (extra: Record<string, unknown> = {}) => ({ count: 10, seed: 'API-2025-04', risk_share: 0.5, inspectors: sampleInspectors(), ...extra });

  it('draws, stores and publishes under the principal (201), and returns the same draw for the same request (200)', async () => {
    const d = await withDraws();
    expect(parse<MetaView>(await call('GET', '/api/meta', {}, d)).draws_available).toBe(true);
    const first = await call('POST', '/api/inspections/draws', { body: drawBody(), principal: BOB }, d);
    expect(first.status).toBe(201);
    const made = parse<{ draw: { draw_id: string; drawn_by: string; result: { drawn: number; selections: { inspectors: string[] }[] } }; existing: boolean; published_key: string }>(first);
    expect(made).toMatchObject({ existing: false, draw: { drawn_by: 'local:bob', result: { drawn: 10 } } });
    expect(made.draw.result.selections.every((sel) => sel.inspectors.length === 2)).toBe(true);
    expect(await d.draw.blobs.exists(made.published_key)).toBe(true);
    const again = await call('POST', '/api/inspections/draws', { body: drawBody(), principal: BOB }, d);
    expect(again.status).toBe(200);
    expect(parse<{ existing: boolean; draw: { draw_id: string } }>(again)).toMatchObject({ existing: true, draw: { draw_id: made.draw.draw_id } });
  });

  it('validates the body (400 with the inspector named), refuses an actor field, and answers 422 when the inspectors cannot cover the draw', async () => {
    const d = await withDraws();
    const badInspector = await call('POST', '/api/inspections/draws', { body: drawBody({ inspectors: [{ inspector_id: 'I1', name: '李四', town_code: '3713' }] }) }, d);
    expect(badInspector.status).toBe(400);
    expect(errorOf(badInspector).issues?.[0]?.path).toBe('body.inspectors.0.town_code');
    expect(errorOf(await call('POST', '/api/inspections/draws', { body: drawBody({ count: 0 }) }, d)).issues?.[0]?.path).toBe('body.count');
    expect(errorOf(await call('POST', '/api/inspections/draws', { body: { count: 3, seed: 'x' } }, d)).issues?.[0]?.path).toBe('body.inspectors');
    expect(errorOf(await call('POST', '/api/inspections/draws', { body: drawBody({ by: 'someone' }) }, d)).code).toBe('actor_not_allowed');
    const few = await call('POST', '/api/inspections/draws', { body: drawBody({ inspectors: sampleInspectors().slice(0, 1) }) }, d);
    expect(few.status).toBe(422);
    expect(errorOf(few)).toMatchObject({ code: 'insufficient_inspectors', message_en: expect.any(String) });
    expect(d.draw.draws instanceof MemoryInspectionDrawStore && d.draw.draws.items.size).toBe(0);
  });

  it('answers 501 where the deployment offers no draw', async () => {
    const r = await call('POST', '/api/inspections/draws', { body: drawBody() });
    expect(r.status).toBe(501);
    expect(errorOf(r).code).toBe('not_implemented');
  });
});

describe('cross-cutting refusals', () => {
  it('answers 403 to a caller without a principal, before anything else is looked at', async () => {
    const c = await aCase();
    for (const [method, path] of [
      ['GET', '/api/cases'],
      ['GET', '/api/nowhere'],
      ['POST', `/api/cases/${c.case_id}/transitions`],
    ] as const) {
      const r = await call(method, path, { body: method === 'POST' ? decideBody('reviewing') : undefined, principal: null });
      expect(r.status).toBe(403);
      expect(errorOf(r)).toMatchObject({ code: 'forbidden', message_en: 'the caller is not authenticated' });
    }
    expect((await call('GET', '/api/cases', { principal: { id: '  ' } })).status).toBe(403);
    expect((await deps.cases.get(c.case_id))!.status).toBe('new');
  });

  it('answers 404 for an unknown endpoint and 405 (with Allow) for a known one with the wrong method', async () => {
    expect(errorOf(await call('GET', '/api/nowhere')).code).toBe('no_route');
    const c = await aCase();
    const del = await call('DELETE', `/api/cases/${c.case_id}`);
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe('GET');
    const get = await call('GET', `/api/cases/${c.case_id}/transitions`);
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect((await call('PUT', '/api/cases')).status).toBe(405);
  });

  it('answers 413 for a body over the limit without parsing it', async () => {
    const c = await aCase();
    const r = await call('POST', `/api/cases/${c.case_id}/transitions`, { rawBody: JSON.stringify({ status: 'reviewing', reason: 'x'.repeat(MAX_BODY_BYTES) }) });
    expect(r.status).toBe(413);
    expect(errorOf(r).code).toBe('payload_too_large');
  });

  it('answers 500 without details when a store fails, and reports the fault', async () => {
    const onServerError = vi.fn();
    const broken: ApiDeps = { ...api, cases: { ...deps.cases, list: () => Promise.reject(new Error('table unavailable')) } as never, onServerError };
    const r = await call('GET', '/api/cases', {}, broken);
    expect(r.status).toBe(500);
    expect(errorOf(r)).toEqual({ code: 'internal_error', message_zh: expect.any(String), message_en: 'internal server error (logged)' });
    expect(onServerError).toHaveBeenCalledWith(expect.objectContaining({ message: 'table unavailable' }), expect.objectContaining({ path: '/api/cases' }));
  });
});
