import type { Finding } from '../domain/finding';
import { paramsFor, type EngineConfig } from '../engine/config';
import { finiteEvidence, type RuleSummary } from '../engine/confront';
import { findingId } from '../engine/finding-id';
import type { OversightInput, OversightRule } from './oversight-rule';

/**
 * The id of an oversight finding: rule and the rule's key (a case and stage, a reviewer, a
 * town). Not the subject: a reviewer's finding names the town where most of their dismissals
 * lie, which may change between runs while the finding stays the same.
 */
export function oversightFindingId(ruleId: string, key: string): string {
  return findingId(ruleId, 'oversight', key, null);
}

/**
 * Runs the enabled oversight rules, as `confront` runs detection rules: a rule that throws is
 * recorded as that rule's error and the others go on; findings get stable ids and no case.
 */
export function confrontOversight(input: OversightInput, rules: readonly OversightRule[], config: EngineConfig): { findings: Finding[]; summary: RuleSummary[] } {
  const findings: Finding[] = [];
  const summary: RuleSummary[] = [];
  for (const rule of rules) {
    const started = performance.now();
    const s: RuleSummary = { rule_id: rule.id, pattern: rule.pattern, findings: 0, high: 0, medium: 0, low: 0, error: null, ms: 0 };
    summary.push(s);
    if (config.rules[rule.id]?.enabled === false) continue;
    try {
      const seen = new Set<string>();
      for (const { key, pattern, ...f } of rule.evaluate(input, paramsFor(rule, config))) {
        const id = oversightFindingId(rule.id, key);
        if (seen.has(id)) continue;
        seen.add(id);
        const score = Number.isFinite(f.score) ? Math.min(1, Math.max(0, f.score)) : 0;
        findings.push({
          finding_id: id,
          rule_id: rule.id,
          rule_version: rule.version,
          pattern: pattern ?? rule.pattern,
          ...f,
          evidence: finiteEvidence(f.evidence) as Finding['evidence'],
          score: Math.round(score * 1000) / 1000,
          case_id: null,
        });
        s.findings++;
        s[f.severity]++;
      }
    } catch (err) {
      s.error = (err as Error).stack ?? String(err);
    }
    s.ms = Math.round(performance.now() - started);
  }
  return { findings, summary };
}
