import { buildDistrictData, type DistrictInput } from '../engine/district-data';
import { quantileSorted } from '../stats/quantile';

/**
 * Anonymised peer statistics for self-inspection: for each peer group (category × industry
 * division, as the rules group peers) and period, the quartiles of a few ratios over the group's
 * units, from the official store.
 *
 * Why ratios and quartiles only: a unit sees how its own figures sit among its peers without
 * learning any peer's revenue, identity or exact figure. Cells with fewer than MIN_PEER_UNITS
 * units are withheld (a quartile of two values is one peer's figure), and every statistic is
 * rounded to three significant digits, so that an exact value of a single peer is not shown
 * even in a group of five. The statistics are the same for every member of a group and do not
 * depend on the inspected upload (nothing of an upload enters the store), so comparing reports
 * of different uploads or units reveals nothing more.
 */
export const PEER_METRICS = ['revenue_per_employee', 'wage_per_head', 'revenue_to_tax', 'kwh_per_revenue', 'employees_to_insured', 'revenue_growth_yoy'] as const;
export type PeerMetric = (typeof PEER_METRICS)[number];

export const METRIC_LABEL: Record<PeerMetric, { zh: string; en: string; unit: string }> = {
  revenue_per_employee: { zh: '人均月营业收入', en: 'monthly revenue per employee', unit: '千元/人 thousand yuan per head' },
  wage_per_head: { zh: '人均月薪酬', en: 'monthly wage per employee', unit: '千元/人 thousand yuan per head' },
  revenue_to_tax: { zh: '营业收入/税务申报销售额', en: 'revenue / tax-declared sales', unit: '' },
  kwh_per_revenue: { zh: '每千元营业收入用电量', en: 'metered kWh per thousand yuan of revenue', unit: 'kWh' },
  employees_to_insured: { zh: '从业人员/参保人数', en: 'employees / insured headcount', unit: '' },
  revenue_growth_yoy: { zh: '营业收入同比（本月/上年同月）', en: 'revenue against the same month a year earlier', unit: '' },
};

/** Smallest number of units behind any published statistic. */
export const MIN_PEER_UNITS = 5;

export interface Quartiles {
  n: number;
  q1: number;
  median: number;
  q3: number;
}

export interface PeerGroupStats {
  /** `<category>|<two-digit industry division>`. */
  group: string;
  /** Units of the group in the register. */
  units: number;
  periods: Record<string, Partial<Record<PeerMetric, Quartiles>>>;
}

export function peerGroupKey(category: string, industryCode: string): string {
  return `${category}|${industryCode.slice(0, 2)}`;
}

/** Three significant digits: enough to compare, too coarse to read a single peer's figure off. */
export function roundStat(x: number): number {
  return Number(x.toPrecision(3));
}

function quartiles(values: number[], minUnits: number): Quartiles | undefined {
  if (values.length < minUnits) return undefined;
  const s = Float64Array.from(values).sort();
  return { n: s.length, q1: roundStat(quantileSorted(s, 0.25)), median: roundStat(quantileSorted(s, 0.5)), q3: roundStat(quantileSorted(s, 0.75)) };
}

/** One unit-period's metrics from the district matrices (NaN where undefined). */
export function metricAt(m: { revenue: number; employees: number; wages: number; tax: number; kwh: number; insured: number; revenueYearAgo: number }): Record<PeerMetric, number> {
  const ratio = (a: number, b: number) => (a > 0 && b > 0 ? a / b : Number.NaN);
  return {
    revenue_per_employee: ratio(m.revenue, m.employees),
    wage_per_head: ratio(m.wages, m.employees),
    revenue_to_tax: ratio(m.revenue, m.tax),
    kwh_per_revenue: ratio(m.kwh, m.revenue),
    employees_to_insured: ratio(m.employees, m.insured),
    revenue_growth_yoy: ratio(m.revenue, m.revenueYearAgo),
  };
}

/** Every peer group's statistics from the official district (latest revision of each report). */
export function computePeerStats(input: DistrictInput, minUnits = MIN_PEER_UNITS): Map<string, PeerGroupStats> {
  const data = buildDistrictData(input);
  const { P } = data;
  const out = new Map<string, PeerGroupStats>();
  for (const [group, members] of data.peerGroups) {
    const stats: PeerGroupStats = { group, units: members.length, periods: {} };
    if (members.length >= minUnits) {
      for (let t = 0; t < P; t++) {
        const values = Object.fromEntries(PEER_METRICS.map((k) => [k, [] as number[]])) as Record<PeerMetric, number[]>;
        for (const u of members) {
          const c = u * P + t;
          const m = metricAt({
            revenue: data.revenue[c]!,
            employees: data.employees[c]!,
            wages: data.wages[c]!,
            tax: data.taxSales[c]!,
            kwh: data.gridKwh[c]!,
            insured: data.insured[c]!,
            revenueYearAgo: t >= 12 ? data.revenue[c - 12]! : Number.NaN,
          });
          for (const k of PEER_METRICS) if (Number.isFinite(m[k])) values[k].push(m[k]);
        }
        const cell: Partial<Record<PeerMetric, Quartiles>> = {};
        for (const k of PEER_METRICS) {
          const q = quartiles(values[k], minUnits);
          if (q) cell[k] = q;
        }
        if (Object.keys(cell).length) stats.periods[data.periods[t]!] = cell;
      }
    }
    out.set(group, stats);
  }
  return out;
}
