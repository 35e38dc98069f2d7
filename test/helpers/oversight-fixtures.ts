import type { AuditEntry, CaseRecord, CaseStatus } from '../../lib/cases/model';
import type { Pattern, Severity } from '../../lib/domain/finding';
import { engineConfig } from '../../lib/engine/config';
import { confrontOversight } from '../../lib/oversight/confront-oversight';
import type { OversightRule } from '../../lib/oversight/oversight-rule';

export const DAY = 86_400_000;
export const NOW = new Date('2025-06-30T00:00:00Z');
export const daysBefore = (days: number, from = NOW) => new Date(from.getTime() - days * DAY).toISOString();

export interface CaseSpec {
  id: string;
  status?: CaseStatus;
  severity?: Severity;
  pattern?: Pattern;
  town?: string;
  unit?: string;
  createdAt?: string;
}

/** A stored case with one finding of `pattern`, as buildCases would leave it (no decision yet). */
export function caseRecord(s: CaseSpec): CaseRecord {
  const unit = s.unit ?? `U-${s.id}`;
  const severity = s.severity ?? 'high';
  const pattern = s.pattern ?? 'FALSIFY.INFLATE';
  const at = s.createdAt ?? daysBefore(200);
  return {
    case_id: s.id,
    subject: { kind: 'unit', id: unit },
    ordinal: 1,
    unit_ids: [unit],
    town_code: s.town ?? '371302001000',
    patterns: [pattern],
    context_patterns: [],
    severity,
    risk: 0.9,
    impact: { periods: ['2024-03'], reported_revenue: 100, district_revenue: 10000, revenue_share: 0.01, suspect_amount: null, suspect_share: null },
    recommended_action: { code: 'verify', zh: '核查', en: 'verify', reason_zh: '', reason_en: '' },
    finding_ids: [`F-${s.id}`],
    findings: [
      {
        finding_id: `F-${s.id}`,
        rule_id: 'r',
        rule_version: 1,
        pattern,
        severity,
        score: 0.9,
        period: '2024-03',
        unit_ids: [unit],
        summary_zh: '',
        summary_en: '',
        context: false,
        suspect_amount: null,
      },
    ],
    rules: [],
    status: s.status ?? 'new',
    version: 1,
    files: [],
    content_hash: 'x',
    items: [],
    transitions: [],
    rev: 1,
    created_at: at,
    updated_at: at,
    last_run_id: 'run-1',
  };
}

interface Step {
  to: CaseStatus;
  at: string;
  by: string;
  reason?: string | null;
  evidence?: string[];
}

/** Applies transitions to a case spec: the case (status, transitions, rev) and its audit trail. */
export function withSteps(c: CaseRecord, steps: readonly Step[]): { record: CaseRecord; audit: AuditEntry[] } {
  const audit: AuditEntry[] = [{ case_id: c.case_id, seq: 1, at: c.created_at, by: 'system', action: 'create', from: null, to: 'new', reason: null, evidence_checked: [], item: null }];
  let status: CaseStatus = 'new';
  const transitions: CaseRecord['transitions'] = [];
  for (const s of steps) {
    audit.push({
      case_id: c.case_id,
      seq: audit.length + 1,
      at: s.at,
      by: s.by,
      action: 'transition',
      from: status,
      to: s.to,
      reason: s.reason ?? null,
      evidence_checked: s.evidence ?? [],
      item: null,
    });
    transitions.push({ at: s.at, by: s.by, from: status, to: s.to, reason: s.reason ?? null, evidence_checked: s.evidence ?? [] });
    status = s.to;
  }
  return { record: { ...c, status, transitions, rev: audit.length, updated_at: steps.at(-1)?.at ?? c.updated_at }, audit };
}

export interface DecisionSpec {
  id: string;
  reviewer: string;
  outcome: 'dismissed' | 'filed';
  pattern?: Pattern;
  severity?: Severity;
  town?: string;
  reason?: string;
  evidence?: string[];
  /** Days before NOW of the decision. */
  ago?: number;
}

/** A case taken up and decided by `reviewer`. */
export function decided(d: DecisionSpec): { record: CaseRecord; audit: AuditEntry[] } {
  const ago = d.ago ?? 30;
  const c = caseRecord({ id: d.id, pattern: d.pattern, severity: d.severity, town: d.town, createdAt: daysBefore(ago + 20) });
  return withSteps(c, [
    { to: 'reviewing', at: daysBefore(ago + 10), by: d.reviewer },
    {
      to: d.outcome,
      at: daysBefore(ago),
      by: d.reviewer,
      reason: d.reason ?? (d.outcome === 'dismissed' ? `经核查${d.id}号单位的增值税申报与报表一致` : '数据明显失真，予以立案'),
      evidence: d.evidence ?? [`${d.id} 增值税申报表`],
    },
  ]);
}

/** Runs one oversight rule over these cases at NOW with an optional parameter override. */
export function runRule(rule: OversightRule, cases: readonly { record: CaseRecord; audit: AuditEntry[] }[], params: Record<string, unknown> = {}, now = NOW) {
  const config = engineConfig({ rules: { [rule.id]: params } });
  const { findings, summary } = confrontOversight({ cases: cases.map((c) => c.record), audits: new Map(cases.map((c) => [c.record.case_id, c.audit])), now }, [rule], config);
  if (summary[0]?.error) throw new Error(summary[0].error);
  return findings;
}

/** A substantive, case-specific dismissal reason and evidence. */
export const substantive = (id: string) => ({ reason: `${id}：季节性订单集中交付，电力与社保记录同步上升，与报表一致`, evidence: [`${id} 2024年3月增值税申报表`, '国网电量清单'] });
