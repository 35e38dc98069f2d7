import * as z from 'zod';
import { clamp01, defineRule, pct, round, severityOf, type RuleFinding } from '../../engine/rule';
import { kiloYuan, progressViews } from './progress';

/**
 * RENT.THRESHOLD (projects) — planned investment put just over the project register's threshold,
 * while the works, once finished, cost far less than planned and less than the threshold. A plan
 * just over the threshold alone is not evidence (honest projects land there and are built to
 * plan); the corroboration is the finished project's own progress: seen from its start, quiet for
 * months at the end, and its whole completed investment well below both the plan and the
 * threshold — the real works would never have entered the register.
 */
export const thresholdShortfall = defineRule({
  id: 'projects.threshold-shortfall',
  version: 1,
  pattern: 'RENT.THRESHOLD',
  title: { zh: '计划总投资刚过入库标准而实际完成远低于计划', en: 'Plan just over the project threshold, works finished far below it' },
  description: {
    zh: '计划总投资在入库标准（5000千元）以上10%以内，项目自开工起的月度完成投资都在数据期内（开工后2个月内开始报送），末尾连续4个月以上无完成投资（已完工），且全部完成投资不足计划的70%、低于入库标准时报出：实际工程量达不到标准，计划总投资是为入库而抬高的。完成不足计划越多、计划越贴近标准，分数越高。仍在施工、开工早于数据期（完成投资看不全）的项目不判断；按计划建成的刚过标准项目不报。',
    en: 'Flags a project planned within 10% above the register threshold (5 000), whose progress is seen from its start (first report within 2 months of the start), that has reported no completed investment for 4 or more months at the end (finished), and whose whole completed investment is under 70% of the plan and under the threshold: the real works would not have qualified, so the plan was raised to enter the register. The further below plan and the closer the plan to the threshold, the higher the score. Projects still under way, or started before the data (progress not fully seen), are not judged; a project just over the threshold built to plan stays silent.',
  },
  scope: 'project',
  reads: ['projects', 'project_progress'],
  params: z.object({
    /** Planned investment up to threshold × (1 + nearBand) counts as "just over". */
    nearBand: z.number().positive().default(0.1),
    /** Completed investment at most this share of the plan. */
    maxShare: z.number().min(0).max(1).default(0.7),
    /** Months without completed investment at the end of the data before a project counts as finished (longer than a winter stop). */
    quietMonths: z.number().int().min(1).default(4),
    /** Reported months with positive progress needed (a project that really ran). */
    minActiveMonths: z.number().int().min(1).default(3),
    /** Months allowed between the start and the first progress report; a later first report means early progress is missing. */
    maxStartGap: z.number().int().min(0).default(2),
  }),
  evaluate(data, params, ctx) {
    const out: RuleFinding[] = [];
    const T = ctx.projectThreshold;
    const P = data.P;
    for (const v of progressViews(data)) {
      const p = v.project;
      const planned = p.planned_investment;
      if (!(planned >= T && planned <= T * (1 + params.nearBand))) continue;
      if (!v.seenFromStart || v.lastPositive < 0) continue;
      const startIndex = data.periodIndex.get(p.start_period);
      if (startIndex !== undefined && v.firstReported - startIndex > params.maxStartGap) continue;
      const quiet = P - 1 - v.lastPositive;
      if (quiet < params.quietMonths) continue;
      let active = 0;
      for (let t = v.firstPositive; t <= v.lastPositive; t++) if (v.series[t]! > 0) active++;
      if (active < params.minActiveMonths) continue;
      const share = v.total / planned;
      if (share > params.maxShare || v.total >= T) continue;
      const nearness = 1 - (planned - T) / (T * params.nearBand);
      const score = clamp01(0.45 + (params.maxShare - share) + 0.1 * nearness);
      const from = data.periods[v.firstPositive]!;
      const to = data.periods[v.lastPositive]!;
      out.push({
        subject: { kind: 'project', id: p.project_id },
        unit_ids: [p.owner_unit_id],
        period: p.start_period,
        score: round(score, 3),
        severity: severityOf(score),
        summary_zh: `项目“${p.name}”计划总投资${kiloYuan(planned)}千元，仅高出入库标准${T}千元${pct((planned - T) / T, 1)}；${from}至${to}施工后已${quiet}个月无完成投资，累计完成${kiloYuan(v.total)}千元，仅为计划的${pct(share)}、低于入库标准，疑为抬高计划总投资以入库`,
        summary_en: `Project "${p.name}" planned ${kiloYuan(planned)} thousand yuan, ${pct((planned - T) / T, 1)} over the ${T} register threshold; built ${from} to ${to} and quiet for ${quiet} months since, it completed ${kiloYuan(v.total)}, ${pct(share)} of the plan and below the threshold: the plan was probably raised to enter the register`,
        evidence: {
          project: {
            project_id: p.project_id,
            name: p.name,
            owner_unit_id: p.owner_unit_id,
            planned_investment: planned,
            start_period: p.start_period,
            registered_at: p.registered_at,
            permit_id: p.permit_id ?? null,
            component_count: p.component_count ?? null,
          },
          threshold: T,
          above_threshold_by: round((planned - T) / T, 4),
          completed_total: round(v.total, 1),
          completed_share_of_plan: round(share, 4),
          active_months: active,
          first_progress: from,
          last_progress: to,
          quiet_months_at_end: quiet,
          max_share: params.maxShare,
        },
      });
    }
    return out;
  },
});
