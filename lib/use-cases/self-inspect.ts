import { sha256Hex } from '../contract/fingerprint';
import type { Bilingual } from '../contract/messages';
import { buildSchemas, type Schemas } from '../contract/schemas';
import { FileRejectedError } from '../domain/errors';
import type { EngineConfig } from '../engine/config';
import type { BlobStore } from '../ports/blob-store';
import type { Clock } from '../ports/clock';
import type { OfficialUnitReader, UnitRecords } from '../ports/official-unit-reader';
import type { PeerStatsSource } from '../ports/peer-stats-source';
import type { SelfInspectionLedger } from '../ports/self-inspection-ledger';
import { inspectUnit } from '../self-inspection/inspect-unit';
import { peerGroupKey } from '../self-inspection/peer-stats';
import { countBySeverity } from '../self-inspection/problem';
import { readUploadRows, type UploadRows } from '../self-inspection/read-upload';
import { emptyReport, unitSummary, type SelfInspectionReport } from '../self-inspection/report';
import { reportHtml } from '../self-inspection/report-html';
import type { UnitUpload } from '../self-inspection/unit-district';
import { MAX_UPLOAD_BYTES, refusalReportKeys, reportKeys, reportName, tooLarge, unsafeFileName } from '../self-inspection/upload-key';

/**
 * What self-inspection may touch: a read-only view of the official store, the anonymised peer
 * statistics, its own ledger, and the bucket its reports go to. No record, finding or case store
 * is among them, so nothing of an upload can reach the official store or open a case.
 */
export interface SelfInspectDeps {
  official: OfficialUnitReader;
  peers: PeerStatsSource;
  ledger: SelfInspectionLedger;
  /** Where reports are written (the data bucket). */
  reports: BlobStore;
  clock: Clock;
  usccAllowList: ReadonlySet<string>;
  config: EngineConfig;
}

export interface SelfInspectionResult {
  report: SelfInspectionReport;
  keys: { json: string; html: string };
}

const schemaCache = new WeakMap<ReadonlySet<string>, Schemas>();
export function schemasFor(allowList: ReadonlySet<string>): Schemas {
  let s = schemaCache.get(allowList);
  if (!s) schemaCache.set(allowList, (s = buildSchemas({ usccAllowList: allowList })));
  return s;
}

/** Why a row's unit is not this upload's unit (tenant isolation), or null. */
export function onlyUnit(unitId: string): (rowUnit: string) => Bilingual | null {
  return (rowUnit) =>
    rowUnit === unitId
      ? null
      : {
          zh: `该行属于其他单位（${rowUnit.slice(0, 40)}），本次自查只能检查单位 ${unitId} 自己的数据；该行未被检查，也未被保存`,
          en: `the row belongs to another unit (${rowUnit.slice(0, 40)}); this self-inspection covers unit ${unitId} only; the row was neither checked nor kept`,
        };
}

export function rejectedAsFileError(err: unknown): { reason_zh: string; reason_en: string } {
  if (err instanceof FileRejectedError) return { reason_zh: err.reasonZh, reason_en: err.reasonEn };
  throw err;
}

/**
 * Self-inspection of one uploaded file of one unit: read and isolate its rows, run the checks
 * against the unit's official records and its peers' statistics, record the problems in the
 * ledger, and write the report (JSON and HTML) under `self-inspection-reports/<unit_id>/`.
 */
export async function selfInspectFile(deps: SelfInspectDeps, opts: { unitId: string; fileName: string; body: Uint8Array; key?: string }): Promise<SelfInspectionResult> {
  const sha256 = sha256Hex(opts.body);
  const uploadId = `${reportName(opts.fileName)}@${sha256.slice(0, 16)}`;
  const report = emptyReport(opts.unitId, deps.clock.now().toISOString());
  report.upload = { id: uploadId, key: opts.key ?? null, file: opts.fileName, sha256, bytes: opts.body.byteLength, format: null };
  let rows: UploadRows | null = null;
  const unsafe = unsafeFileName(opts.fileName);
  if (unsafe) report.file_error = { reason_zh: unsafe.zh, reason_en: unsafe.en };
  else if (opts.body.byteLength > MAX_UPLOAD_BYTES) {
    const r = tooLarge(opts.body.byteLength);
    report.file_error = { reason_zh: r.zh, reason_en: r.en };
  } else {
    try {
      rows = await readUploadRows(opts.body, opts.fileName, schemasFor(deps.usccAllowList), onlyUnit(opts.unitId));
    } catch (err) {
      report.file_error = rejectedAsFileError(err);
    }
  }
  const keys = unsafe ? refusalReportKeys(opts.unitId, opts.key ?? opts.fileName) : reportKeys(opts.unitId, opts.fileName);
  const official = await deps.official.unitRecords(opts.unitId);
  if (rows) {
    const own = rows.byUnit.get(opts.unitId) ?? { submissions: [], registerEvents: [] };
    report.upload.format = rows.format;
    report.rows = { read: rows.read, submissions: own.submissions.length, register_events: own.registerEvents.length, rejected: new Set(rows.rejected.map((r) => r.line)).size };
    report.rejected_rows = rows.rejected;
    report.warnings = rows.warnings;
    await inspectInto(deps, report, official, own, uploadId);
  } else {
    report.unit = unitSummary(official.unit);
  }
  await writeReport(deps.reports, report, keys);
  return { report, keys };
}

