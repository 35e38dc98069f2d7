import type { Severity } from '../../domain/finding';
import { SEVERITY_RANK } from '../../domain/finding';
import type { Detected } from '../problem';
import { at, r1, r3, runs, scopeColumns, usualLogRatio, type CheckContext, type SelfCheck } from './context';

/** Revenue off its usual proportion to both tax and electricity by this (log) is medium … */
const BOTH = Math.log(1.25);
/** … by this, high. */
const BOTH_FAR = Math.log(1.6);
/** With only one of the two records held, this much is low. */
const ONE = Math.log(1.4);
/** Employees off their usual proportion to the insured headcount: low, medium. */
const HEADS = Math.log(1.3);
const HEADS_FAR = Math.log(1.6);

const maxSeverity = (a: Severity | null, b: Severity | null): Severity | null => (!a ? b : !b ? a : SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b);

/**
 * Consistency of a single month with the records other departments hold for the unit: revenue
 * against tax-declared sales and metered electricity, employees against the insured headcount,
 * each against the unit's own usual proportion (its median over the other months), so that an
 * industry's or a unit's particular ratio is not mistaken for a problem. Catches the one- or
 * two-month change the cross-source episode search (three months or more) does not; months that
 * rule covers are left to it.
 */
export const monthVsRecords: SelfCheck = {
  id: 'self.month-vs-records',
  pattern: 'FALSIFY.INFLATE',
  title: { zh: '单月数据与部门记录不相称', en: "A month's figures out of proportion to other departments' records" },
  description: {
    zh: '营业收入相对同月税务申报销售额和电网用电量的比例，与本单位其他月份的中位数比较：两者同向偏离25%以上为“中”、60%以上为“高”；只有一项记录时偏离40%以上为“低”。从业人员相对参保人数的比例偏离30%以上为“低”、60%以上为“中”。',
    en: "Revenue's proportion to the month's tax-declared sales and metered electricity is compared with its median over the unit's other months: both off the same way by 25% or more is medium, by 60% high; with only one record held, 40% is low. Employees to insured headcount off by 30% is low, by 60% medium.",
  },
  evaluate(ctx) {
    const { data } = ctx;
    const months: Month[] = [];
    for (const t of scopeColumns(ctx)) {
      const m = assessMonth(ctx, t);
      if (m) months.push(m);
    }
    const byT = new Map(months.map((m) => [m.t, m]));
    const out: Detected[] = [];
    for (const run of runs(months.map((m) => m.t))) {
      const items = run.map((t) => byT.get(t)!);
      const worst = items.reduce((a, b) => (SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b : a));
      const from = data.periods[run[0]!]!;
      const to = data.periods[run[run.length - 1]!]!;
      const span = from === to ? from : `${from}至${to}（${run.length}个月）`;
      const spanEn = from === to ? from : `${from} to ${to} (${run.length} months)`;
      out.push({
        rule_id: monthVsRecords.id,
        pattern: worst.up ? 'FALSIFY.INFLATE' : 'FALSIFY.CONCEAL',
        severity: worst.severity,
        period: from,
        subject: `unit:${ctx.unitId}`,
        summary_zh: `${span}：${worst.periodLabel === from ? '' : `以${worst.periodLabel}为甚，`}${worst.zh.join('；')}`,
        summary_en: `${spanEn}: ${worst.periodLabel === from ? '' : `most in ${worst.periodLabel}: `}${worst.en.join('; ')}`,
        figures: { months: items.map((m) => m.figures) },
      });
    }
    return out;
  },
};

interface Month {
  t: number;
  periodLabel: string;
  severity: Severity;
  up: boolean;
  zh: string[];
  en: string[];
  figures: Record<string, unknown>;
}

function assessMonth(ctx: CheckContext, t: number): Month | null {
  const { data } = ctx;
  const period = data.periods[t]!;
  const rev = at(ctx, data.revenue, t);
  const tax = at(ctx, data.taxSales, t);
  const kwh = at(ctx, data.gridKwh, t);
  const emp = at(ctx, data.employees, t);
  const ins = at(ctx, data.insured, t);
  const dev = (a: number, b: number, usual: number) => (a > 0 && b > 0 && Number.isFinite(usual) ? Math.log(a / b) - usual : Number.NaN);
  const dTax = dev(rev, tax, usualLogRatio(ctx, data.revenue, data.taxSales, t));
  const dKwh = dev(rev, kwh, usualLogRatio(ctx, data.revenue, data.gridKwh, t));
  const dHeads = dev(emp, ins, usualLogRatio(ctx, data.employees, data.insured, t));
  let severity: Severity | null = null;
  const zh: string[] = [];
  const en: string[] = [];
  let up = true;
  if (!ctx.coveredByShift.has(period)) {
    const hasTax = Number.isFinite(dTax);
    const hasKwh = Number.isFinite(dKwh);
    let revSeverity: Severity | null = null;
    if (hasTax && hasKwh) {
      const least = Math.min(Math.abs(dTax), Math.abs(dKwh));
      if (Math.sign(dTax) === Math.sign(dKwh) && least >= BOTH) revSeverity = least >= BOTH_FAR ? 'high' : 'medium';
    } else if (hasTax || hasKwh) {
      if (Math.abs(hasTax ? dTax : dKwh) >= ONE) revSeverity = 'low';
    }
    if (revSeverity) {
      severity = revSeverity;
      up = (hasTax ? dTax : dKwh) > 0;
      if (hasTax) {
        zh.push(`营业收入相对税务申报销售额${dTax > 0 ? '高出' : '低于'}本单位常态${mag(dTax)}`);
        en.push(`revenue is ${mag(dTax)} ${dTax > 0 ? 'above' : 'below'} its usual proportion to tax-declared sales`);
      }
      if (hasKwh) {
        zh.push(`相对电网用电量${dKwh > 0 ? '高出' : '低于'}常态${mag(dKwh)}`);
        en.push(`${mag(dKwh)} ${dKwh > 0 ? 'above' : 'below'} its usual proportion to metered electricity`);
      }
    }
  }
  if (Number.isFinite(dHeads) && Math.abs(dHeads) >= HEADS) {
    const s: Severity = Math.abs(dHeads) >= HEADS_FAR ? 'medium' : 'low';
    if (!severity) up = dHeads > 0;
    severity = maxSeverity(severity, s);
    zh.push(`从业人员${emp}人、参保${ins}人，比例${dHeads > 0 ? '高出' : '低于'}本单位常态${mag(dHeads)}`);
    en.push(`${emp} employees against ${ins} insured, ${mag(dHeads)} ${dHeads > 0 ? 'above' : 'below'} the unit's usual proportion`);
  }
  if (!severity) return null;
  return {
    t,
    periodLabel: period,
    severity,
    up,
    zh,
    en,
    figures: {
      period,
      revenue: r1(rev),
      tax_declared_sales: r1(tax),
      metered_kwh: r1(kwh),
      employees: Number.isFinite(emp) ? emp : null,
      insured_headcount: Number.isFinite(ins) ? ins : null,
      departure_log: { revenue_to_tax: r3(dTax), revenue_to_kwh: r3(dKwh), employees_to_insured: r3(dHeads) },
    },
  };
}

/** Size of a log departure as a percentage, without sign (the words say which way). */
const mag = (d: number) => `${(Math.abs(Math.exp(d) - 1) * 100).toFixed(0)}%`;
