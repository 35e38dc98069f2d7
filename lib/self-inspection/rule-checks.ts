import { confront } from '../engine/confront';
import type { DistrictData } from '../engine/district-data';
import type { EngineConfig } from '../engine/config';
import type { Rule } from '../engine/rule';
import type { Finding } from '../domain/finding';
import { crossSourceShift } from '../rules/falsify/cross-source-shift';
import { hardEdits } from '../rules/falsify/hard-edits';
import { headcountShift } from '../rules/falsify/headcount-shift';
import { fakeEntry } from '../rules/register/fake-entry';
import { fakeExit } from '../rules/register/fake-exit';
import type { Detected } from './problem';
import { maskForeignIds, pickEvidence } from './redact';

/**
 * The detection rules self-inspection reuses, each with the evidence keys a unit may see. A rule
 * is listed only when, run on a district of one unit, it judges that unit by its own records:
 * - hard edits: the unit's own report;
 * - cross-source shift: the unit's revenue against its own tax and metered electricity (its peer
 *   test and copy check find no other unit here and stay silent);
 * - headcount shift: reported employees and wages against the unit's own insured headcount (with
 *   no peers or town units beside it, its common-cause test finds nothing to lower it by);
 * - fake entry / fake exit: an application against the unit's own tax, electricity and
 *   insurance (with no peers, fake entry judges the declaration against the unit's own quarters
 *   before the window).
 * Left out on purpose: threshold bunching (needs the peer group; replaced by the threshold
 * check on anonymised statistics), copied figures, digit analysis, duplicates and every
 * interference rule (they compare units with each other, or judge accounts and towns).
 */
export const REUSED_RULES: readonly { rule: Rule; evidence: readonly string[] }[] = [
  { rule: hardEdits, evidence: ['revision', 'broken', 'tolerance'] },
  { rule: crossSourceShift, evidence: ['months', 'direction', 'sources', 'tax', 'electricity', 'employees_vs_insured_shift_log', 'tracking_ratio'] },
  { rule: headcountShift, evidence: ['months', 'employees_vs_insured', 'wages_vs_insured', 'employees_median', 'insured_shift_log', 'tax_shift_log', 'kwh_shift_log'] },
  { rule: fakeEntry, evidence: ['event', 'window', 'threshold', 'tax', 'electricity', 'insured', 'pre_entry_jump_vs_tax', 'components'] },
  { rule: fakeExit, evidence: ['event', 'threshold', 'recent_window', 'tax', 'electricity', 'reported'] },
];

/** The months a finding covers: its evidence's window when it has one, else its period. */
export function findingPeriods(f: Finding, data: DistrictData): string[] {
  const months = f.evidence.months as { from?: string; to?: string } | undefined;
  if (months?.from && months.to) return data.periods.filter((p) => p >= months.from! && p <= months.to!);
  return f.period ? [f.period] : [];
}

export interface RuleCheckResult {
  detected: Detected[];
  /** Periods covered by a cross-source episode: the single-month check leaves these to it. */
  coveredByShift: Set<string>;
  /** Rules that threw (reported in the report's check list, never fatal). */
  errors: { rule_id: string; error: string }[];
}

/**
 * Runs the reused rules on the unit's own district and keeps the findings that concern the
 * upload: a report period of the upload, an episode that spans one, or an uploaded application.
 */
export function runReusedRules(data: DistrictData, unitId: string, config: EngineConfig, scope: { periods: ReadonlySet<string>; events: ReadonlySet<string> }): RuleCheckResult {
  const rules = REUSED_RULES.map((r) => r.rule);
  const { findings, summary } = confront(data, rules, config);
  const allow = new Map(REUSED_RULES.map((r) => [r.rule.id, r.evidence]));
  const detected: Detected[] = [];
  const coveredByShift = new Set<string>();
  for (const f of findings) {
    if (!f.unit_ids.includes(unitId)) continue;
    const periods = findingPeriods(f, data);
    const concerns = f.subject.kind === 'register_event' ? scope.events.has(f.subject.id) : periods.some((p) => scope.periods.has(p));
    if (!concerns) continue;
    if (f.rule_id === crossSourceShift.id) for (const p of periods) coveredByShift.add(p);
    detected.push({
      rule_id: f.rule_id,
      pattern: f.pattern,
      severity: f.severity,
      period: f.period,
      subject: `${f.subject.kind}:${f.subject.id}`,
      summary_zh: maskForeignIds(f.summary_zh, unitId),
      summary_en: maskForeignIds(f.summary_en, unitId),
      figures: { score: f.score, ...pickEvidence(f.evidence, allow.get(f.rule_id) ?? [], unitId) },
    });
  }
  const errors = summary.filter((s) => s.error).map((s) => ({ rule_id: s.rule_id, error: s.error!.split('\n')[0]! }));
  return { detected, coveredByShift, errors };
}
