import { median } from '../../stats/robust';
import type { Detected } from '../problem';
import { at, pct, r1, r3, runs, scopeColumns, type SelfCheck } from './context';

const NOTABLE = Math.log(1.4);
const LARGE = Math.log(2);
/** Tax that moved within this of revenue (log) confirms the change as real. */
const TAX_AGREES = Math.log(1.2);

/**
 * Consistency with the unit's own history: the change of a month against the same month a year
 * earlier (seasons cancel), compared with the same change over the unit's preceding six months.
 * A break in the trend that the unit's tax records do not share — or that no tax record can
 * confirm yet, as for a month just closed — is listed.
 */
export const ownTrend: SelfCheck = {
  id: 'self.own-trend',
  pattern: 'FALSIFY.INFLATE',
  title: { zh: '同比变化偏离本单位走势', en: "Change against last year departs from the unit's own trend" },
  description: {
    zh: '每月营业收入与上年同月之比（对数），与本单位此前6个月同一指标的中位数比较；偏离超过40%列为“低”，超过一倍列为“中”；同月税务销售额同比变化与之相符（相差20%以内）的视为真实变化，不列；已被跨来源偏移规则覆盖的月份不重复列出。',
    en: "Each month's revenue over the same month a year earlier (log) is compared with the median of the same measure over the unit's previous six months; a departure beyond 40% is low, beyond 100% medium; months whose tax-declared sales changed alike (within 20%) are real changes and not listed; months a cross-source episode covers are left to that rule.",
  },
  evaluate(ctx) {
    const { data } = ctx;
    const yoy = (t: number, m: Float64Array) => {
      const a = at(ctx, m, t);
      const b = at(ctx, m, t - 12);
      return a > 0 && b > 0 ? Math.log(a / b) : Number.NaN;
    };
    const flagged: { t: number; g: number; base: number; d: number; gTax: number }[] = [];
    for (const t of scopeColumns(ctx)) {
      if (ctx.coveredByShift.has(data.periods[t]!)) continue;
      const g = yoy(t, data.revenue);
      if (!Number.isFinite(g)) continue;
      const prev: number[] = [];
      for (let k = 1; k <= 6; k++) {
        const x = yoy(t - k, data.revenue);
        if (Number.isFinite(x)) prev.push(x);
      }
      if (prev.length < 3) continue;
      const base = median(prev);
      const d = g - base;
      if (Math.abs(d) < NOTABLE) continue;
      const gTax = yoy(t, data.taxSales);
      if (Number.isFinite(gTax) && Math.abs(g - gTax) < TAX_AGREES) continue;
      flagged.push({ t, g, base, d, gTax });
    }
    const byT = new Map(flagged.map((f) => [f.t, f]));
    const out: Detected[] = [];
    for (const run of runs(flagged.map((f) => f.t))) {
      const items = run.map((t) => byT.get(t)!);
      const worst = items.reduce((a, b) => (Math.abs(b.d) > Math.abs(a.d) ? b : a));
      const from = data.periods[run[0]!]!;
      const to = data.periods[run[run.length - 1]!]!;
      const span = from === to ? from : `${from}至${to}`;
      const spanEn = from === to ? from : `${from} to ${to}`;
      const up = worst.d > 0;
      const taxTxt = Number.isFinite(worst.gTax)
        ? { zh: `，同月税务销售额同比${pct(Math.exp(worst.gTax) - 1)}`, en: `; tax-declared sales changed ${pct(Math.exp(worst.gTax) - 1)}` }
        : { zh: '，尚无同月税务记录可供印证', en: '; no tax record of the month confirms it yet' };
      out.push({
        rule_id: ownTrend.id,
        pattern: up ? 'FALSIFY.INFLATE' : 'FALSIFY.CONCEAL',
        severity: items.some((f) => Math.abs(f.d) >= LARGE) ? 'medium' : 'low',
        period: from,
        subject: `unit:${ctx.unitId}`,
        summary_zh: `${span}营业收入同比${pct(Math.exp(worst.g) - 1)}，而本单位此前6个月同比中位数为${pct(Math.exp(worst.base) - 1)}${taxTxt.zh}`,
        summary_en: `${spanEn}: revenue ${pct(Math.exp(worst.g) - 1)} against the same month last year, where the unit's previous six months ran at ${pct(Math.exp(worst.base) - 1)}${taxTxt.en}`,
        figures: {
          months: items.map((f) => ({
            period: data.periods[f.t],
            revenue: r1(at(ctx, data.revenue, f.t)),
            revenue_year_ago: r1(at(ctx, data.revenue, f.t - 12)),
            change_log: r3(f.g),
            own_trend_log: r3(f.base),
            departure_log: r3(f.d),
            tax_change_log: r3(f.gTax),
          })),
        },
      });
    }
    return out;
  },
};
