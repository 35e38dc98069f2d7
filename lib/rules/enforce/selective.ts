import * as z from 'zod';
import type { Finding } from '../../domain/finding';
import { clamp01, pct, round, severityOf } from '../../engine/rule';
import { decisionsOf, type Decision } from '../../oversight/decisions';
import { compareDismissalRates, type GroupComparison } from '../../oversight/dismissal-rates';
import { DAY_MS, defineOversightRule, type OversightFinding } from '../../oversight/oversight-rule';
import { classifyDismissals, type DismissalQuality } from '../../oversight/reasons';
import { benjaminiHochberg } from '../../stats/multiple-testing';

/**
 * ENFORCE.SELECTIVE — a reviewer (or a town's cases) dismissed markedly more leads than
 * comparable cases elsewhere, and the excess is not explained by recorded reasons.
 *
 * Three gates, each for a look-alike that must stay silent:
 * 1. Significance within strata. Cases are compared only with cases of the same leading
 *    pattern and severity (a reviewer handed weaker leads dismisses more, legitimately); the
 *    exact stratified test (lib/stats/exact-stratified.ts) gives P(this many dismissals or more
 *    | every stratum's margins). Groups with too few comparable decisions are not tested.
 *    Every reviewer and town is screened at once, so the p-values are Benjamini–Hochberg
 *    adjusted over all tests of the run and a group is significant at q ≤ alpha.
 * 2. Size. Dismissals exceed the strata's expectation by at least `minExcessRate` of the
 *    group's decisions: a significant but small difference is not "marked".
 * 3. No recorded reason. At least `minUnsupportedShare` of the group's dismissals are
 *    boilerplate (lib/oversight/reasons.ts: short, reused verbatim, or without evidence that
 *    says something). Dismissals argued case by case are accountable as they stand.
 *
 * One-sided on purpose: the harm watched is leads let go (执法不严). Filing more than others
 * goes through 立案 approval and a rectification ledger, which review it anyway.
 *
 * Subject: findings must name a unit, project, account, town or register event, and a reviewer
 * is none of them. A town comparison names that town; a reviewer comparison names the town
 * where most of the reviewer's dismissals lie, with the reviewer id in the evidence and the
 * units of the boilerplate dismissals in `unit_ids`.
 */
export const selective = defineOversightRule({
  id: 'enforce.selective',
  version: 1,
  pattern: 'ENFORCE.SELECTIVE',
  title: { zh: '选择性执法：排除率异常且无实质理由', en: 'Dismissal rate markedly higher without recorded reasons' },
  description: {
    zh: '按线索模式与严重程度分层，比较每名核查人员、每个镇街的排除率与其他人员同类案件的排除率（分层精确检验，Benjamini–Hochberg 多重检验校正）；显著偏高、超出幅度明显，且多数排除理由为套话（过短、多案雷同或未列有效核查证据）时列为线索。决定数过少的不作检验。',
    en: "Per reviewer and per town, the dismissal rate is compared with everyone else's on comparable cases (strata of leading pattern × severity; exact stratified test, Benjamini–Hochberg correction). A finding needs a significant and marked excess AND mostly boilerplate reasons (too short, reused verbatim across cases, or no evidence item that says something). Groups with too few decisions are not tested.",
  },
  scope: 'reviewer',
  reads: ['cases', 'case_audit'],
  params: z.object({
    compare: z
      .array(z.enum(['reviewer', 'town']))
      .min(1)
      .default(['reviewer', 'town']),
    /** Only decisions made within this many days before the run. */
    windowDays: z.number().positive().default(365),
    /** Comparable decisions a group (and its comparison group) needs before it is tested. */
    minDecisions: z.number().int().min(1).default(10),
    /** False discovery rate (Benjamini–Hochberg) over every test of the run. */
    alpha: z.number().gt(0).lt(1).default(0.05),
    /** (dismissed − expected) / decisions needed to call the difference marked. */
    minExcessRate: z.number().min(0).max(1).default(0.15),
    /** Share of the group's dismissals that must be boilerplate. */
    minUnsupportedShare: z.number().min(0).max(1).default(0.5),
    minReasonLength: z.number().int().min(0).default(16),
    minEvidenceLength: z.number().int().min(0).default(4),
    reuseLimit: z.number().int().min(2).default(3),
  }),
  evaluate({ cases, audits, now }, p) {
    const from = new Date(now.getTime() - p.windowDays * DAY_MS).toISOString();
    const to = now.toISOString();
    const decisions = decisionsOf(cases, audits).filter((d) => d.at > from && d.at <= to);
    const quality = classifyDismissals(decisions, p);
    const tested = p.compare.flatMap((kind) => compareDismissalRates(decisions, kind, p.minDecisions));
    const q = benjaminiHochberg(tested.map((g) => g.test.pGreater));
    const out: OversightFinding[] = [];
    tested.forEach((g, i) => {
      const excessRate = (g.test.observed - g.test.expected) / g.decisions;
      const dismissedHere = g.members.filter((d) => d.outcome === 'dismissed');
      const unsupported = dismissedHere.filter((d) => !quality.get(d.case_id)?.substantive);
      const share = dismissedHere.length ? unsupported.length / dismissedHere.length : 0;
      if (!(q[i]! <= p.alpha && excessRate >= p.minExcessRate && share >= p.minUnsupportedShare)) return;
      out.push(selectiveFinding(g, { q: q[i]!, tests: tested.length, excessRate, unsupported, share, quality, window: { from, to } }, p));
    });
    return out;
  },
});

