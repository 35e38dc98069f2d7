import type { AuditEntry, CaseRecord } from '../cases/model';
import { SEVERITY_RANK, type Pattern, type Severity } from '../domain/finding';

/** One disposition of a case: the transition out of `reviewing`, as the audit trail records it. */
export interface Decision {
  case_id: string;
  /** Who decided (the audit entry's `by`). */
  reviewer: string;
  outcome: 'dismissed' | 'filed';
  at: string;
  town_code: string;
  unit_ids: string[];
  /** Comparable cases share a stratum: the case's leading pattern and its severity band. */
  stratum: string;
  pattern: Pattern;
  severity: Severity;
  reason: string | null;
  evidence_checked: string[];
}

type Step = Pick<AuditEntry, 'at' | 'by' | 'from' | 'to' | 'reason' | 'evidence_checked'> & { action: AuditEntry['action'] };

/** The case's status changes, from the audit trail when given (the record of truth), else from the case itself. */
export function transitionsOf(c: CaseRecord, audit: readonly AuditEntry[] | undefined): Step[] {
  if (audit) return audit.filter((e) => e.action === 'transition');
  return c.transitions.map((t) => ({ ...t, action: 'transition' as const }));
}

/**
 * The leading pattern of a case: that of its strongest high/medium finding (severity, then
 * score, then pattern name), so two cases opened by the same kind of lead are comparable.
 */
export function leadingPattern(c: CaseRecord): Pattern {
  const opening = c.findings.filter((f) => !f.context);
  const best = [...(opening.length ? opening : c.findings)].sort((x, y) => SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity] || y.score - x.score || x.pattern.localeCompare(y.pattern))[0];
  return best?.pattern ?? c.patterns[0] ?? 'DATA.INVALID';
}

/** Every case's disposition (dismissed or filed), oldest first; undecided cases give none. */
export function decisionsOf(cases: readonly CaseRecord[], audits: ReadonlyMap<string, readonly AuditEntry[]>): Decision[] {
  const out: Decision[] = [];
  for (const c of cases) {
    const step = transitionsOf(c, audits.get(c.case_id)).find((t) => t.from === 'reviewing' && (t.to === 'dismissed' || t.to === 'filed'));
    if (!step) continue;
    const pattern = leadingPattern(c);
    out.push({
      case_id: c.case_id,
      reviewer: step.by,
      outcome: step.to as 'dismissed' | 'filed',
      at: step.at,
      town_code: c.town_code,
      unit_ids: c.unit_ids,
      stratum: `${pattern}|${c.severity}`,
      pattern,
      severity: c.severity,
      reason: step.reason,
      evidence_checked: step.evidence_checked,
    });
  }
  return out.sort((a, b) => a.at.localeCompare(b.at) || a.case_id.localeCompare(b.case_id));
}
