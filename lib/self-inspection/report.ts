import type { UnitRecord } from '../contract/schemas';
import type { Severity } from '../domain/finding';
import type { CheckRun } from './inspect-unit';
import { MIN_PEER_UNITS } from './peer-stats';
import { countBySeverity, type Problem } from './problem';
import type { RejectedRow } from './read-upload';

/** The report a unit gets for one upload (`self-inspection-reports/<unit_id>/<file>.json`). */
export interface SelfInspectionReport {
  report_version: 1;
  unit_id: string;
  /** The unit's own register profile (null fields when the register does not list it). */
  unit: { name: string | null; town_code: string | null; town_name: string | null; category: string | null; industry_code: string | null };
  /** The upload; null when a town inspected what the unit had filed. */
  upload: { id: string; key: string | null; file: string; sha256: string; bytes: number; format: string | null } | null;
  generated_at: string;
  /** The file was refused as a whole (size, name, format, unreadable): nothing of it was checked. */
  file_error: { reason_zh: string; reason_en: string } | null;
  rows: { read: number; submissions: number; register_events: number; rejected: number };
  /** Report periods and register applications the problems concern. */
  periods: string[];
  register_events: string[];
  counts: Record<Severity, number>;
  problems: Problem[];
  rejected_rows: RejectedRow[];
  warnings: { reason_zh: string; reason_en: string }[];
  checks: CheckRun[];
  peer_group: { group: string | null; min_units: number; available: boolean };
  /** The unit's whole ledger after this run. */
  ledger: { open: number; fixed: number };
  notice_zh: string;
  notice_en: string;
}

export const NOTICE = {
  zh: '本报告仅供本单位自查自纠：上传的数据未进入正式统计数据库，不产生执法线索或案件；同行比较只使用同行业单位的汇总统计量（四分位数），不含任何其他单位的数据。',
  en: "For the unit's own self-inspection only: nothing of this upload entered the official statistics, and no enforcement lead or case was created; peer comparisons use only aggregate statistics (quartiles) of the unit's peer group, never another unit's data.",
};

export function unitSummary(unit: UnitRecord | undefined): SelfInspectionReport['unit'] {
  return { name: unit?.name ?? null, town_code: unit?.town_code ?? null, town_name: unit?.town_name ?? null, category: unit?.category ?? null, industry_code: unit?.industry_code ?? null };
}

export function emptyReport(unitId: string, at: string): SelfInspectionReport {
  return {
    report_version: 1,
    unit_id: unitId,
    unit: unitSummary(undefined),
    upload: null,
    generated_at: at,
    file_error: null,
    rows: { read: 0, submissions: 0, register_events: 0, rejected: 0 },
    periods: [],
    register_events: [],
    counts: countBySeverity([]),
    problems: [],
    rejected_rows: [],
    warnings: [],
    checks: [],
    peer_group: { group: null, min_units: MIN_PEER_UNITS, available: false },
    ledger: { open: 0, fixed: 0 },
    notice_zh: NOTICE.zh,
    notice_en: NOTICE.en,
  };
}
