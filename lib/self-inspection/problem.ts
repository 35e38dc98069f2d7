import { PATTERN_LABEL, SEVERITY_RANK, type Pattern, type Severity } from '../domain/finding';
import type { LedgerStatus } from './ledger';
import { guidanceFor, type ActionCode } from './guidance';
import { ledgerItemId } from './ledger';

/** What a check (a reused rule or a self-inspection check) found, before guidance and ledger. */
export interface Detected {
  rule_id: string;
  pattern: Pattern;
  severity: Severity;
  period: string | null;
  /** What the problem is about, for a stable ledger item id (e.g. `unit:<id>`, `register_event:<id>`, `metric:<name>`). */
  subject: string;
  summary_zh: string;
  summary_en: string;
  /** The figures behind it: only this unit's own values and aggregate peer statistics. */
  figures: Record<string, unknown>;
}

/** One problem of the problem list (问题清单), which is also one item of the rectification ledger. */
export interface Problem {
  item_id: string;
  rule_id: string;
  pattern: Pattern;
  pattern_zh: string;
  severity: Severity;
  period: string | null;
  summary_zh: string;
  summary_en: string;
  /** Why it matters. */
  why_zh: string;
  why_en: string;
  /** What to do: correct the report, attach evidence, explain. */
  actions: { code: ActionCode; zh: string; en: string }[];
  figures: Record<string, unknown>;
  /** The item's state in the ledger after this run (open, or fixed with an explanation that still stands). */
  ledger_status: LedgerStatus;
}

export function toProblem(unitId: string, d: Detected): Problem {
  const g = guidanceFor(d.rule_id);
  return {
    item_id: ledgerItemId(unitId, d.rule_id, d.subject, d.period),
    rule_id: d.rule_id,
    pattern: d.pattern,
    pattern_zh: PATTERN_LABEL[d.pattern],
    severity: d.severity,
    period: d.period,
    summary_zh: d.summary_zh,
    summary_en: d.summary_en,
    why_zh: g.why.zh,
    why_en: g.why.en,
    actions: g.actions,
    figures: d.figures,
    ledger_status: 'open',
  };
}

/** Most serious first, then by period and rule, so that the list reads as a to-do list. */
export function sortProblems<T extends { severity: Severity; period: string | null; rule_id: string; item_id: string }>(problems: T[]): T[] {
  return [...problems].sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || (a.period ?? '').localeCompare(b.period ?? '') || a.rule_id.localeCompare(b.rule_id) || a.item_id.localeCompare(b.item_id),
  );
}

export function countBySeverity(problems: readonly { severity: Severity }[]): Record<Severity, number> {
  const c: Record<Severity, number> = { high: 0, medium: 0, low: 0 };
  for (const p of problems) c[p.severity]++;
  return c;
}
