import type { Pattern, Severity } from '../domain/finding';
import { SEVERITY_RANK } from '../domain/finding';
import type { DistrictData } from '../engine/district-data';
import { SEVERITY_WEIGHT } from '../engine/ranking';
import { ACTION_LABEL, type CaseFindingRef, type CaseImpact, type CaseSubject, type RecommendedAction, type RecommendedActionCode } from './model';

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** 1 − Π(1 − w(severity)·score) over the findings: the formula of lib/engine/ranking.ts. */
export function caseRisk(findings: readonly Pick<CaseFindingRef, 'severity' | 'score'>[]): number {
  let keep = 1;
  for (const f of findings) keep *= 1 - SEVERITY_WEIGHT[f.severity] * f.score;
  return round(1 - keep, 3);
}

export function maxSeverity(findings: readonly Pick<CaseFindingRef, 'severity'>[]): Severity {
  let best: Severity = 'low';
  for (const f of findings) if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[best]) best = f.severity;
  return best;
}

/**
 * What the case weighs in the district's figures.
 *
 * - periods P = the distinct periods named by the case's findings (all periods of the data
 *   when no finding names one, e.g. a unit-level duplicate);
 * - reported_revenue = Σ_{u ∈ case units} Σ_{t ∈ P} revenue[u,t] (latest revisions, missing = 0);
 * - district_revenue = Σ_{all units} Σ_{t ∈ P} revenue[u,t];
 * - revenue_share = reported_revenue / district_revenue: how much of the district figure for
 *   those months rests on the suspect units' own reports;
 * - suspect_amount = Σ over (unit, period) of the largest `evidence.suspect_amount` among the
 *   findings on that unit-period (the max, not the sum, so two rules measuring the same
 *   inflation are not counted twice); suspect_share = suspect_amount / district_revenue.
 */
export function caseImpact(data: DistrictData, unitIds: readonly string[], findings: readonly CaseFindingRef[]): CaseImpact {
  const named = [...new Set(findings.map((f) => f.period).filter((p): p is string => p !== null))].sort();
  const periods = named.length ? named : [...data.periods];
  const cols = periods.map((p) => data.periodIndex.get(p)).filter((t): t is number => t !== undefined);
  const sumRow = (u: number) => {
    let s = 0;
    for (const t of cols) {
      const v = data.revenue[u * data.P + t]!;
      if (Number.isFinite(v)) s += v;
    }
    return s;
  };
  let reported = 0;
  for (const id of new Set(unitIds)) {
    const u = data.unitIndex.get(id);
    if (u !== undefined) reported += sumRow(u);
  }
  let district = 0;
  for (let u = 0; u < data.units.length; u++) district += sumRow(u);

  const perCell = new Map<string, number>();
  for (const f of findings) {
    if (f.suspect_amount === null) continue;
    const key = `${f.unit_ids[0] ?? ''}|${f.period ?? ''}`;
    perCell.set(key, Math.max(perCell.get(key) ?? 0, f.suspect_amount));
  }
  const suspect = perCell.size ? [...perCell.values()].reduce((a, b) => a + b, 0) : null;
  return {
    periods,
    reported_revenue: round(reported, 1),
    district_revenue: round(district, 1),
    revenue_share: district > 0 ? round(reported / district, 6) : 0,
    suspect_amount: suspect === null ? null : round(suspect, 1),
    suspect_share: suspect === null ? null : district > 0 ? round(suspect / district, 6) : 0,
  };
}

/** Patterns that, when found with high severity, are deliberate misreporting (统计造假、弄虚作假). */
export const DELIBERATE_PATTERNS: ReadonlySet<Pattern> = new Set<Pattern>([
  'FALSIFY.INFLATE',
  'FALSIFY.CONCEAL',
  'FALSIFY.FABRICATE',
  'FALSIFY.COPY',
  'RENT.THRESHOLD',
  'REGISTER.FAKE_ENTRY',
  'REGISTER.FAKE_EXIT',
  'REGISTER.BUNDLED_PROJECT',
]);

/** A suspect amount at or above this share of the district's revenue for the periods is material. */
export const MATERIAL_SUSPECT_SHARE = 0.001;
/** Risk at or above which deliberate high findings call for an investigation. */
export const INVESTIGATE_RISK = 0.9;
/** Risk below which a medium-only case is a watch-list entry. */
export const WATCH_RISK = 0.4;

/**
 * The recommended action, first clause that applies:
 * 1. 约谈 interview — the subject is an account or a town (interference: the people to talk to
 *    are the office or agent behind the filings) and a finding is high;
 * 2. 立案 investigate — a high finding of a deliberate pattern (DELIBERATE_PATTERNS) and either
 *    risk ≥ 0.9 or a suspect amount ≥ 0.1 % of the district's revenue for the periods;
 * 3. 核查 verify — any other case with a high finding, or a medium-only case with risk ≥ 0.4
 *    (an account/town case with only medium findings lands here too);
 * 4. 关注 watch — medium-only cases with risk < 0.4.
 */
export function recommendAction(subject: CaseSubject, findings: readonly CaseFindingRef[], risk: number, impact: CaseImpact): RecommendedAction {
  const opening = findings.filter((f) => !f.context);
  const high = opening.filter((f) => f.severity === 'high');
  const make = (code: RecommendedActionCode, reason_zh: string, reason_en: string): RecommendedAction => ({ code, ...ACTION_LABEL[code], reason_zh, reason_en });
  if ((subject.kind === 'account' || subject.kind === 'town') && high.length) {
    return make(
      'interview',
      `${subject.kind === 'account' ? '填报账号' : '镇街'}存在高风险干预线索，约谈责任人`,
      `high interference finding on ${subject.kind === 'account' ? 'an account' : 'a town'}: interview those responsible`,
    );
  }
  const deliberate = high.filter((f) => DELIBERATE_PATTERNS.has(f.pattern));
  const material = impact.suspect_share !== null && impact.suspect_share >= MATERIAL_SUSPECT_SHARE;
  if (deliberate.length && (risk >= INVESTIGATE_RISK || material)) {
    return make(
      'investigate',
      `高风险造假类线索（${[...new Set(deliberate.map((f) => f.pattern))].join('、')}），${risk >= INVESTIGATE_RISK ? `风险 ${risk} ≥ ${INVESTIGATE_RISK}` : `涉嫌金额占全区 ≥ ${MATERIAL_SUSPECT_SHARE * 100}%`}`,
      `high finding of a deliberate pattern (${[...new Set(deliberate.map((f) => f.pattern))].join(', ')}) and ${risk >= INVESTIGATE_RISK ? `risk ${risk} ≥ ${INVESTIGATE_RISK}` : `suspect amount ≥ ${MATERIAL_SUSPECT_SHARE * 100}% of the district`}`,
    );
  }
  if (high.length) return make('verify', '存在高风险线索，需现场或书面核查', 'a high finding to verify on site or in writing');
  if (risk >= WATCH_RISK) return make('verify', `中风险线索，风险 ${risk} ≥ ${WATCH_RISK}`, `medium findings with risk ${risk} ≥ ${WATCH_RISK}`);
  return make('watch', `仅中风险线索且风险 ${risk} < ${WATCH_RISK}，列入关注`, `medium findings only, risk ${risk} < ${WATCH_RISK}: watch list`);
}
