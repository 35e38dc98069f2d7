import * as z from 'zod';
import type { DistrictData } from '../../engine/district-data';
import { defineRule, pct, round, type RuleFinding } from '../../engine/rule';
import { calibrate, FALSE_ALARM_RATE } from '../../engine/severity';
import { scaledMad } from '../../stats/robust';
import { log10BinomialTail, log10FisherCombined } from '../../stats/tails';

/** One town-month's densest growth band. */
interface TownMonth {
  t: number;
  townUnits: number;
  synchronised: number;
  center: number;
  townMedian: number;
  expectedShare: number;
  /** log10 p of the band count, corrected for the n band positions tried; 0 when tax moved with it. */
  log10P: number;
  taxSpread: number;
  districtTaxSpread: number;
  cluster: number[];
}

/** A run of consecutive months of one town, Fisher-combined. */
interface Episode {
  from: number;
  to: number;
  log10P: number;
}

/** Findings below this expected false-alarm rate are kept, as a watch list, even when low. */
const WATCH_RATE = 10 * FALSE_ALARM_RATE.medium;

/** Count of sorted[] within [lo, hi] by binary search. */
function countIn(sorted: Float64Array, lo: number, hi: number): number {
  const bound = (x: number, strict: boolean) => {
    let a = 0;
    let b = sorted.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (strict ? sorted[m]! <= x : sorted[m]! < x) a = m + 1;
      else b = m;
    }
    return a;
  };
  return bound(hi, true) - bound(lo, false);
}

/**
 * Synchronised growth: in one month, far more of a town's units report the same year-on-year
 * growth (within ±δ) than the district's spread of growth rates makes likely, while their
 * tax-declared sales grow as dispersedly as anyone's — growth set by target, not by business.
 */
export const synchronisedGrowth = defineRule({
  id: 'interfere.synchronised-growth',
  version: 2,
  pattern: 'INTERFERE.COORDINATED',
  title: { zh: '乡镇/园区增速统一（同步增长）', en: 'Synchronised growth across a town or park' },
  description: {
    zh: '逐月计算各单位营业收入同比增速，在每个乡镇内找增速落在±δ以内的最大单位群，按全区其他乡镇单位落在相应区间的比例估计偶然聚集的概率（二项检验，计入所试的区间位置）；连续月份的概率用Fisher方法合并，计入所试的月份区间数，按统一的误报率定严重程度。只列出在多数月份都落在区间内、且偶然如此的单位预期不足一家的单位。只有当这些单位的税务销售额增速照常分散时才报——真实的全镇性冲击（同涨同跌）在税务和电力上也同步，不报。',
    en: 'Each month, the year-on-year revenue growth of every unit is computed; within each town the largest set of units whose growth lies within ±δ is compared with the share of the other towns\' units in the matching band (binomial, corrected for the band positions tried); consecutive months are combined (Fisher) and corrected for the month runs tried, and the engine\'s false-alarm rates set the severity. Only units in the band in more of the months than chance makes likely for any unit of the town (fewer than one chance member expected) are named. It is reported only when those units\' tax-declared sales grow as dispersedly as usual — a real town-wide shock moves tax and electricity together too and stays silent.',
  },
  scope: 'town',
  reads: ['submissions', 'tax', 'units'],
  params: z.object({
    /** Half-width of the growth band, in log growth (±1 % year on year). */
    delta: z.number().default(0.01),
    /** Units a band needs before its tax growth spread can be judged. */
    minUnits: z.number().int().default(6),
    /** Cluster tax growth must spread at least this share of the district's tax growth spread
     *  (a real town-wide shock moves tax with revenue). */
    minTaxSpreadRatio: z.number().default(0.5),
  }),
  evaluate(data, p) {
    if (data.P < 13) return [];
    const months = townMonths(data, p);
    const out: RuleFinding[] = [];
    for (const [town, list] of months) {
      for (const ep of episodes(list)) {
        const finding = episodeFinding(data, town, list.slice(ep.from, ep.to + 1), ep, list.length, p.delta);
        if (finding) out.push(finding);
      }
    }
    return out;
  },
});

/**
 * The runs of consecutive months whose Fisher-combined band p-values are strongest, best first,
 * disjoint; looks = the M(M+1)/2 runs of a town's M judged months, applied by the caller.
 */
