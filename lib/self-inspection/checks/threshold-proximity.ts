import { median } from '../../stats/robust';
import type { Severity } from '../../domain/finding';
import type { Detected } from '../problem';
import { at, pct, r1, r3, scopeColumns, type CheckContext, type SelfCheck } from './context';

/** Reported annual revenue within [T, T·(1 + BAND)] is "just over" the threshold T. */
const BAND = 0.1;
/** Tax-implied revenue this far below T does not reach it. */
const MARGIN = 0.05;
/** Months of reports (of 12) for a window to count, and months of tax or electricity. */
const MIN_REPORTED = 11;
const MIN_RECORDS = 8;
/** The unit's revenue/tax must lie beyond the peers' q3·(q3/q1)^FENCE to be unusual (not just a low-VAT trade). */
const FENCE = 1.5;
/** Without peer statistics: VAT-declared sales ≈ revenue, so revenue/tax ≈ 1/0.95; beyond this it is unusual. */
const DEFAULT_REVENUE_TO_TAX = 1 / 0.95;
const DEFAULT_UNUSUAL = 1.25;

interface PeerWindow {
  median: number;
  q1: number;
  q3: number;
}

/** Medians over the window's periods of the peer group's quartiles of one metric. */
function peerWindow(ctx: CheckContext, metric: 'revenue_to_tax' | 'kwh_per_revenue', a: number, b: number): PeerWindow | null {
  const cells = ctx.data.periods
    .slice(a, b + 1)
    .map((p) => ctx.peers?.periods[p]?.[metric])
    .filter((q) => q !== undefined);
  if (cells.length < 6) return null;
  return { median: median(cells.map((q) => q.median)), q1: median(cells.map((q) => q.q1)), q3: median(cells.map((q) => q.q3)) };
}

function sumWindow(ctx: CheckContext, m: Float64Array, a: number, b: number): { n: number; annual: number } {
  let n = 0;
  let sum = 0;
  for (let t = a; t <= b; t++) {
    const v = at(ctx, m, t);
    if (Number.isFinite(v)) {
      n++;
      sum += v;
    }
  }
  return { n, annual: n ? (sum * 12) / n : Number.NaN };
}

/**
 * Threshold proximity: twelve months of reported revenue just over the category's register
 * threshold. Tax-declared sales are converted to revenue with the peer group's median
 * revenue/tax ratio (an aggregate statistic); when that falls short of the threshold and the
 * unit's own ratio is unusual for its peers, the figures look placed over the line (medium;
 * high when electricity agrees). Just over the line with tax agreeing is only a reminder (low).
 */
export const thresholdProximity: SelfCheck = {
  id: 'self.threshold-proximity',
  pattern: 'RENT.THRESHOLD',
  title: { zh: '营业收入刚好超过入库标准', en: 'Revenue just over the register threshold' },
  description: {
    zh: '截至每个自查月份（取12月及最后一个月）的12个月营业收入合计落在入库标准至标准以上10%之间时：用同行中位数“营业收入/税务销售额”比率把税务销售额折合成营业收入，低于标准5%以上且本单位比率超出同行四分位范围的为“中”，用电（按同行中位数折算）同样不足时为“高”；税务相符的为“低”（提醒备好材料）。',
    en: "When the 12 months of revenue up to an inspected month (each December and the last month) lie from the threshold to 10% above it: tax-declared sales converted with the peer group's median revenue/tax ratio falling 5% short of the threshold, with the unit's own ratio beyond the peers' quartile range, is medium, and high when electricity converted with the peers' median also falls short; with tax agreeing it is a low reminder to keep the records ready.",
  },
  evaluate(ctx) {
    const T = ctx.threshold;
    if (!T || ctx.u < 0) return [];
    const { data } = ctx;
    const cols = scopeColumns(ctx);
    const ends = new Set(cols.filter((t) => data.periods[t]!.endsWith('-12')));
    if (cols.length) ends.add(cols[cols.length - 1]!);
    const out: Detected[] = [];
    for (const b of [...ends].sort((x, y) => x - y)) {
      const a = b - 11;
      if (a < 0) continue;
      const rep = sumWindow(ctx, data.revenue, a, b);
      if (rep.n < MIN_REPORTED || !(rep.annual >= T && rep.annual <= T * (1 + BAND))) continue;
      const from = data.periods[a]!;
      const to = data.periods[b]!;
      const tax = sumWindow(ctx, data.taxSales, a, b);
      const kwh = sumWindow(ctx, data.gridKwh, a, b);
      const peerTax = peerWindow(ctx, 'revenue_to_tax', a, b);
      const peerKwh = peerWindow(ctx, 'kwh_per_revenue', a, b);
      const ownRatios: number[] = [];
      for (let t = a; t <= b; t++) {
        const r = at(ctx, data.revenue, t);
        const x = at(ctx, data.taxSales, t);
        if (r > 0 && x > 0) ownRatios.push(r / x);
      }
      const own = ownRatios.length ? median(ownRatios) : Number.NaN;
      const implied = tax.n >= MIN_RECORDS ? tax.annual * (peerTax?.median ?? DEFAULT_REVENUE_TO_TAX) : Number.NaN;
      const unusual = peerTax ? own > peerTax.q3 * Math.pow(Math.max(peerTax.q3 / peerTax.q1, 1.02), FENCE) : own > DEFAULT_UNUSUAL;
      const impliedKwh = kwh.n >= MIN_RECORDS && peerKwh ? kwh.annual / peerKwh.median : Number.NaN;
      const taxShort = implied < T * (1 - MARGIN) && unusual;
      const kwhShort = impliedKwh < T * (1 - MARGIN);
      const severity: Severity = taxShort ? (kwhShort ? 'high' : 'medium') : 'low';
      const over = rep.annual / T - 1;
      const taxZh = Number.isFinite(implied) ? `；按同行比率折算，税务申报销售额相当于营业收入${r1(implied)}千元（标准的${pct(implied / T - 1)}）` : '；税务记录不足，无法折算';
      const taxEn = Number.isFinite(implied) ? `; tax-declared sales at the peers' ratio come to ${r1(implied)} (${pct(implied / T - 1)} against the threshold)` : '; too few tax records to convert';
      const kwhZh = Number.isFinite(impliedKwh) ? `，用电量折算约${r1(impliedKwh)}千元` : '';
      const kwhEn = Number.isFinite(impliedKwh) ? `, electricity about ${r1(impliedKwh)}` : '';
      out.push({
        rule_id: thresholdProximity.id,
        pattern: 'RENT.THRESHOLD',
        severity,
        period: from,
        subject: `unit:${ctx.unitId}:${from}..${to}`,
        summary_zh: `${from}至${to}营业收入合计${r1(rep.annual)}千元，仅高出入库标准${T}千元${pct(over)}${taxZh}${kwhZh}`,
        summary_en: `Revenue for ${from}–${to} totals ${r1(rep.annual)}, only ${pct(over)} over the ${T} threshold${taxEn}${kwhEn}`,
        figures: {
          window: { from, to, reported_months: rep.n },
          threshold: T,
          reported_annual: r1(rep.annual),
          tax: { months: tax.n, annual_sales: r1(tax.annual), implied_annual_revenue: r1(implied), own_revenue_to_tax: r3(own), unusual_for_peers: unusual },
          electricity: { months: kwh.n, annual_kwh: r1(kwh.annual), implied_annual_revenue: r1(impliedKwh) },
          peer_statistics: { basis: peerTax ? 'peer group quartiles' : 'default ratio (peer group too small)', revenue_to_tax: peerTax, kwh_per_revenue: peerKwh },
        },
      });
    }
    return out;
  },
};
