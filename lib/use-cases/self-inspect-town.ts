import { sha256Hex } from '../contract/fingerprint';
import type { Bilingual } from '../contract/messages';
import { StatsentryError } from '../domain/errors';
import type { BlobStore } from '../ports/blob-store';
import { emptyUnitRecords } from '../ports/official-unit-reader';
import { readUploadRows, type UploadRows } from '../self-inspection/read-upload';
import { emptyReport } from '../self-inspection/report';
import { townSummaryCsv, townSummaryHtml, townTotals, type TownSummary, type TownUnitLine } from '../self-inspection/town-summary';
import { MAX_UPLOAD_BYTES, reportKeys, reportName, tooLarge, TOWN_REPORT_PREFIX, unsafeFileName } from '../self-inspection/upload-key';
import { inspectInto, rejectedAsFileError, schemasFor, selfInspectFiled, writeReport, type SelfInspectDeps, type SelfInspectionResult } from './self-inspect';

export interface TownRunResult {
  summary: TownSummary;
  keys: { json: string; html: string; csv: string };
  reports: SelfInspectionResult[];
}

function inTown(townCode: string, units: ReadonlySet<string>): (unitId: string) => Bilingual | null {
  return (unitId) =>
    units.has(unitId)
      ? null
      : {
          zh: `单位 ${unitId.slice(0, 40)} 不是镇街 ${townCode} 名录中的单位；该行未被检查，也未被保存`,
          en: `unit ${unitId.slice(0, 40)} is not a unit of town ${townCode} in the register; the row was neither checked nor kept`,
        };
}

/**
 * A town's self-inspection of all its units at once (one summary ledger for the town): with a
 * file, each of its units' rows in it (rows of units outside the town are rejected and named);
 * without one, what each unit of the town has filed. Each unit gets its own report and ledger
 * items as if it had run the self-inspection itself; the town gets the summary, under
 * `self-inspection-towns/<town_code>/<run>.json|.html|.csv`.
 */
export async function selfInspectTown(deps: SelfInspectDeps, opts: { townCode: string; file?: { name: string; body: Uint8Array } }): Promise<TownRunResult> {
  // The code becomes part of object keys: 12 digits, nothing else.
  if (!/^\d{12}$/.test(opts.townCode)) throw new StatsentryError(`town code must be 12 digits, got "${opts.townCode.slice(0, 40)}"`);
  const at = deps.clock.now();
  const runId = `town-${opts.townCode}-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
  const units = await deps.official.townUnits(opts.townCode);
  const names = new Map(units.map((u) => [u.unit_id, u.name]));
  const summary: TownSummary = {
    report_version: 1,
    town_code: opts.townCode,
    run_id: runId,
    generated_at: at.toISOString(),
    file: null,
    file_error: null,
    units: [],
    totals: townTotals([], 0),
    rejected_rows: [],
  };
  const reports: SelfInspectionResult[] = [];
  if (opts.file) {
    const { name, body } = opts.file;
    const sha256 = sha256Hex(body);
    summary.file = { name, sha256, bytes: body.byteLength };
    let rows: UploadRows | null = null;
    const refused = unsafeFileName(name) ?? (body.byteLength > MAX_UPLOAD_BYTES ? tooLarge(body.byteLength) : null);
    if (refused) summary.file_error = { reason_zh: refused.zh, reason_en: refused.en };
    else {
      try {
        rows = await readUploadRows(body, name, schemasFor(deps.usccAllowList), inTown(opts.townCode, new Set(names.keys())));
      } catch (err) {
        summary.file_error = rejectedAsFileError(err);
      }
    }
    if (rows) {
      summary.rejected_rows = rows.rejected.filter((r) => !r.unit_id);
      const withRows = [...new Set([...rows.byUnit.keys(), ...rows.rejected.flatMap((r) => (r.unit_id ? [r.unit_id] : []))])].sort();
      const uploadId = `${reportName(name)}@${sha256.slice(0, 16)}`;
      for (const unitId of withRows) {
        const own = rows.byUnit.get(unitId) ?? { submissions: [], registerEvents: [] };
        const report = emptyReport(unitId, at.toISOString());
        const rejected = rows.rejected.filter((r) => r.unit_id === unitId);
        report.upload = { id: uploadId, key: null, file: name, sha256, bytes: body.byteLength, format: rows.format };
        report.rows = {
          read: own.submissions.length + own.registerEvents.length + new Set(rejected.map((r) => r.line)).size,
          submissions: own.submissions.length,
          register_events: own.registerEvents.length,
          rejected: new Set(rejected.map((r) => r.line)).size,
        };
        report.rejected_rows = rejected;
        report.warnings = rows.warnings;
        await inspectInto(deps, report, await deps.official.unitRecords(unitId), own, uploadId);
        const keys = reportKeys(unitId, `${runId}-${name}`);
        await writeReport(deps.reports, report, keys);
        reports.push({ report, keys });
      }
    }
  } else {
    for (const u of units) {
      const official = await deps.official.unitRecords(u.unit_id);
      reports.push(await selfInspectFiled(deps, { unitId: u.unit_id, runId, official: official.unit ? official : { ...emptyUnitRecords(), unit: u } }));
    }
  }
  summary.units = reports.map(({ report, keys }): TownUnitLine => ({
    unit_id: report.unit_id,
    name: names.get(report.unit_id) ?? report.unit.name ?? '',
    problems: report.counts,
    rejected_rows: report.rows.rejected,
    file_error: report.file_error ? `${report.file_error.reason_zh} / ${report.file_error.reason_en}` : null,
    ledger: report.ledger,
    report_key: keys.json,
  }));
  summary.totals = townTotals(summary.units, summary.rejected_rows.length);
  const keys = townKeys(opts.townCode, runId);
  await writeTownSummary(deps.reports, summary, keys);
  return { summary, keys, reports };
}

export function townKeys(townCode: string, runId: string): { json: string; html: string; csv: string } {
  const base = `${TOWN_REPORT_PREFIX}${townCode}/${runId}`;
  return { json: `${base}.json`, html: `${base}.html`, csv: `${base}.csv` };
}

async function writeTownSummary(blobs: BlobStore, s: TownSummary, keys: { json: string; html: string; csv: string }): Promise<void> {
  await blobs.put(keys.json, JSON.stringify(s, null, 2), 'application/json');
  await blobs.put(keys.html, townSummaryHtml(s), 'text/html; charset=utf-8');
  await blobs.put(keys.csv, townSummaryCsv(s), 'text/csv; charset=utf-8');
}