function episodes(list: TownMonth[]): Episode[] {
  const M = list.length;
  const looks = Math.log10((M * (M + 1)) / 2);
  const used = new Uint8Array(M);
  const found: Episode[] = [];
  for (;;) {
    let best: Episode | null = null;
    for (let a = 0; a < M; a++) {
      const lps: number[] = [];
      for (let b = a; b < M && !used[b]; b++) {
        if (b > a && list[b]!.t !== list[b - 1]!.t + 1) break;
        lps.push(list[b]!.log10P);
        const lp = log10FisherCombined(lps);
        if (!best || lp < best.log10P) best = { from: a, to: b, log10P: lp };
      }
    }
    if (!best || best.log10P + looks > Math.log10(WATCH_RATE)) return found;
    found.push(best);
    for (let i = best.from; i <= best.to; i++) used[i] = 1;
  }
}

/** Every judged town-month: the densest ±δ band of the town's year-on-year growth against the district's share there. */
function townMonths(data: DistrictData, p: { delta: number; minUnits: number; minTaxSpreadRatio: number }): Map<string, TownMonth[]> {
  const { P, units } = data;
  const U = units.length;
  const towns = new Map<string, number[]>();
  units.forEach((x, u) => {
    if (!x.known || !x.townCode) return;
    let l = towns.get(x.townCode);
    if (!l) towns.set(x.townCode, (l = []));
    l.push(u);
  });
  const townList = [...towns];
  const result = new Map<string, TownMonth[]>(townList.map(([town]) => [town, []]));
  const g = new Float64Array(U);
  const gt = new Float64Array(U);
  const dev = new Float64Array(U);
  const townMedian = new Float64Array(townList.length);
  // Each town's sorted growth rates of the month, kept for the cluster search.
  const sortedG = new Float64Array(U);
  const townFrom = new Int32Array(townList.length);
  const townN = new Int32Array(townList.length);
  for (let t = 12; t < P; t++) {
    const allTax: number[] = [];
    let nAll = 0;
    for (let u = 0; u < U; u++) {
      const a = data.revenue[u * P + t]!;
      const b = data.revenue[u * P + t - 12]!;
      g[u] = a > 0 && b > 0 ? Math.log(a / b) : Number.NaN;
      if (!Number.isNaN(g[u]!)) nAll++;
      const x = data.taxSales[u * P + t]!;
      const y = data.taxSales[u * P + t - 12]!;
      gt[u] = x > 0 && y > 0 ? Math.log(x / y) : Number.NaN;
      if (!Number.isNaN(gt[u]!)) allTax.push(gt[u]!);
    }
    if (nAll < 30) continue;
    // Deviations from each unit's own town median: a town-wide shift (a real shock) is not concentration.
    let nDev = 0;
    let at = 0;
    townList.forEach(([, members], i) => {
      let n = 0;
      for (const u of members) if (!Number.isNaN(g[u]!)) sortedG[at + n++] = g[u]!;
      const sv = sortedG.subarray(at, at + n).sort();
      townFrom[i] = at;
      townN[i] = n;
      at += n;
      townMedian[i] = n ? sv[n >> 1]! : Number.NaN;
      for (const u of members) if (!Number.isNaN(g[u]!)) dev[nDev++] = g[u]! - townMedian[i]!;
    });
    const sortedDev = dev.slice(0, nDev).sort();
    const districtTaxSpread = scaledMad(allTax);
    for (let ti = 0; ti < townList.length; ti++) {
      const [town, members] = townList[ti]!;
      const n = townN[ti]!;
      if (n < p.minUnits) continue;
      const sv = sortedG.subarray(townFrom[ti]!, townFrom[ti]! + n);
      let best = 0;
      let bi = 0;
      for (let i = 0, j = 0; i < n; i++) {
        while (sv[i]! - sv[j]! > 2 * p.delta) j++;
        if (i - j + 1 > best) [best, bi] = [i - j + 1, j];
      }
      const lo = sv[bi]!;
      const hi = sv[bi + best - 1]!;
      const center = (lo + hi) / 2;
      const c = center - townMedian[ti]!;
      // The district's share of units (outside this town) within ±δ of the band, as deviations from their town's median.
      const q = Math.max(1 / nDev, (countIn(sortedDev, c - p.delta, c + p.delta) - best) / Math.max(1, nDev - n));
      // The band is the densest of the n windows that start at a unit's growth: n looks.
      let lp = Math.min(0, log10BinomialTail(n, best, q) + Math.log10(n));
      const cluster = members.filter((u) => g[u]! >= lo && g[u]! <= hi);
      const clusterTax = cluster.map((u) => gt[u]!).filter((x) => !Number.isNaN(x));
      const taxSpread = clusterTax.length ? scaledMad(clusterTax) : Number.NaN;
      // Tax that grew as tightly as revenue is a real common cause (a town-wide shock), not a target.
      if (!(best >= p.minUnits && clusterTax.length >= p.minUnits && taxSpread >= p.minTaxSpreadRatio * districtTaxSpread)) lp = 0;
      result.get(town)!.push({ t, townUnits: n, synchronised: best, center, townMedian: townMedian[ti]!, expectedShare: q, log10P: lp, taxSpread, districtTaxSpread, cluster });
    }
  }
  return result;
}

