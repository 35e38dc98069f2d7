import { ALLOWED_TRANSITIONS } from '../cases/lifecycle';
import { ACTION_LABEL, CASE_STATUSES, STATUS_LABEL, type AuditEntry, type CaseRecord, type CaseStatus } from '../cases/model';
import { PATTERN_LABEL, PATTERNS, type Finding, type Pattern, type Severity } from '../domain/finding';
import type { Principal } from './http';

/**
 * What the API answers, as types the review page (web/src) imports too, so both sides of
 * the wire are checked against one definition.
 */

export interface CaseSummaryView {
  case_id: string;
  subject: CaseRecord['subject'];
  unit_ids: string[];
  town_code: string;
  severity: Severity;
  status: CaseStatus;
  risk: number;
  patterns: Pattern[];
  recommended_action: { code: CaseRecord['recommended_action']['code']; zh: string; en: string };
  version: number;
  findings: number;
  open_items: number;
  rev: number;
  created_at: string;
  updated_at: string;
}

export interface CaseListView {
  cases: CaseSummaryView[];
  total: number;
  next_cursor: string | null;
  facets: { town: Record<string, number>; pattern: Record<string, number>; severity: Record<string, number>; status: Record<string, number> };
}

export interface CaseFileLink {
  name: string;
  href: string;
  sha256: string | null;
}

export interface CaseDetailView {
  case: CaseRecord;
  audit: AuditEntry[];
  /** The full findings with their evidence, from the latest case.json when it verifies; else the case's own finding summaries. */
  findings: Finding[] | CaseRecord['findings'];
  evidence: { source: 'case.json' | 'case-record'; verified: boolean; message_zh?: string; message_en?: string };
  allowed_transitions: readonly CaseStatus[];
  files: CaseFileLink[];
}

export interface MetaView {
  principal: Principal;
  statuses: { code: CaseStatus; zh: string; en: string; next: readonly CaseStatus[] }[];
  patterns: { code: Pattern; zh: string }[];
  severities: { code: Severity; zh: string; en: string }[];
  actions: { code: string; zh: string; en: string }[];
  /** False while this deployment has no inspection draw (POST /api/inspections/draws answers 501). */
  draws_available: boolean;
}

export const SEVERITY_LABEL: Record<Severity, { zh: string; en: string }> = {
  high: { zh: '高', en: 'high' },
  medium: { zh: '中', en: 'medium' },
  low: { zh: '低', en: 'low' },
};

export function caseSummaryView(c: CaseRecord): CaseSummaryView {
  return {
    case_id: c.case_id,
    subject: c.subject,
    unit_ids: c.unit_ids,
    town_code: c.town_code,
    severity: c.severity,
    status: c.status,
    risk: c.risk,
    patterns: c.patterns,
    recommended_action: { code: c.recommended_action.code, zh: c.recommended_action.zh, en: c.recommended_action.en },
    version: c.version,
    findings: c.finding_ids.length,
    open_items: c.items.filter((i) => i.status === 'open').length,
    rev: c.rev,
    created_at: c.created_at,
    updated_at: c.updated_at,
  };
}

export function metaView(principal: Principal, drawsAvailable: boolean): MetaView {
  return {
    principal,
    statuses: CASE_STATUSES.map((code) => ({ code, ...STATUS_LABEL[code], next: ALLOWED_TRANSITIONS[code] })),
    patterns: PATTERNS.map((code) => ({ code, zh: PATTERN_LABEL[code] })),
    severities: (['high', 'medium', 'low'] as const).map((code) => ({ code, ...SEVERITY_LABEL[code] })),
    actions: Object.entries(ACTION_LABEL).map(([code, l]) => ({ code, ...l })),
    draws_available: drawsAvailable,
  };
}
