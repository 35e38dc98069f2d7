import * as z from 'zod';
import type { RecordKind } from '../domain/kinds';
import type { Category } from '../domain/kinds';
import type { Finding, Pattern, Severity } from '../domain/finding';
import type { DistrictData } from './district-data';

export type RuleScope = 'record' | 'unit' | 'peer_group' | 'town' | 'account' | 'district' | 'project' | 'register_event';

/**
 * What a rule returns: a finding without the fields the engine fills in (id, rule, version,
 * case). `pattern` may override the rule's own when one rule tells two patterns apart
 * (inflate / conceal).
 */
export type RuleFinding = Omit<Finding, 'finding_id' | 'rule_id' | 'rule_version' | 'pattern' | 'case_id'> & { pattern?: Pattern };

/** Facts every rule may use, from the one configuration. */
export interface RuleContext {
  /** Annual revenue thresholds of the above-scale register (thousand yuan); null = no revenue threshold. */
  registerThresholds: Record<Category, number | null>;
  projectThreshold: number;
  /** The district's own division code (6 digits) for cross-district checks. */
  districtCode: string | null;
}

/**
 * A detection rule as data: identity, the pattern it finds, its titles in both languages, its
 * parameters (a zod schema whose defaults are the one configuration), the records it reads,
 * and `evaluate`, which turns the district into findings with evidence.
 */
export interface Rule<S extends z.ZodObject = z.ZodObject> {
  id: string;
  version: number;
  pattern: Pattern;
  title: { zh: string; en: string };
  description: { zh: string; en: string };
  scope: RuleScope;
  reads: RecordKind[];
  params: S;
  evaluate(data: DistrictData, params: z.output<S>, ctx: RuleContext): RuleFinding[];
}

export function defineRule<S extends z.ZodObject>(rule: Rule<S>): Rule<S> {
  return rule;
}

/** Severity from a score, with the cut points every rule shares unless it has reason not to. */
export function severityOf(score: number, high = 0.8, medium = 0.5): Severity {
  return score >= high ? 'high' : score >= medium ? 'medium' : 'low';
}

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function pct(x: number, digits = 0): string {
  return `${(x * 100).toFixed(digits)}%`;
}
