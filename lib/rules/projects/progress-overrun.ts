import * as z from 'zod';
import { clamp01, defineRule, pct, round, severityOf, type RuleFinding } from '../../engine/rule';
import { kiloYuan, progressViews } from './progress';

/**
 * FALSIFY.INFLATE (projects) — completed investment reported far beyond the project's planned
 * total investment. The reported months are only part of the project's life, so their sum is a
 * lower bound of what the owner claims to have built; when that lower bound alone passes the plan
 * by a third or more, the progress reports are inflated (or the plan was never revised, which the
 * owner must then show). Large projects do overrun by a tenth or so: that stays silent.
 */
export const progressOverrun = defineRule({
  id: 'projects.progress-overrun',
  version: 1,
  pattern: 'FALSIFY.INFLATE',
  title: { zh: '项目完成投资超计划总投资', en: 'Completed investment beyond the planned total' },
  description: {
    zh: '已报送月份的完成投资合计（仅是自开工累计完成投资的下限）超过计划总投资30%以上时报出：大项目超概算一成左右属正常，超过三成而计划总投资未调整，说明月度完成投资虚报。逐月不减、末值不超过计划总投资的序列像是误报了自年初累计数，只列入观察。',
    en: 'Flags a project whose reported completed investment, summed over the reported months (only a lower bound of the total since the start), exceeds the planned total investment by more than 30%: big projects overrun by a tenth or so, but a third or more without a revised plan means the monthly progress was inflated. A series that never falls and ends below the plan reads as year-to-date figures filed by mistake and is only watch-listed.',
  },
  scope: 'project',
  reads: ['projects', 'project_progress'],
  params: z.object({
    /** Reported total over planned above which the project is flagged (1.3 = 30% over plan). */
    overrunRatio: z.number().min(1).default(1.3),
    /** Ratio at which the score reaches the high cut (0.8). */
    highRatio: z.number().min(1).default(1.6),
    /** The excess over plan must also be at least this much (thousand yuan): small plans round badly. */
    minExcess: z.number().min(0).default(500),
    /** Reported months needed. */
    minMonths: z.number().int().min(1).default(3),
  }),
  evaluate(data, params) {
    const out: RuleFinding[] = [];
    for (const v of progressViews(data)) {
      const p = v.project;
      const planned = p.planned_investment;
      if (!(planned > 0) || v.months < params.minMonths) continue;
      const ratio = v.total / planned;
      if (ratio <= params.overrunRatio || v.total - planned < params.minExcess) continue;
      // The month the reported sum passed the plan, and the largest single month.
      let cum = 0;
      let crossed = -1;
      let peak = 0;
      let prev = Number.NaN;
      let steps = 0;
      let rising = 0;
      for (let t = 0; t < v.series.length; t++) {
        const x = v.series[t]!;
        if (Number.isNaN(x)) continue;
        cum += x;
        if (crossed < 0 && cum > planned) crossed = t;
        if (x > peak) peak = x;
        if (!Number.isNaN(prev)) {
          steps++;
          if (x >= prev) rising++;
        }
        prev = x;
      }
      // Year-to-date figures filed as monthly ones: a series that never falls and whose last
      // value stays within the plan. Then the plan is not contradicted, only the form misread.
      const cumulativeLike = steps >= 3 && rising / steps >= 0.9 && peak <= planned * 1.1;
      const span = Math.max(params.highRatio - params.overrunRatio, 1e-6);
      let score = clamp01(0.5 + (0.3 * (ratio - params.overrunRatio)) / span);
      if (cumulativeLike) score = Math.min(score, 0.45);
      const period = crossed >= 0 ? data.periods[crossed]! : null;
      out.push({
        subject: { kind: 'project', id: p.project_id },
        unit_ids: [p.owner_unit_id],
        period,
        score: round(score, 3),
        severity: severityOf(score),
        summary_zh: `项目“${p.name}”计划总投资${kiloYuan(planned)}千元，${v.months}个月报送完成投资合计${kiloYuan(v.total)}千元，为计划的${pct(ratio)}${period ? `（${period}已超计划）` : ''}${cumulativeLike ? '；序列逐月不减，或为误报自年初累计数' : '，超出部分无计划调整支撑，疑为虚报完成投资'}`,
        summary_en: `Project "${p.name}" plans ${kiloYuan(planned)} thousand yuan but reports ${kiloYuan(v.total)} completed over ${v.months} months, ${pct(ratio)} of the plan${period ? ` (past the plan in ${period})` : ''}${cumulativeLike ? '; the series never falls and may be year-to-date figures filed by mistake' : ': completed investment probably inflated'}`,
        evidence: {
          project: { project_id: p.project_id, name: p.name, owner_unit_id: p.owner_unit_id, planned_investment: planned, start_period: p.start_period, permit_id: p.permit_id ?? null },
          reported_total: round(v.total, 1),
          reported_months: v.months,
          ratio_to_plan: round(ratio, 4),
          overrun_ratio: params.overrunRatio,
          excess: round(v.total - planned, 1),
          crossed_plan_in: period,
          largest_month: round(peak, 1),
          seen_from_start: v.seenFromStart,
          cumulative_like: cumulativeLike,
        },
      });
    }
    return out;
  },
});
