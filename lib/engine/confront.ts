import type { Finding } from '../domain/finding';
import type { DistrictData } from './district-data';
import { attribute } from './attribution';
import { findingId } from './finding-id';
import type { Rule, RuleContext } from './rule';
import type { EngineConfig } from './config';
import { paramsFor } from './config';

/** Per rule, what one run produced: R validate's summary (items, findings, errors) plus time. */
export interface RuleSummary {
  rule_id: string;
  pattern: string;
  findings: number;
  high: number;
  medium: number;
  low: number;
  error: string | null;
  ms: number;
}

export interface ConfrontResult {
  findings: Finding[];
  summary: RuleSummary[];
}

/**
 * Runs every enabled rule over the district. A rule that throws is recorded as an error for
 * that rule and the run goes on; findings get stable ids from rule, subject and period. Then one
 * attribution step (lib/engine/attribution.ts) decides which pattern owns a story that several
 * rules saw; the per-rule summary counts each rule's own verdicts, before attribution.
 */
export function confront(data: DistrictData, rules: readonly Rule[], config: EngineConfig, opts: { onRule?: (rule: Rule, done: number) => void } = {}): ConfrontResult {
  const ctx: RuleContext = { registerThresholds: config.registerThresholds, projectThreshold: config.projectThreshold, districtCode: config.districtCode };
  const findings: Finding[] = [];
  const summary: RuleSummary[] = [];
  rules.forEach((rule, i) => {
    const started = performance.now();
    const s: RuleSummary = { rule_id: rule.id, pattern: rule.pattern, findings: 0, high: 0, medium: 0, low: 0, error: null, ms: 0 };
    if (config.rules[rule.id]?.enabled === false) {
      summary.push(s);
      return;
    }
    try {
      const seen = new Set<string>();
      for (const f of rule.evaluate(data, paramsFor(rule, config), ctx)) {
        const id = findingId(rule.id, f.subject.kind, f.subject.id, f.period);
        if (seen.has(id)) continue;
        seen.add(id);
        const { pattern, ...rest } = f;
        const score = Number.isFinite(f.score) ? Math.min(1, Math.max(0, f.score)) : 0;
        findings.push({
          finding_id: id,
          rule_id: rule.id,
          rule_version: rule.version,
          pattern: pattern ?? rule.pattern,
          ...rest,
          evidence: finiteEvidence(rest.evidence) as Finding['evidence'],
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
    summary.push(s);
    opts.onRule?.(rule, i + 1);
  });
  return { findings: attribute(findings), summary };
}

/**
 * Evidence with every non-finite number (an undefined ratio) as null: DynamoDB and JSON carry
 * no NaN or Infinity, and a reviewer reads "no value" better than a broken one.
 */
export function finiteEvidence(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(finiteEvidence);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, finiteEvidence(v)]));
  return value;
}
