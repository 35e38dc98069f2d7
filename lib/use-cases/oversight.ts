import type { AuditEntry } from '../cases/model';
import type { Finding } from '../domain/finding';
import type { EngineConfig } from '../engine/config';
import type { RuleSummary } from '../engine/confront';
import { confrontOversight } from '../oversight/confront-oversight';
import type { OversightRule } from '../oversight/oversight-rule';
import type { CaseStore } from '../ports/case-store';
import type { Clock } from '../ports/clock';
import type { FindingStore } from '../ports/finding-store';
import { ENFORCE_RULES } from '../rules/enforce';

export interface OversightDeps {
  cases: CaseStore;
  findings: FindingStore;
  clock: Clock;
}

export interface OversightOptions {
  config: EngineConfig;
  runId: string;
  /** Default: every oversight rule (lib/rules/enforce). */
  rules?: readonly OversightRule[];
  /** Keep only the findings this accepts (the check's --town scope). */
  keep?: (f: Finding) => boolean;
}

export interface OversightResult {
  findings: Finding[];
  rules: RuleSummary[];
  created: number;
}

/** Parallel reads of audit trails, a few at a time so a big case list does not flood the table. */
const AUDIT_READS_IN_FLIGHT = 8;

/**
 * Runs the oversight rules over every stored case and its audit trail and stores their
 * findings (stable ids: a re-run updates them).
 *
 * The findings are kept out of case building on purpose, and carry `case_id` null with the
 * cases they concern in their evidence: an ENFORCE finding is addressed to whoever supervises
 * the reviewers, not to the unit. Fed into buildCases, an overdue-case finding would version
 * the very case it reports on at every run (its delay grows), and one about a dismissed case's
 * unit would open a new case on that unit — undoing a dismissal through the back door.
 */
export async function runOversight(deps: OversightDeps, opts: OversightOptions): Promise<OversightResult> {
  const rules = opts.rules ?? ENFORCE_RULES;
  if (!rules.length) return { findings: [], rules: [], created: 0 };
  const cases = await deps.cases.list();
  // A `new` case has no transition yet: its trail holds nothing a rule reads.
  const withTrail = cases.filter((c) => c.status !== 'new');
  const audits = new Map<string, AuditEntry[]>();
  for (let i = 0; i < withTrail.length; i += AUDIT_READS_IN_FLIGHT) {
    const chunk = withTrail.slice(i, i + AUDIT_READS_IN_FLIGHT);
    const trails = await Promise.all(chunk.map((c) => deps.cases.audit(c.case_id)));
    chunk.forEach((c, j) => audits.set(c.case_id, trails[j]!));
  }
  const { findings, summary } = confrontOversight({ cases, audits, now: deps.clock.now() }, rules, opts.config);
  const kept = opts.keep ? findings.filter(opts.keep) : findings;
  const { created } = kept.length ? await deps.findings.put(kept, opts.runId) : { created: 0 };
  return { findings: kept, rules: summary, created };
}