/**
 * The finding of one episode. Its units are those in the band in more of its months than chance
 * makes likely for any of the town's units: n · P(Bin(L, q) ≥ c) < 1 (fewer than one chance
 * member expected), or every unit of a one-month band.
 */
function episodeFinding(data: DistrictData, town: string, months: TownMonth[], ep: Episode, townMonthsJudged: number, delta: number): RuleFinding | null {
  const { units } = data;
  const L = months.length;
  const count = new Map<number, number>();
  for (const m of months) for (const u of m.cluster) count.set(u, (count.get(u) ?? 0) + 1);
  const q = months.reduce((s, m) => s + m.expectedShare, 0) / L;
  const n = Math.max(...months.map((m) => m.townUnits));
  const core = [...count].filter(([, c]) => L === 1 || n * Math.pow(10, log10BinomialTail(L, c, q)) < 1).map(([u]) => u);
  if (!core.length) return null;
  const cal = calibrate({
    statistic: 'units in the densest ±δ year-on-year growth band of the town, binomial per month, Fisher-combined over consecutive months',
    value: Math.max(...months.map((m) => m.synchronised)),
    null: "the town's growth deviations drawn from the district's (other towns' units around their own town median), the band the densest of n windows",
    log10P: ep.log10P,
    looks: (townMonthsJudged * (townMonthsJudged + 1)) / 2,
  });
  const first = data.periods[months[0]!.t]!;
  const top = months.reduce((a, b) => (b.log10P < a.log10P ? b : a));
  const growth = Math.expm1(top.center);
  return {
    subject: { kind: 'town', id: town },
    unit_ids: core.map((u) => units[u]!.id),
    period: first,
    score: cal.score,
    severity: cal.severity,
    summary_zh: `${first}起连续${L}个月，该乡镇营业收入同比增速集中：最突出的${data.periods[top.t]}，${top.townUnits}家单位中${top.synchronised}家落在${pct(growth, 1)}±${pct(delta, 0)}以内，而全区其他乡镇的单位落在相应区间的只占${pct(top.expectedShare, 1)}；其中${core.length}家在多数月份都在此区间，而其税务销售额增速照常分散。逐月概率合并后偶然出现的概率约为10的${Math.round(ep.log10P)}次方，计入所试的月份区间后每个乡镇的预期误报率为${cal.calibration.false_alarm_rate}。`,
    summary_en: `From ${first}, for ${L} consecutive month(s), year-on-year revenue growth in town ${town} converges: in ${data.periods[top.t]}, ${top.synchronised} of its ${top.townUnits} units lie within ${pct(growth, 1)} ± ${pct(delta, 0)}, where ${pct(top.expectedShare, 1)} of the other towns' units fall in the matching band; ${core.length} of them are in the band in most of these months, while their tax-declared sales grow as dispersedly as usual. Combined over the months, p ≈ 1e${Math.round(ep.log10P)}; with the month runs tried, expected false alarms per town ${cal.calibration.false_alarm_rate}.`,
    evidence: {
      town,
      units: core.map((u) => units[u]!.id),
      months: months.map((m) => data.periods[m.t]),
      by_month: months.map((m) => ({ period: data.periods[m.t], town_units: m.townUnits, synchronised_units: m.synchronised, growth: round(Math.expm1(m.center), 4), town_median_growth: round(Math.expm1(m.townMedian), 4), expected_share: round(m.expectedShare, 4), log10_p: round(m.log10P, 1), cluster_tax_growth_spread: round(m.taxSpread, 4), district_tax_growth_spread: round(m.districtTaxSpread, 4), units: m.cluster.map((u) => units[u]!.id) })),
      delta,
      calibration: cal.calibration,
    },
  };
}
