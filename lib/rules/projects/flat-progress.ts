import * as z from 'zod';
import { clamp01, defineRule, round, severityOf, type RuleFinding } from '../../engine/rule';
import { calendarMonth, kiloYuan, progressViews } from './progress';

/**
 * FALSIFY.FABRICATE (projects) — the same completed investment month after month. Real works are
 * lumpy: foundations, structure and fit-out cost different sums, and construction nearly stops in
 * winter and around the Spring Festival. An identical figure for half a year or more is written,
 * not measured; a round figure and a run through January–February make it plainer.
 */
export const flatProgress = defineRule({
  id: 'projects.flat-progress',
  version: 1,
  pattern: 'FALSIFY.FABRICATE',
  title: { zh: '项目月度完成投资长期不变', en: 'Completed investment identical month after month' },
  description: {
    zh: '同一项目连续6个月以上报送完全相同的月度完成投资（非零）时报出。真实施工投资起伏不定，冬季和春节前后明显回落，长期一个数是填报而非计量；数值为整百、或相同数值跨过1—2月（冬歇、春节）时加分。连续月数越长分数越高；仅有6个月且非整数、未跨冬季的只列入观察。',
    en: 'Flags a project that reports the same non-zero completed investment for 6 or more consecutive months. Real works are lumpy and drop in winter and around the Spring Festival, so one figure for months on end is written, not measured; a round hundred, or a run through January–February (winter stop, Spring Festival), adds to the score, and so does a longer run. Six months of an unround figure outside winter is only watch-listed.',
  },
  scope: 'project',
  reads: ['projects', 'project_progress'],
  params: z.object({
    /** Consecutive months with the identical figure needed. */
    minRun: z.number().int().min(3).default(6),
    /** Figures below this (thousand yuan) are ignored: tiny fees repeat honestly. */
    minValue: z.number().min(0).default(50),
    /** A figure divisible by this is "round". */
    roundUnit: z.number().positive().default(100),
  }),
  evaluate(data, params) {
    const out: RuleFinding[] = [];
    for (const v of progressViews(data)) {
      const s = v.series;
      let bestLen = 0;
      let bestStart = -1;
      let runStart = -1;
      for (let t = 0; t <= s.length; t++) {
        const x = t < s.length ? s[t]! : Number.NaN;
        const continues = runStart >= 0 && x === s[runStart];
        if (continues) continue;
        if (runStart >= 0 && t - runStart > bestLen) {
          bestLen = t - runStart;
          bestStart = runStart;
        }
        runStart = !Number.isNaN(x) && x >= params.minValue ? t : -1;
      }
      if (bestLen < params.minRun) continue;
      const value = s[bestStart]!;
      const from = data.periods[bestStart]!;
      const to = data.periods[bestStart + bestLen - 1]!;
      let winter = 0;
      for (let t = bestStart; t < bestStart + bestLen; t++) {
        const m = calendarMonth(data.periods[t]!);
        if (m === 1 || m === 2) winter++;
      }
      const roundFigure = value % params.roundUnit === 0;
      const share = bestLen / v.months;
      const score = clamp01(0.45 + Math.min(0.2, 0.05 * (bestLen - params.minRun)) + (roundFigure ? 0.15 : 0) + (winter > 0 ? 0.15 : 0));
      const p = v.project;
      out.push({
        subject: { kind: 'project', id: p.project_id },
        unit_ids: [p.owner_unit_id],
        period: from,
        score: round(score, 3),
        severity: severityOf(score),
        summary_zh: `项目“${p.name}”${from}至${to}连续${bestLen}个月报送完成投资均为${kiloYuan(value)}千元${roundFigure ? '（整百）' : ''}${winter ? `，含${winter}个1—2月冬歇/春节月份` : ''}，占其全部${v.months}个报送月的${Math.round(share * 100)}%，疑为编造`,
        summary_en: `Project "${p.name}" reports exactly ${kiloYuan(value)} thousand yuan completed in each of ${bestLen} consecutive months ${from} to ${to}${roundFigure ? ' (a round figure)' : ''}${winter ? `, ${winter} of them in January–February (winter stop, Spring Festival)` : ''}, ${Math.round(share * 100)}% of its ${v.months} reported months: probably invented`,
        evidence: {
          project: { project_id: p.project_id, name: p.name, owner_unit_id: p.owner_unit_id, planned_investment: p.planned_investment, start_period: p.start_period },
          value,
          run_months: bestLen,
          run_from: from,
          run_to: to,
          reported_months: v.months,
          run_share: round(share, 3),
          round_figure: roundFigure,
          winter_months_in_run: winter,
          reported_total: round(v.total, 1),
        },
      });
    }
    return out;
  },
});
