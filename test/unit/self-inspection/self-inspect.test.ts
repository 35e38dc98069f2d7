import { beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../../lib/sample/emit';
import type { SelfInspectionReport } from '../../../lib/self-inspection/report';
import { MAX_UPLOAD_BYTES } from '../../../lib/self-inspection/upload-key';
import { selfInspectFile, selfInspectFiled } from '../../../lib/use-cases/self-inspect';
import { fixLedgerItem } from '../../../lib/use-cases/self-inspect-ledger';
import {
  cleanUnits,
  csv,
  EVENT_COLUMNS,
  LAST_YEAR,
  memorySelfInspectDeps,
  ownRows,
  SAMPLE,
  sampleStore,
  SUBMISSION_COLUMNS,
  unitOf,
  type MemorySelfInspectDeps,
} from '../../helpers/self-inspection-fixtures';

const text = (deps: MemorySelfInspectDeps, key: string) => new TextDecoder().decode(deps.reports.objects.get(key)!.body);
const reviewed = (r: SelfInspectionReport) => r.problems.filter((p) => p.severity !== 'low');

/** Every other unit's id and name in the district, to prove none reaches a unit's report. */
function foreignMarks(ownId: string): string[] {
  const own = unitOf(ownId);
  return SAMPLE.files.units.filter((u) => u.unit_id !== ownId).flatMap((u) => [String(u.unit_id), ...(u.name === own.name ? [] : [String(u.name)])]);
}

/** A clean unit's 2024 reports with three mistakes: main revenue over revenue (Nov), December nearly doubled, and an entry application declaring far more than tax shows. */
function problemUpload(unitId: string): Uint8Array {
  const rows: Row[] = ownRows(unitId, LAST_YEAR).map((r) => {
    if (r.period === '2024-11') return { ...r, main_revenue: Math.round(Number(r.revenue) * 1.4 * 10) / 10 };
    if (r.period === '2024-12') return { ...r, revenue: Math.round(Number(r.revenue) * 1.9 * 10) / 10 };
    return r;
  });
  const annual = rows.reduce((s, r) => s + Number(r.revenue), 0);
  rows.push({
    unit_id: unitId,
    period: '2024-12',
    event_id: 'SI-ENTRY-1',
    type: 'entry',
    category: unitOf(unitId).category,
    reason: 'reached_threshold',
    declared_annual_revenue: Math.round(annual * 3),
    submitted_by: '<b>LW</b>',
    submitted_at: '2024-12-20T10:00:00+08:00',
  });
  return csv(rows, [...SUBMISSION_COLUMNS, ...EVENT_COLUMNS]);
}

describe('self-inspection of one unit (memory stores, the sample district as the official store)', () => {
  let deps: MemorySelfInspectDeps;
  let clean: string[];
  let official: Awaited<ReturnType<MemorySelfInspectDeps['records']['countByKind']>>;
  beforeAll(async () => {
    deps = memorySelfInspectDeps(await sampleStore());
    clean = cleanUnits();
    official = await deps.records.countByKind();
  });

  it('GIVEN clean units uploading their own 2024 reports THEN none gets a high or medium problem', async () => {
    expect(clean.length).toBeGreaterThan(20);
    for (const unitId of clean.slice(0, 8)) {
      const { report } = await selfInspectFile(deps, { unitId, fileName: 'own-2024.csv', body: csv(ownRows(unitId, LAST_YEAR)) });
      expect(report.file_error).toBeNull();
      expect(report.rows).toMatchObject({ read: 12, submissions: 12, rejected: 0 });
      expect(
        reviewed(report),
        `${unitId}: ${reviewed(report)
          .map((p) => p.summary_en)
          .join('; ')}`,
      ).toEqual([]);
      expect(report.checks.filter((c) => !c.ran)).toEqual([]);
    }
  });

  it('GIVEN a unit with several problems THEN each is listed with rule, figures, why it matters and what to do, and becomes a ledger item', async () => {
    const unitId = clean[10]!;
    const { report, keys } = await selfInspectFile(deps, { unitId, fileName: 'draft.csv', body: problemUpload(unitId) });
    const byRule = new Map(report.problems.map((p) => [p.rule_id, p]));
    expect(byRule.get('falsify.hard-edits')).toMatchObject({ severity: 'high', period: '2024-11', pattern: 'DATA.INVALID' });
    expect(byRule.get('self.month-vs-records')).toMatchObject({ period: '2024-12', pattern: 'FALSIFY.INFLATE' });
    expect(byRule.get('self.filed-difference')).toMatchObject({ severity: 'medium', period: '2024-12' });
    expect(byRule.get('self.own-trend')).toMatchObject({ period: '2024-12' });
    expect(byRule.get('register.fake-entry')).toMatchObject({ period: '2024-12', pattern: 'REGISTER.FAKE_ENTRY' });
    expect(reviewed(report).length).toBeGreaterThanOrEqual(3);
    for (const p of report.problems) {
      expect(p.summary_zh).toMatch(/[\u4e00-\u9fff]/);
      expect(p.summary_en).toMatch(/[a-z]/);
      expect(p.why_zh && p.why_en).toBeTruthy();
      expect(p.actions.length).toBeGreaterThan(0);
      expect(Object.keys(p.figures).length).toBeGreaterThan(0);
      expect(p.ledger_status).toBe('open');
    }
    expect(report.counts.high + report.counts.medium + report.counts.low).toBe(report.problems.length);
    expect((await deps.ledger.list(unitId)).map((i) => i.item_id).sort()).toEqual(report.problems.map((p) => p.item_id).sort());
    expect(keys).toEqual({ json: `self-inspection-reports/${unitId}/draft.csv.json`, html: `self-inspection-reports/${unitId}/draft.csv.html` });
    expect(JSON.parse(text(deps, keys.json))).toEqual(report);
    const html = text(deps, keys.html);
    expect(html.indexOf('问题清单')).toBeLessThan(html.indexOf('Problem list'));
    expect(html).toContain('&lt;b&gt;LW&lt;/b&gt;');
    expect(html).not.toContain('<b>LW</b>');
  });

  it("GIVEN any report THEN it holds no other unit's id or name, only the unit's own figures and peer quartiles", async () => {
    const unitId = clean[11]!;
    const { report, keys } = await selfInspectFile(deps, { unitId, fileName: 'draft.csv', body: problemUpload(unitId) });
    expect(report.problems.some((p) => p.rule_id === 'self.peer-comparison')).toBe(true);
    const json = text(deps, keys.json);
    const html = text(deps, keys.html);
    for (const mark of foreignMarks(unitId)) {
      expect(json.includes(mark), mark).toBe(false);
      expect(html.includes(mark), mark).toBe(false);
    }
    const peer = report.problems.find((p) => p.rule_id === 'self.peer-comparison')!;
    for (const m of peer.figures.months as { peers: Record<string, number> }[]) expect(Object.keys(m.peers).sort()).toEqual(['median', 'n', 'q1', 'q3']);
  });

  it("GIVEN an upload of another unit's rows THEN every row is rejected and named, nothing of them is checked or kept", async () => {
    const unitId = clean[12]!;
    const other = clean[13]!;
    const rows = ownRows(other, LAST_YEAR);
    const { report } = await selfInspectFile(deps, { unitId, fileName: 'wrong.csv', body: csv(rows) });
    expect(report.rows).toMatchObject({ read: 12, submissions: 0, rejected: 12 });
    expect(report.problems).toEqual([]);
    expect(report.rejected_rows.map((r) => [r.column, r.value])).toEqual(rows.map(() => ['unit_id', other]));
    expect(report.rejected_rows[0]!.reason_zh).toContain('属于其他单位');
    const json = JSON.stringify(report);
    for (const r of rows) expect(json).not.toContain(String(r.submitter_device));
    expect(json).not.toContain(String(unitOf(other).name));
    expect(await deps.ledger.list(unitId)).toEqual([]);
  });

  it("GIVEN own rows mixed with another unit's THEN the own rows are checked and the others rejected", async () => {
    const unitId = clean[14]!;
    const other = clean[15]!;
    const { report } = await selfInspectFile(deps, { unitId, fileName: 'mixed.csv', body: csv([...ownRows(unitId, LAST_YEAR), ...ownRows(other, ['2024-03'])]) });
    expect(report.rows).toMatchObject({ read: 13, submissions: 12, rejected: 1 });
    expect(report.rejected_rows).toEqual([expect.objectContaining({ line: 14, column: 'unit_id', value: other })]);
    expect(report.periods).toEqual(LAST_YEAR);
  });

  it('GIVEN a file over the size limit or a hostile name THEN it is refused with a bilingual reason, and a report says so', async () => {
    const unitId = clean[16]!;
    const big = await selfInspectFile(deps, { unitId, fileName: 'big.csv', body: new Uint8Array(MAX_UPLOAD_BYTES + 1) });
    expect(big.report.file_error).toEqual({ reason_zh: expect.stringContaining('文件过大'), reason_en: expect.stringContaining('file too large') });
    expect(big.report.problems).toEqual([]);
    expect(deps.reports.objects.has(big.keys.json)).toBe(true);
    const hostile = await selfInspectFile(deps, { unitId, fileName: '..\\..\\x.csv', body: csv(ownRows(unitId, ['2024-01'])) });
    expect(hostile.report.file_error?.reason_en).toContain('path separator');
    expect(hostile.keys.json).toMatch(new RegExp(`^self-inspection-reports/${unitId}/refused-[0-9a-f]{16}\\.json$`));
  });

  it('THEN nothing of any upload entered the official store', async () => {
    expect(await deps.records.countByKind()).toEqual(official);
    expect(await deps.findings.list()).toEqual([]);
    expect(await deps.cases.list()).toEqual([]);
    const keys = await deps.reports.list('');
    expect(keys.every((k) => k.startsWith('self-inspection-reports/'))).toBe(true);
  });
});

describe('the rectification ledger across uploads', () => {
  it('GIVEN items fixed by correction or by explanation THEN a later upload with the same problems reopens only the corrected ones; the same upload again changes nothing', async () => {
    const deps = memorySelfInspectDeps(await sampleStore());
    const unitId = cleanUnits()[10]!;
    const first = await selfInspectFile(deps, { unitId, fileName: 'draft.csv', body: problemUpload(unitId) });
    const hard = first.report.problems.find((p) => p.rule_id === 'falsify.hard-edits')!;
    const diff = first.report.problems.find((p) => p.rule_id === 'self.filed-difference')!;
    await fixLedgerItem(deps, { unitId, itemId: hard.item_id, note: '已更正11月主营业务收入', resolution: 'corrected' });
    await fixLedgerItem(deps, { unitId, itemId: diff.item_id, note: '12月确有一笔大额合同，附合同与发票', resolution: 'explained' });
    await expect(fixLedgerItem(deps, { unitId, itemId: hard.item_id, note: 'again' })).rejects.toMatchObject({ code: 'already_fixed' });
    await expect(fixLedgerItem(deps, { unitId, itemId: 'SI-000000000000', note: 'x' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(fixLedgerItem(deps, { unitId, itemId: diff.item_id, note: '  ' })).rejects.toMatchObject({ code: 'already_fixed' });

    const same = await selfInspectFile(deps, { unitId, fileName: 'draft.csv', body: problemUpload(unitId) });
    expect(same.report.problems.find((p) => p.item_id === hard.item_id)!.ledger_status).toBe('fixed');
    expect((await deps.ledger.get(unitId, hard.item_id))!.seen_count).toBe(1);

    const second = await selfInspectFile(deps, { unitId, fileName: 'draft-v2.csv', body: problemUpload(unitId) });
    const status = new Map(second.report.problems.map((p) => [p.item_id, p.ledger_status]));
    expect(status.get(hard.item_id)).toBe('open');
    expect(status.get(diff.item_id)).toBe('fixed');
    const reopened = (await deps.ledger.get(unitId, hard.item_id))!;
    expect(reopened.history.map((h) => h.action)).toEqual(['opened', 'fixed', 'reopened']);
    expect(second.report.ledger.fixed).toBe(1);
  });

  it('GIVEN a fix without a note or with an unknown resolution THEN it is refused', async () => {
    const deps = memorySelfInspectDeps(await sampleStore());
    const unitId = cleanUnits()[10]!;
    const { report } = await selfInspectFile(deps, { unitId, fileName: 'draft.csv', body: problemUpload(unitId) });
    const item = report.problems[0]!.item_id;
    await expect(fixLedgerItem(deps, { unitId, itemId: item, note: ' ' })).rejects.toMatchObject({ code: 'note_required' });
    await expect(fixLedgerItem(deps, { unitId, itemId: item, note: 'x', resolution: 'deleted' })).rejects.toMatchObject({ code: 'bad_resolution' });
    expect((await deps.ledger.get(unitId, item))!.status).toBe('open');
  });
});

describe('self-inspection of filed data and of units with markup in their names', () => {
  it('GIVEN a unit not yet in the register applying to enter THEN its rows are checked on what is known, with no peer comparison', async () => {
    const deps = memorySelfInspectDeps(await sampleStore());
    const newcomer = '91371302MAD1TJ3Y9T';
    expect(SAMPLE.files.units.some((u) => u.unit_id === newcomer)).toBe(false);
    const rows: Row[] = ownRows(cleanUnits()[5]!, ['2024-10', '2024-11', '2024-12']).map((r) => ({ ...r, unit_id: newcomer }));
    rows.push({
      unit_id: newcomer,
      period: '2025-01',
      event_id: 'NEW-1',
      type: 'entry',
      category: 'industry',
      reason: 'newly_established',
      declared_annual_revenue: 30000,
      submitted_by: 'LW',
      submitted_at: '2025-01-05T10:00:00+08:00',
    });
    const { report } = await selfInspectFile(deps, { unitId: newcomer, fileName: 'new.csv', body: csv(rows, [...SUBMISSION_COLUMNS, ...EVENT_COLUMNS]) });
    expect(report.file_error).toBeNull();
    expect(report.rows).toMatchObject({ submissions: 3, register_events: 1, rejected: 0 });
    expect(report.unit.name).toBeNull();
    expect(report.peer_group.available).toBe(false);
    expect(report.checks.find((c) => c.id === 'self.peer-comparison')).toMatchObject({ ran: true, note_en: 'peer group too small: no peer comparison' });
    expect(report.checks.every((c) => c.ran)).toBe(true);
  });

  it('GIVEN a unit whose filed reports were inflated THEN inspecting what it filed lists the cross-source problem', async () => {
    const deps = memorySelfInspectDeps(await sampleStore());
    const inflated = SAMPLE.truth.injected.find((t) => t.pattern === 'FALSIFY.INFLATE')!.subject.id;
    const { report } = await selfInspectFiled(deps, { unitId: inflated, runId: 'filed' });
    expect(report.upload).toBeNull();
    expect(reviewed(report).map((p) => p.pattern)).toContain('FALSIFY.INFLATE');
  });

  it('GIVEN a unit uploading 2024 reports whose employees and wages are cut to 55% from April, insurance unchanged THEN the concealment is listed with its guidance', async () => {
    const deps = memorySelfInspectDeps(await sampleStore());
    const unitId = cleanUnits()[5]!;
    const rows = ownRows(unitId, LAST_YEAR).map((r) =>
      String(r.period) >= '2024-04' ? { ...r, employees: Math.round(Number(r.employees) * 0.55), wages: Math.round(Number(r.wages) * 0.55 * 10) / 10 } : r,
    );
    const { report } = await selfInspectFile(deps, { unitId, fileName: 'cut-staff.csv', body: csv(rows) });
    const problem = reviewed(report).find((p) => p.rule_id === 'falsify.headcount-shift');
    expect(
      problem,
      reviewed(report)
        .map((p) => p.rule_id)
        .join(','),
    ).toBeDefined();
    expect(problem!.pattern).toBe('FALSIFY.CONCEAL');
    expect(problem!.why_en).toMatch(/insured headcount/);
    expect(Object.keys(problem!.figures)).toContain('employees_vs_insured');
  });

  it("GIVEN HTML and a formula in the unit's registered name THEN the page escapes them", async () => {
    const unitId = cleanUnits()[3]!;
    const files = { ...SAMPLE.files, units: SAMPLE.files.units.map((u) => (u.unit_id === unitId ? { ...u, name: '=HYPERLINK("http://x","y")<script>alert(1)</script>有限公司' } : u)) };
    const deps = memorySelfInspectDeps(await sampleStore(files));
    const { keys } = await selfInspectFile(deps, { unitId, fileName: 'own.csv', body: csv(ownRows(unitId, ['2024-05'])) });
    const html = text(deps, keys.html);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
