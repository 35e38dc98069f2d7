import { StatsentryError } from '../domain/errors';
import type { Finding, Pattern, Severity } from '../domain/finding';

/**
 * Case files (issue #5): findings grouped per subject into cases that staff review, decide,
 * and rectify. Everything here is data; the rules that build and move cases are in
 * grouping.ts and lifecycle.ts, and the store keeps the audit trail append-only.
 */

export const CASE_STATUSES = ['new', 'reviewing', 'dismissed', 'filed', 'rectifying', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export function isCaseStatus(s: string): s is CaseStatus {
  return (CASE_STATUSES as readonly string[]).includes(s);
}

/** A case is open (a re-check adds a version to it) until it is dismissed or closed. */
export const TERMINAL_STATUSES: ReadonlySet<CaseStatus> = new Set(['dismissed', 'closed']);
export const isOpenStatus = (s: CaseStatus) => !TERMINAL_STATUSES.has(s);

export const STATUS_LABEL: Record<CaseStatus, { zh: string; en: string }> = {
  new: { zh: '新建', en: 'new' },
  reviewing: { zh: '核查中', en: 'reviewing' },
  dismissed: { zh: '已排除', en: 'dismissed' },
  filed: { zh: '已立案', en: 'filed' },
  rectifying: { zh: '整改中', en: 'rectifying' },
  closed: { zh: '已办结', en: 'closed' },
};

/** Units (including a register event's or a project's unit), submitter accounts, towns. */
export type CaseSubjectKind = 'unit' | 'account' | 'town';
export interface CaseSubject {
  kind: CaseSubjectKind;
  id: string;
}
export const subjectKey = (s: CaseSubject) => `${s.kind}:${s.id}`;

export type RecommendedActionCode = 'investigate' | 'interview' | 'verify' | 'watch';
export const ACTION_LABEL: Record<RecommendedActionCode, { zh: string; en: string }> = {
  investigate: { zh: '立案', en: 'open an investigation' },
  interview: { zh: '约谈', en: 'interview' },
  verify: { zh: '核查', en: 'verify' },
  watch: { zh: '关注', en: 'watch' },
};

export interface RecommendedAction {
  code: RecommendedActionCode;
  zh: string;
  en: string;
  /** Which clause of the rule (impact.ts `recommendAction`) decided it. */
  reason_zh: string;
  reason_en: string;
}

export interface CaseImpact {
  /** Periods named by the case's findings (sorted); all periods of the data when none is named. */
  periods: string[];
  /** Σ reported revenue of the case's units over `periods` (thousand yuan, latest revisions). */
  reported_revenue: number;
  /** Σ reported revenue of every unit of the district over `periods`. */
  district_revenue: number;
  /** reported_revenue / district_revenue (0 when the district total is 0). */
  revenue_share: number;
  /** Σ over unit-periods of the largest `evidence.suspect_amount` of the findings on it; null when no finding carries one. */
  suspect_amount: number | null;
  /** suspect_amount / district_revenue; null with suspect_amount. */
  suspect_share: number | null;
}

/** What the case keeps of each finding in the store; the full finding (evidence) is in case.json. */
export interface CaseFindingRef {
  finding_id: string;
  rule_id: string;
  rule_version: number;
  pattern: Pattern;
  severity: Severity;
  score: number;
  period: string | null;
  unit_ids: string[];
  summary_zh: string;
  summary_en: string;
  /** A low finding attached as context: it did not open the case and gets no rectification item. */
  context: boolean;
  suspect_amount: number | null;
}

/** The rule as it ran: id, version and parameters, so a finding can be reproduced. */
export interface RuleProvenance {
  rule_id: string;
  rule_version: number;
  /** The rule's resolved parameters for this run, when the caller passed them; null otherwise. */
  params: Record<string, unknown> | null;
}

/** 整改台账: one item per pattern of the case's high/medium findings (see lifecycle.ts). */
export interface RectificationItem {
  item_id: string;
  pattern: Pattern;
  title_zh: string;
  title_en: string;
  finding_ids: string[];
  status: 'open' | 'closed';
  created_at: string;
  closed_at: string | null;
  closed_by: string | null;
  note: string | null;
}

export interface CaseTransition {
  at: string;
  by: string;
  from: CaseStatus;
  to: CaseStatus;
  reason: string | null;
  evidence_checked: string[];
}

export interface CaseVersionFiles {
  version: number;
  run_id: string;
  created_at: string;
  /** `cases/<case_id>/v<version>/` */
  prefix: string;
  manifest: string;
}

export interface CaseRecord {
  case_id: string;
  subject: CaseSubject;
  /** Sequence of this case among the cases of its subject (1 = the first). */
  ordinal: number;
  unit_ids: string[];
  town_code: string;
  /** Patterns of the findings that opened the case (high/medium), sorted. */
  patterns: Pattern[];
  /** Patterns of low findings attached as context only. */
  context_patterns: Pattern[];
  severity: Severity;
  /** 1 − Π(1 − w(severity)·score) over every finding of the case (lib/engine/ranking.ts weights). */
  risk: number;
  impact: CaseImpact;
  recommended_action: RecommendedAction;
  finding_ids: string[];
  findings: CaseFindingRef[];
  rules: RuleProvenance[];
  status: CaseStatus;
  /** Content version: 1 at creation, +1 each time a re-check changes the case's findings. */
  version: number;
  /** Every version's files, oldest first. */
  files: CaseVersionFiles[];
  /** sha256 of the findings content of the latest version: an identical re-check adds no version. */
  content_hash: string;
  items: RectificationItem[];
  transitions: CaseTransition[];
  /**
   * Write counter = seq of the last audit entry. Every change of the stored case is a
   * conditional write on `rev` (and `status`), so concurrent decisions cannot both win.
   */
  rev: number;
  created_at: string;
  updated_at: string;
  last_run_id: string;
}

export type AuditAction = 'create' | 'version' | 'transition' | 'close_item';

/** One line of the audit trail. Stored once under its seq and never changed. */
export interface AuditEntry {
  case_id: string;
  seq: number;
  at: string;
  by: string;
  action: AuditAction;
  from: CaseStatus | null;
  to: CaseStatus | null;
  reason: string | null;
  evidence_checked: string[];
  item: string | null;
}

/** A finding's suspect amount (thousand yuan) when its evidence carries `suspect_amount`. */
export function suspectAmountOf(f: Finding): number | null {
  const v = f.evidence.suspect_amount;
  return typeof v === 'number' && Number.isFinite(v) ? Math.abs(v) : null;
}

export type CaseErrorCode = 'illegal_transition' | 'reason_required' | 'evidence_required' | 'items_open' | 'by_required' | 'unknown_item' | 'item_closed' | 'note_required' | 'not_found' | 'conflict';

/** A refused case operation, with the reason in Chinese and English. */
export class CaseError extends StatsentryError {
  constructor(
    readonly code: CaseErrorCode,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
  }
}

/** An illegal or incomplete lifecycle transition. */
export class CaseTransitionError extends CaseError {}

/** The case changed since it was read (another decision won), or its id is already taken. */
export class CaseConflictError extends CaseError {
  constructor(caseId: string, detail = '') {
    super(
      'conflict',
      `案件 ${caseId} 已被他人修改，请重新读取后再操作${detail ? `（${detail}）` : ''}`,
      `case ${caseId} was changed by someone else; read it again and retry${detail ? ` (${detail})` : ''}`,
    );
  }
}

/** An audit entry already stored under this seq with other content: the trail cannot be edited. */
export class AuditImmutableError extends CaseError {
  constructor(caseId: string, seq: number) {
    super('conflict', `审计记录 ${caseId} #${seq} 已存在，不可修改`, `audit entry ${caseId} #${seq} already exists and cannot be changed`);
  }
}

/**
 * Review order: risk first; many cases reach risk 1, so then severity, then how much of the
 * district's figures the suspect amounts (or the units' revenue) represent, then the id.
 */
export function byReviewPriority(a: CaseRecord, b: CaseRecord): number {
  const rank = { high: 3, medium: 2, low: 1 } as const;
  return (
    b.risk - a.risk ||
    rank[b.severity] - rank[a.severity] ||
    (b.impact.suspect_share ?? -1) - (a.impact.suspect_share ?? -1) ||
    b.impact.revenue_share - a.impact.revenue_share ||
    a.case_id.localeCompare(b.case_id)
  );
}
