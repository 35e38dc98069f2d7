import { createHash } from 'node:crypto';
import type { Finding } from '../domain/finding';
import type { DistrictData } from '../engine/district-data';
import { safeCsvCell } from '../util/csv';
import { caseHtml } from './case-html';
import type { CaseRecord } from './model';
import { unitSeries, type UnitSeries } from './series';

/**
 * The files of one case version, under `cases/<case_id>/v<version>/`:
 * case.json (everything), case.html (the page), evidence.csv (the unit-period figures behind the
 * findings) and manifest.json (SHA-256 and size of each, and the previous version's manifest).
 * Builders are pure and return bytes; use-cases/build-cases.ts writes them once.
 */
export const CASE_FILE_NAMES = ['case.json', 'case.html', 'evidence.csv'] as const;
export type CaseFileName = (typeof CASE_FILE_NAMES)[number];

export const CONTENT_TYPES: Record<CaseFileName | 'manifest.json', string> = {
  'case.json': 'application/json; charset=utf-8',
  'case.html': 'text/html; charset=utf-8',
  'evidence.csv': 'text/csv; charset=utf-8',
  'manifest.json': 'application/json; charset=utf-8',
};

export interface CaseFile {
  name: CaseFileName;
  body: Uint8Array;
  contentType: string;
}

export interface CaseManifest {
  schema: 'statsentry.case-manifest/v1';
  case_id: string;
  version: number;
  run_id: string;
  created_at: string;
  files: Record<string, { sha256: string; bytes: number; content_type: string }>;
  /** Key of the previous version's manifest.json, or null for version 1. */
  previous: string | null;
}

export const EVIDENCE_COLUMNS = [
  'unit_id',
  'unit_name',
  'town_code',
  'period',
  'revision',
  'submitted_at',
  'submitter_account',
  'submitter_ip',
  'reported_revenue',
  'first_filed_revenue',
  'main_revenue',
  'employees',
  'wages',
  'profit',
  'reported_kwh',
  'tax_taxable_sales',
  'grid_kwh',
  'insured_headcount',
  'finding_ids',
] as const;

const enc = new TextEncoder();
const cell = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : '');

export function sha256Hex(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The unit-period rows behind the case: every unit of the case × every period of its findings, from every source. */
export function evidenceRows(c: CaseRecord, findings: readonly Finding[], data: DistrictData): Record<(typeof EVIDENCE_COLUMNS)[number], string | number>[] {
  const out: Record<(typeof EVIDENCE_COLUMNS)[number], string | number>[] = [];
  for (const id of c.unit_ids) {
    const u = data.unitIndex.get(id);
    const unit = u === undefined ? undefined : data.units[u];
    for (const period of c.impact.periods) {
      const t = data.periodIndex.get(period);
      const at = u !== undefined && t !== undefined ? u * data.P + t : -1;
      const sub = at >= 0 ? data.submissions[data.latestSubmission[at]!] : undefined;
      const get = (m: Float64Array) => (at >= 0 ? cell(m[at]) : '');
      out.push({
        unit_id: id,
        unit_name: unit?.name ?? '',
        town_code: unit?.townCode ?? '',
        period,
        revision: sub?.revision ?? '',
        submitted_at: sub?.submitted_at ?? '',
        submitter_account: sub?.submitter_account ?? '',
        submitter_ip: sub?.submitter_ip ?? '',
        reported_revenue: get(data.revenue),
        first_filed_revenue: get(data.firstRevenue),
        main_revenue: get(data.mainRevenue),
        employees: get(data.employees),
        wages: get(data.wages),
        profit: get(data.profit),
        reported_kwh: get(data.reportedKwh),
        tax_taxable_sales: get(data.taxSales),
        grid_kwh: get(data.gridKwh),
        insured_headcount: get(data.insured),
        finding_ids: findings
          .filter((f) => f.unit_ids.includes(id) && (f.period === null || f.period === period))
          .map((f) => f.finding_id)
          .join(' '),
      });
    }
  }
  return out;
}

export function evidenceCsv(rows: ReturnType<typeof evidenceRows>): string {
  return [EVIDENCE_COLUMNS.join(','), ...rows.map((r) => EVIDENCE_COLUMNS.map((k) => safeCsvCell(r[k])).join(','))].join('\r\n') + '\r\n';
}

/** The three content files of a case version (the manifest is made from what is actually stored). */
export function buildCaseFiles(c: CaseRecord, findings: readonly Finding[], data: DistrictData): { files: CaseFile[]; series: UnitSeries[] } {
  const series = c.unit_ids.map((id) => unitSeries(data, id)).filter((s): s is UnitSeries => s !== null);
  const rows = evidenceRows(c, findings, data);
  const json = {
    schema: 'statsentry.case/v1',
    case: c,
    findings,
    rules: c.rules,
    units: series,
    evidence_rows: rows,
    notes: {
      risk: '1 − Π(1 − w(severity)·score), w = 1 high, 0.6 medium, 0.15 low (lib/engine/ranking.ts)',
      impact: 'revenue_share = Σ reported revenue of the case units over the periods / Σ over all units; suspect_amount = Σ over unit-periods of max evidence.suspect_amount',
      charts: 'tax/grid lines = value × the unit’s own median revenue ratio; peer band = peers’ quantiles of x / own median, × the unit’s median',
    },
  };
  const files: CaseFile[] = [
    { name: 'case.json', body: enc.encode(JSON.stringify(json, null, 2) + '\n'), contentType: CONTENT_TYPES['case.json'] },
    { name: 'case.html', body: enc.encode(caseHtml(c, findings, series)), contentType: CONTENT_TYPES['case.html'] },
    { name: 'evidence.csv', body: enc.encode('\ufeff' + evidenceCsv(rows)), contentType: CONTENT_TYPES['evidence.csv'] },
  ];
  return { files, series };
}

export function buildManifest(
  c: Pick<CaseRecord, 'case_id' | 'version' | 'last_run_id' | 'updated_at'>,
  stored: readonly { name: string; body: Uint8Array; contentType: string }[],
  previous: string | null,
): CaseManifest {
  return {
    schema: 'statsentry.case-manifest/v1',
    case_id: c.case_id,
    version: c.version,
    run_id: c.last_run_id,
    created_at: c.updated_at,
    files: Object.fromEntries(stored.map((f) => [f.name, { sha256: sha256Hex(f.body), bytes: f.body.byteLength, content_type: f.contentType }])),
    previous,
  };
}

export function manifestBytes(m: CaseManifest): Uint8Array {
  return enc.encode(JSON.stringify(m, null, 2) + '\n');
}
