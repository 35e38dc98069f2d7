import { METRIC_LABEL, metricAt, PEER_METRICS, type PeerMetric, type Quartiles } from '../peer-stats';
import type { Detected } from '../problem';
import { at, r3, scopeColumns, type CheckContext, type SelfCheck } from './context';

/** Tukey's outer fence on the log scale: beyond q3 + 3·IQR (or below q1 − 3·IQR) is far out. */
const K = 3;
/** Floor of the log IQR, so that a very uniform group does not make ordinary values "far out". */
const MIN_LOG_IQR = 0.05;
/** Periods quoted in a summary (the figures list them all). */
const QUOTED = 3;

interface Outside {
  period: string;
  value: number;
  side: 'above' | 'below';
  q: Quartiles;
}

function valuesAt(ctx: CheckContext, t: number): Record<PeerMetric, number> {
  const d = ctx.data;
  return metricAt({
    revenue: at(ctx, d.revenue, t),
    employees: at(ctx, d.employees, t),
    wages: at(ctx, d.wages, t),
    tax: at(ctx, d.taxSales, t),
    kwh: at(ctx, d.gridKwh, t),
    insured: at(ctx, d.insured, t),
    revenueYearAgo: at(ctx, d.revenue, t - 12),
  });
}

function outside(x: number, q: Quartiles): 'above' | 'below' | null {
  if (!(x > 0 && q.q1 > 0 && q.q3 > 0)) return null;
  const lo = Math.log(q.q1);
  const hi = Math.log(q.q3);
  const iqr = Math.max(hi - lo, MIN_LOG_IQR);
  const lx = Math.log(x);
  return lx > hi + K * iqr ? 'above' : lx < lo - K * iqr ? 'below' : null;
}

const fmt = (x: number) => Number(x.toPrecision(3));

/**
 * Comparison with anonymised peer statistics: each ratio of each inspected month against the
 * quartiles of the unit's peer group for that month (category × industry division, at least
 * five units, rounded). Far out on one ratio is a low item to check; revenue far above its
 * peers' proportion to tax while far below their electricity per revenue — both records
 * saying the revenue is too high for the business — is medium.
 */
export const peerComparison: SelfCheck = {
  id: 'self.peer-comparison',
  pattern: 'FALSIFY.INFLATE',
  title: { zh: '与同行统计水平差异过大', en: "Far from the peer group's statistics" },
  description: {
    zh: '人均营业收入、人均薪酬、营业收入/税务销售额、每千元收入用电量、从业人员/参保人数和同比增速，逐月与同类别同行业（至少5家单位）当月的四分位数比较（对数尺度，超出四分位距3倍即外围栅栏之外）；只用同组统计量，不涉及任何其他单位的数据。',
    en: "Revenue and wages per employee, revenue/tax, kWh per revenue, employees/insured and growth on the same month last year are compared month by month with the quartiles of the same category and industry division (at least five units) for that month, on a log scale (beyond three interquartile ranges: Tukey's outer fence); only group statistics are used, never another unit's figures.",
  },
  evaluate(ctx) {
    if (!ctx.peers || ctx.u < 0) return [];
    const flagged = new Map<PeerMetric, Outside[]>();
    for (const t of scopeColumns(ctx)) {
      const period = ctx.data.periods[t]!;
      const cell = ctx.peers.periods[period];
      if (!cell) continue;
      const values = valuesAt(ctx, t);
      for (const metric of PEER_METRICS) {
        const q = cell[metric];
        if (!q) continue;
        const side = outside(values[metric], q);
        if (!side) continue;
        const list = flagged.get(metric) ?? [];
        list.push({ period, value: values[metric], side, q });
        flagged.set(metric, list);
      }
    }
    const kwhLow = new Set((flagged.get('kwh_per_revenue') ?? []).filter((o) => o.side === 'below').map((o) => o.period));
    const out: Detected[] = [];
    for (const metric of PEER_METRICS) {
      const list = flagged.get(metric);
      if (!list?.length) continue;
      const label = METRIC_LABEL[metric];
      const both = metric === 'revenue_to_tax' ? list.filter((o) => o.side === 'above' && kwhLow.has(o.period)) : [];
      const quoted = list.slice(0, QUOTED);
      const more = list.length > QUOTED ? list.length - QUOTED : 0;
      const zh = quoted.map((o) => `${o.period}为${fmt(o.value)}（同行${o.q.n}家：四分位数${o.q.q1}–${o.q.q3}，中位数${o.q.median}，${o.side === 'above' ? '远高于' : '远低于'}同行）`).join('；');
      const en = quoted.map((o) => `${o.period}: ${fmt(o.value)} (peers, ${o.q.n} units: quartiles ${o.q.q1}–${o.q.q3}, median ${o.q.median}; far ${o.side})`).join('; ');
      out.push({
        rule_id: peerComparison.id,
        pattern: both.length ? 'FALSIFY.INFLATE' : list[0]!.side === 'above' ? 'FALSIFY.INFLATE' : 'FALSIFY.CONCEAL',
        severity: both.length ? 'medium' : 'low',
        period: list[0]!.period,
        subject: `metric:${metric}`,
        summary_zh: `${label.zh}：${zh}${more ? `；另有${more}个月` : ''}${both.length ? '；同月每千元收入用电量也远低于同行，两项部门记录都显示营业收入偏高' : ''}`,
        summary_en: `${label.en}: ${en}${more ? `; ${more} more months` : ''}${both.length ? '; in the same months kWh per revenue is far below peers too: both records say revenue is high for the business' : ''}`,
        figures: {
          metric,
          unit_of_measure: label.unit,
          months: list.map((o) => ({ period: o.period, value: r3(o.value), side: o.side, peers: o.q })),
          fence: `log scale, ${K} × IQR beyond the quartiles`,
        },
      });
    }
    return out;
  },
};
