import * as z from 'zod';
import { defineRule, round, severityOf, type RuleFinding } from '../../engine/rule';
import { periodToMonth } from '../../engine/district-data';
import { latestMarketStatus, windowStat } from './evidence';

/**
 * REGISTER.MISSED_EXIT — a unit that market regulation deregistered (注销) or revoked (吊销)
 * but that is still in the register, or still files reports for months after that date.
 */
export const missedExit = defineRule({
  id: 'register.missed-exit',
  version: 1,
  pattern: 'REGISTER.MISSED_EXIT',
  title: { zh: '应退未退', en: 'Deregistered unit still in the register' },
  description: {
    zh: '以市场监管最新状态为准：已注销或吊销的单位仍在名录中，或在注销日期所在月之后仍报送报表的，列为应退未退；注销后税务记录中断作为佐证。给出报送滞后的宽限期（注销日在数据末尾两个月内且未再报送的仅为“低”）。“经营异常”不是退库理由，至多为“低”。',
    en: 'Market regulation\'s latest status decides: a unit deregistered or revoked that is still in the register, or files reports for months after the month of that date, missed its exit; tax records stopping after the date corroborate. A grace period covers processing lag (a date within the last two months of data with no later reports is low only). "Abnormal operation" is not a reason to leave the register and gives low at most.',
  },
  scope: 'unit',
  reads: ['market_status', 'units', 'submissions', 'tax'],
  params: z.object({
    /** Months after the status date the bureau may take to process the exit. */
    graceMonths: z.number().int().min(0).default(2),
    /** Report abnormal-operation status as a low watch-list item. */
    reportAbnormal: z.boolean().default(true),
    /** Months of abnormal status before it is listed. */
    abnormalMonths: z.number().int().min(0).default(6),
  }),
  evaluate(data, params) {
    const out: RuleFinding[] = [];
    const P = data.P;
    if (P === 0 && data.marketStatus.size === 0) return out;
    const firstMonth = P ? periodToMonth(data.periods[0]!) : 0;
    const lastMonth = P ? periodToMonth(data.periods[P - 1]!) : 0;
    for (const [u, rows] of data.marketStatus) {
      const unit = data.units[u]!;
      const { latest } = latestMarketStatus(data, u);
      if (!latest || latest.status === 'active' || rows.length === 0) continue;
      const statusPeriod = latest.status_date.slice(0, 7);
      const sm = periodToMonth(statusPeriod);
      // Reports for months after the status month.
      let after = 0;
      let firstAfter: string | null = null;
      let revenueAfter = 0;
      for (let t = Math.max(0, sm - firstMonth + 1); t < P; t++) {
        const v = data.revenue[u * P + t]!;
        if (Number.isNaN(v)) continue;
        after++;
        revenueAfter += v;
        firstAfter ??= data.periods[t]!;
      }
      const taxAfter = windowStat(data, data.taxSales, u, sm - firstMonth + 1, P - 1);
      const taxBefore = windowStat(data, data.taxSales, u, sm - firstMonth - 6, sm - firstMonth);
      const taxStopped = taxBefore.n > 0 && (taxAfter.n === 0 || taxAfter.sum <= 0.1 * taxBefore.median * Math.max(1, taxAfter.n));
      let score: number;
      if (latest.status === 'abnormal') {
        if (!params.reportAbnormal || lastMonth - sm < params.abnormalMonths || !unit.inRegister) continue;
        score = 0.3;
      } else {
        if (!unit.inRegister && after === 0) continue;
        const recent = lastMonth - sm < params.graceMonths;
        if (unit.inRegister && after > 0) score = 0.85 + (taxStopped ? 0.1 : 0) + Math.min(0.05, after * 0.01);
        else if (after > 0) score = 0.65 + (taxStopped ? 0.1 : 0);
        else score = recent ? 0.35 : 0.6 + (taxStopped ? 0.1 : 0);
      }
      const label = { deregistered: '注销', revoked: '吊销', abnormal: '经营异常', active: '存续' }[latest.status];
      out.push({
        subject: { kind: 'unit', id: unit.id },
        unit_ids: [unit.id],
        period: statusPeriod,
        score: round(Math.min(1, score), 3),
        severity: severityOf(score),
        summary_zh: `市场监管于${latest.status_date}将该单位登记为${label}，但该单位${unit.inRegister ? '仍在名录中' : '已不在名录中'}${after > 0 ? `，此后仍报送${after}个月报表（自${firstAfter}起，营业收入合计${revenueAfter.toFixed(0)}千元）` : ''}${taxStopped ? '；税务申报已中断' : ''}`,
        summary_en: `Market regulation recorded the unit as ${latest.status} on ${latest.status_date}, yet it is ${unit.inRegister ? 'still' : 'no longer'} in the register${after > 0 ? ` and filed ${after} monthly reports after that (from ${firstAfter}, revenue ${revenueAfter.toFixed(0)} thousand yuan)` : ''}${taxStopped ? '; its tax filings stopped' : ''}`,
        evidence: {
          market_status: latest,
          status_history: rows.map((r) => ({ status: r.status, status_date: r.status_date })),
          in_register: unit.inRegister,
          exited_period: unit.exitedPeriod ?? null,
          reports_after: after,
          first_report_after: firstAfter,
          revenue_after: round(revenueAfter, 1),
          tax_months_after: taxAfter.n,
          tax_sum_after: round(taxAfter.sum, 1),
          tax_median_before: round(taxBefore.median, 1),
          tax_stopped: taxStopped,
          grace_months: params.graceMonths,
        },
      });
    }
    return out;
  },
});