interface Judgement {
  q: number;
  tests: number;
  excessRate: number;
  unsupported: Decision[];
  share: number;
  quality: ReadonlyMap<string, DismissalQuality>;
  window: { from: string; to: string };
}

function modalTown(decisions: readonly Decision[]): string {
  const counts = new Map<string, number>();
  for (const d of decisions) if (d.town_code) counts.set(d.town_code, (counts.get(d.town_code) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'unknown';
}

function selectiveFinding(g: GroupComparison, j: Judgement, p: { alpha: number; minExcessRate: number }): OversightFinding {
  const dismissed = g.members.filter((d) => d.outcome === 'dismissed');
  const town = g.comparison === 'town' ? g.group : modalTown(dismissed.length ? dismissed : g.members);
  const subject: Finding['subject'] = { kind: 'town', id: town };
  const rate = g.dismissed / g.decisions;
  const expectedRate = g.test.expected / g.decisions;
  const restRate = g.rest.dismissed / g.rest.decisions;
  // At the minimum excess the score is 0.5 (medium); 1.6× the minimum reaches high.
  const score = clamp01(j.excessRate / (2 * Math.max(p.minExcessRate, 1e-9)));
  const who = g.comparison === 'reviewer' ? { zh: `核查人员 ${g.group}`, en: `Reviewer ${g.group}` } : { zh: `镇街 ${g.group} 的案件`, en: `Cases of town ${g.group}` };
  const count = (list: readonly Decision[]) => Object.fromEntries([...list.reduce((m, d) => m.set(d.town_code, (m.get(d.town_code) ?? 0) + 1), new Map<string, number>())].sort());
  return {
    key: `${g.comparison}:${g.group}`,
    subject,
    unit_ids: [...new Set(j.unsupported.flatMap((d) => d.unit_ids))].sort(),
    period: null,
    score: round(score, 3),
    severity: severityOf(score),
    summary_zh: `${who.zh}在可比案件（同线索模式、同严重程度）中排除 ${g.dismissed}/${g.decisions} 件（${pct(rate)}），按其他人员同类案件的排除率预计约 ${g.test.expected.toFixed(1)} 件（${pct(expectedRate)}）；其中 ${j.unsupported.length} 件排除理由为套话或缺少有效证据（单侧 p=${g.test.pGreater.toPrecision(2)}，BH 校正 q=${j.q.toPrecision(2)}）`,
    summary_en: `${who.en} dismissed ${g.dismissed} of ${g.decisions} comparable cases (same leading pattern and severity; ${pct(rate)}) where the others' rates on such cases predict about ${g.test.expected.toFixed(1)} (${pct(expectedRate)}); ${j.unsupported.length} of the dismissals carry boilerplate reasons or no evidence that says something (one-sided p=${g.test.pGreater.toPrecision(2)}, BH q=${j.q.toPrecision(2)})`,
    evidence: {
      comparison: g.comparison,
      reviewer: g.comparison === 'reviewer' ? g.group : null,
      town_code: g.comparison === 'town' ? g.group : null,
      comparison_group: g.comparison === 'reviewer' ? 'every other reviewer, same strata' : 'cases of every other town, same strata',
      strata_by: 'leading pattern × severity',
      decisions: g.decisions,
      dismissed: g.dismissed,
      dismissal_rate: round(rate, 4),
      expected_dismissed: round(g.test.expected, 3),
      expected_rate: round(expectedRate, 4),
      excess_rate: round(j.excessRate, 4),
      rest: { decisions: g.rest.decisions, dismissed: g.rest.dismissed, dismissal_rate: round(restRate, 4) },
      mh_odds_ratio: g.test.oddsRatio === null ? null : round(g.test.oddsRatio, 3),
      test: 'exact stratified (conditional) test, one-sided: more dismissals',
      p_value: g.test.pGreater,
      q_value: j.q,
      tests: j.tests,
      alpha: p.alpha,
      strata: g.strata,
      unsupported_dismissals: j.unsupported.length,
      unsupported_share: round(j.share, 4),
      boilerplate: j.unsupported.map((d) => ({
        case_id: d.case_id,
        reviewer: d.reviewer,
        reason: d.reason,
        evidence_checked: d.evidence_checked,
        signs: j.quality.get(d.case_id)?.signs ?? [],
        reused_by: j.quality.get(d.case_id)?.reused_by ?? 0,
      })),
      dismissed_case_ids: dismissed.map((d) => d.case_id),
      dismissals_by_town: count(dismissed),
      reviewers: g.comparison === 'town' ? [...new Set(dismissed.map((d) => d.reviewer))].sort() : [g.group],
      window: j.window,
    },
  };
}