/** Self-inspection of what a unit has filed (a town inspecting its units without an upload). */
export async function selfInspectFiled(deps: SelfInspectDeps, opts: { unitId: string; runId: string; official?: UnitRecords }): Promise<SelfInspectionResult> {
  const report = emptyReport(opts.unitId, deps.clock.now().toISOString());
  const official = opts.official ?? (await deps.official.unitRecords(opts.unitId));
  report.rows = { read: 0, submissions: official.submissions.length, register_events: official.register_events.length, rejected: 0 };
  await inspectInto(deps, report, official, null, opts.runId);
  const keys = reportKeys(opts.unitId, opts.runId);
  await writeReport(deps.reports, report, keys);
  return { report, keys };
}

/** The report of an upload refused before it was read (a hostile name, a file over the limit). */
export async function writeRefusal(
  deps: Pick<SelfInspectDeps, 'reports' | 'clock'>,
  opts: { unitId: string; key: string; fileName: string | null; bytes: number; reason: Bilingual },
): Promise<SelfInspectionResult> {
  const report = emptyReport(opts.unitId, deps.clock.now().toISOString());
  report.file_error = { reason_zh: opts.reason.zh, reason_en: opts.reason.en };
  report.upload = { id: `refused@${sha256Hex(opts.key).slice(0, 16)}`, key: null, file: opts.fileName ?? '', sha256: '', bytes: opts.bytes, format: null };
  const keys = opts.fileName ? reportKeys(opts.unitId, opts.fileName) : refusalReportKeys(opts.unitId, opts.key);
  await writeReport(deps.reports, report, keys);
  return { report, keys };
}

export async function inspectInto(deps: SelfInspectDeps, report: SelfInspectionReport, official: UnitRecords, upload: UnitUpload | null, uploadId: string): Promise<void> {
  const unitId = report.unit_id;
  const group = official.unit ? peerGroupKey(official.unit.category, official.unit.industry_code) : null;
  const peers = group ? await deps.peers.group(group) : undefined;
  const inspection = inspectUnit({ unitId, official, upload, peers, config: deps.config });
  const at = deps.clock.now().toISOString();
  const town = official.unit?.town_code ?? null;
  const items = await deps.ledger.observe(
    inspection.problems.map((p) => ({
      unit_id: unitId,
      town_code: town,
      item_id: p.item_id,
      rule_id: p.rule_id,
      pattern: p.pattern,
      severity: p.severity,
      period: p.period,
      summary_zh: p.summary_zh,
      summary_en: p.summary_en,
      upload: uploadId,
      at,
    })),
  );
  const status = new Map(items.map((i) => [i.item_id, i.status]));
  report.unit = unitSummary(official.unit);
  report.problems = inspection.problems.map((p) => ({ ...p, ledger_status: status.get(p.item_id) ?? 'open' }));
  report.counts = countBySeverity(report.problems);
  report.periods = inspection.periods;
  report.register_events = inspection.events;
  report.checks = inspection.checks;
  report.peer_group = { group, min_units: report.peer_group.min_units, available: peers !== undefined };
  const ledger = await deps.ledger.list(unitId);
  report.ledger = { open: ledger.filter((i) => i.status === 'open').length, fixed: ledger.filter((i) => i.status === 'fixed').length };
}

export async function writeReport(blobs: BlobStore, report: SelfInspectionReport, keys: { json: string; html: string }): Promise<void> {
  await blobs.put(keys.json, JSON.stringify(report, null, 2), 'application/json');
  await blobs.put(keys.html, reportHtml(report), 'text/html; charset=utf-8');
}
