import type { Detected } from '../problem';
import { at, pct, r1, scopeColumns, type SelfCheck } from './context';

/** Below this relative change (and one thousand yuan) a difference is rounding. */
const TOLERANCE = 0.005;
/** A change of revenue beyond this share is reviewed closely when filed. */
const LARGE = 0.1;

/**
 * The upload against what the unit already filed for the same month: a difference must be filed
 * as a correction with its reason. Silent when the upload repeats the filed figures.
 */
export const filedDifference: SelfCheck = {
  id: 'self.filed-difference',
  pattern: 'FALSIFY.INFLATE',
  title: { zh: '与已报送数据不一致', en: 'Differs from the filed report' },
  description: {
    zh: '把自查文件中每个月的营业收入和从业人员与该月已报送（最新版本）的数据比较；差异超过舍入误差的列出，上调或下调超过10%的为“中”。',
    en: "Each month's revenue and employees in the file are compared with the latest filed report of that month; differences beyond rounding are listed, changes of more than 10% as medium.",
  },
  evaluate(ctx) {
    const out: Detected[] = [];
    for (const t of scopeColumns(ctx)) {
      const period = ctx.data.periods[t]!;
      const filed = ctx.filed.get(period);
      if (!filed) continue;
      const rev = at(ctx, ctx.data.revenue, t);
      const emp = at(ctx, ctx.data.employees, t);
      const dRev = filed.revenue > 0 ? rev / filed.revenue - 1 : rev > 0 ? Infinity : 0;
      const revChanged = Math.abs(rev - filed.revenue) > Math.max(1, TOLERANCE * filed.revenue);
      const empChanged = emp !== filed.employees;
      if (!revChanged && !empChanged) continue;
      const up = revChanged ? dRev > 0 : emp > filed.employees;
      const parts = [
        revChanged ? { zh: `营业收入已报送${r1(filed.revenue)}千元、本次${r1(rev)}千元（${pct(dRev)}）`, en: `revenue filed ${r1(filed.revenue)}, now ${r1(rev)} (${pct(dRev)})` } : null,
        empChanged ? { zh: `从业人员已报送${filed.employees}人、本次${emp}人`, en: `employees filed ${filed.employees}, now ${emp}` } : null,
      ].filter((x) => x !== null);
      out.push({
        rule_id: filedDifference.id,
        pattern: up ? 'FALSIFY.INFLATE' : 'FALSIFY.CONCEAL',
        severity: Math.abs(dRev) > LARGE ? 'medium' : 'low',
        period,
        subject: `unit:${ctx.unitId}`,
        summary_zh: `${period}与已报送数据不一致：${parts.map((x) => x.zh).join('；')}`,
        summary_en: `${period} differs from the filed report: ${parts.map((x) => x.en).join('; ')}`,
        figures: {
          filed: { revision: filed.revision, revenue: filed.revenue, employees: filed.employees },
          uploaded: { revenue: r1(rev), employees: emp },
          revenue_change: Number.isFinite(dRev) ? Math.round(dRev * 1000) / 1000 : null,
        },
      });
    }
    return out;
  },
};
