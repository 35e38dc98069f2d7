import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { MemoryBlobStore } from '../../../lib/adapters/memory/memory-blob-store';
import { MemoryCaseStore } from '../../../lib/adapters/memory/memory-case-store';
import { EVIDENCE_COLUMNS, type CaseManifest } from '../../../lib/cases/case-files';
import { escapeHtml } from '../../../lib/cases/case-html';
import { buildCases } from '../../../lib/use-cases/build-cases';
import { finding, freshDistrict, tickingClock, wellFiledUnits } from './fixtures';

const HOSTILE = '<script>alert("x")</script>&\'"';
const data = freshDistrict();
const [A] = wellFiledUnits(data, 1) as [string];
const unitA = data.units[data.unitIndex.get(A)!]!;
unitA.name = `=HYPERLINK("http://evil")${HOSTILE}`;
// a submitter account that a spreadsheet would run
const subIndex = data.latestSubmission[data.unitIndex.get(A)! * data.P + data.periodIndex.get('2024-03')!]!;
data.submissions[subIndex] = { ...data.submissions[subIndex]!, submitter_account: '@SUM(A1:A9)' };

const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function build() {
  const d = { cases: new MemoryCaseStore(), blobs: new MemoryBlobStore(), clock: tickingClock() };
  const findings = [
    finding({ subject: { kind: 'unit', id: A }, period: '2024-03', summary_zh: `单位${HOSTILE}虚报`, evidence: { suspect_amount: 1234.5, note: '</pre><img src=x onerror=alert(1)>' } }),
    finding({ subject: { kind: 'unit', id: A }, period: '2024-04', rule: 'r2', pattern: 'FALSIFY.CONCEAL', severity: 'medium', score: 0.6 }),
  ];
  const result = await buildCases(d, { findings, data, runId: 'run-1', ruleParams: { 'test.rule': { threshold: 0.3 } } });
  return { d, result, findings };
}

describe('case files', () => {
  it('writes case.json, case.html, evidence.csv and a manifest whose SHA-256 and sizes match the stored bytes', async () => {
    const { d, result } = await build();
    const built = result.created[0]!;
    expect(built.prefix).toBe(`cases/${built.case_id}/v1/`);
    expect((await d.blobs.list(built.prefix)).sort()).toEqual(['case.html', 'case.json', 'evidence.csv', 'manifest.json'].map((n) => built.prefix + n));
    const manifest = JSON.parse(text(await d.blobs.get(built.manifest))) as CaseManifest;
    expect(Object.keys(manifest.files).sort()).toEqual(['case.html', 'case.json', 'evidence.csv']);
    for (const [name, meta] of Object.entries(manifest.files)) {
      const body = (await d.blobs.get(built.prefix + name))!;
      expect(meta.sha256, name).toBe(sha(body));
      expect(meta.bytes, name).toBe(body.byteLength);
    }
    expect(manifest.previous).toBeNull();
    expect(manifest).toMatchObject({ case_id: built.case_id, version: 1, run_id: 'run-1' });
    const json = JSON.parse(text(await d.blobs.get(built.prefix + 'case.json')));
    expect(json.case.case_id).toBe(built.case_id);
    expect(json.findings).toHaveLength(2);
    expect(json.findings[0].evidence).toBeDefined();
    expect(json.rules).toEqual([
      { rule_id: 'r2', rule_version: 1, params: null },
      { rule_id: 'test.rule', rule_version: 1, params: { threshold: 0.3 } },
    ]);
    expect(json.case.impact.suspect_amount).toBe(1234.5);
    expect(json.units[0].revenue).toHaveLength(data.P);
  });

  it('links a new version’s manifest to the previous one and never rewrites a stored file', async () => {
    const { d, result, findings } = await build();
    const id = result.created[0]!.case_id;
    // an interrupted earlier attempt left v2/case.html behind: it is kept, and the manifest hashes it
    const leftover = new TextEncoder().encode('<html>earlier attempt</html>');
    await d.blobs.put(`cases/${id}/v2/case.html`, leftover, 'text/html');
    const before = new Map([...d.blobs.objects].map(([k, v]) => [k, sha(v.body)]));
    const r2 = await buildCases(d, { findings: [...findings, finding({ subject: { kind: 'unit', id: A }, period: '2024-06' })], data, runId: 'run-2' });
    expect(r2.updated[0]!.version).toBe(2);
    for (const [k, h] of before) expect(sha(d.blobs.objects.get(k)!.body), k).toBe(h);
    const m2 = JSON.parse(text(await d.blobs.get(`cases/${id}/v2/manifest.json`))) as CaseManifest;
    expect(m2.previous).toBe(`cases/${id}/v1/manifest.json`);
    expect(m2.files['case.html']!.sha256).toBe(sha(leftover));
  });

  it('escapes every text on the page, hostile names included, and draws inline SVG charts', async () => {
    const { d, result } = await build();
    const html = text(await d.blobs.get(result.created[0]!.prefix + 'case.html'));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(2);
    expect(html).toMatch(/<polyline points="[\d., ]+"/);
    expect(html).toMatch(/<polygon points=/); // the peer band
    expect(html).toContain('营业收入');
    expect(html).toContain('Revenue vs tax');
    expect(html).toContain('参保');
    expect(html).toContain('Content-Security-Policy');
    expect(html).not.toMatch(/undefined|NaN|\[object Object\]/);
    // every <…> tag on the page is one the builder writes
    const tags = new Set([...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase()));
    for (const t of tags)
      expect([
        'html',
        'head',
        'meta',
        'title',
        'style',
        'body',
        'h1',
        'h2',
        'h3',
        'span',
        'table',
        'tr',
        'th',
        'td',
        'div',
        'p',
        'code',
        'pre',
        'svg',
        'text',
        'rect',
        'line',
        'polyline',
        'polygon',
        'circle',
      ]).toContain(t);
    expect(escapeHtml(`<a href='x'>&`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;');
  });

  it('writes evidence.csv with every source for every affected unit-period, safe from formula injection', async () => {
    const { d, result } = await build();
    const csv = text(await d.blobs.get(result.created[0]!.prefix + 'evidence.csv')).replace(/^\ufeff/, '');
    const rows = parse(csv, { columns: true }) as Record<(typeof EVIDENCE_COLUMNS)[number], string>[];
    expect(Object.keys(rows[0]!)).toEqual([...EVIDENCE_COLUMNS]);
    expect(rows.map((r) => r.period)).toEqual(['2024-03', '2024-04']);
    const u = data.unitIndex.get(A)!;
    const t = data.periodIndex.get('2024-03')!;
    expect(Number(rows[0]!.reported_revenue)).toBe(data.revenue[u * data.P + t]);
    expect(Number(rows[0]!.tax_taxable_sales)).toBe(data.taxSales[u * data.P + t]);
    expect(Number(rows[0]!.grid_kwh)).toBe(data.gridKwh[u * data.P + t]);
    expect(Number(rows[0]!.insured_headcount)).toBe(data.insured[u * data.P + t]);
    for (const r of rows) for (const v of Object.values(r)) expect(v, JSON.stringify(r)).not.toMatch(/^[=+@\t\r]|^-[^\d]/);
    expect(rows[0]!.unit_name.startsWith("'=HYPERLINK")).toBe(true);
    expect(rows[0]!.submitter_account).toBe("'@SUM(A1:A9)");
    expect(rows[0]!.finding_ids.split(' ')).toHaveLength(1);
  });
});
