import * as z from 'zod';
import type { DistrictData } from '../../engine/district-data';
import { defineRule, pct, round, type RuleFinding } from '../../engine/rule';
import { calibrate, FALSE_ALARM_RATE } from '../../engine/severity';
import { scaledMad } from '../../stats/robust';
import { log10SubsetSpreadAtMost, robustSpread } from '../../stats/subset-spread';
import { log10BinomialTail, log10FisherCombined } from '../../stats/tails';

/** One town-month's densest growth band. */
interface TownMonth {
  t: number;
  townUnits: number;
  synchronised: number;
  center: number;
  townMedian: number;
  /** The other towns' share of units in the matching band that month. */
  expectedShare: number;
  /** log10 p of the band count, corrected for the n band positions tried; 0 when tax moved with it. */
  log10P: number;
  taxSpread: number;
  districtTaxSpread: number;
  /** log10 P(as many of the other towns' units drawn at random have tax growth this tight). */
  taxTightLog10P: number;
  cluster: number[];
  /**
   * Every town unit's closeness to the band centre that month: log10 of the share of the other
   * towns' units whose growth lies at least as close to it (relative to their town's median).
   */
  closeness: Map<number, number>;
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
 * The units named are those whose growth sits near the band centre month after month (a
 * target holds them there; chance drops a unit anywhere in the band, once).
 */
export const synchronisedGrowth = defineRule({
  id: 'interfere.synchronised-growth',
  version: 2,
  pattern: 'INTERFERE.COORDINATED',
  title: { zh: '乡镇/园区增速统一（同步增长）', en: 'Synchronised growth across a town or park' },
  description: {
    zh: '逐月计算各单位营业收入同比增速，在每个乡镇内找增速落在±δ以内的最大单位群，按全区其他乡镇单位落在相应区间的比例估计偶然聚集的概率（二项检验，计入所试的区间位置）；连续月份的概率用Fisher方法合并，计入所试的月份区间数，按统一的误报率定严重程度。每家单位逐月离区间中心有多近（全区其他乡镇单位中同样接近的比例），跨月合并后按错误发现率列出成员——偶然落入区间的单位在区间内位置随意、其他月份也不在。若这些单位的税务销售额增速也异常集中（随机抽取同样多家其他乡镇单位很少这样集中），说明是真实的共同原因（如按合同统一调价），该月不作为证据。',
    en: "Each month, the year-on-year revenue growth of every unit is computed; within each town the largest set of units whose growth lies within ±δ is compared with the share of the other towns' units in the matching band (binomial, corrected for the band positions tried); consecutive months are combined (Fisher) and corrected for the month runs tried, and the engine's false-alarm rates set the severity. Members are named by how close each unit sits to the band centre month after month (the share of the other towns' units as close, Fisher-combined over the episode, Benjamini–Hochberg over the town's units): a chance visitor sits anywhere in the band and elsewhere in the other months. A month whose band units' tax-declared sales grow as tightly as rarely happens for as many units drawn from the other towns is a common cause tax sees too (an indexed contract, a town-wide order book) and is no evidence.",
  },
  scope: 'town',
  reads: ['submissions', 'tax', 'units'],
  params: z.object({
    /** Half-width of the growth band, in log growth (±1 % year on year). */
    delta: z.number().default(0.01),
    /** Units a band needs before its tax growth spread can be judged. */
    minUnits: z.number().int().default(6),
    /** A band whose units' tax growth is tighter than all but this share of random draws of as
     *  many of the other towns' units is a common cause the business shows too (an indexed
     *  contract, a town-wide order book): that month is no evidence. */
    commonCauseP: z.number().default(0.05),
    /** Expected share of chance members among the units named (Benjamini–Hochberg over the
     *  town's units, on each unit's closeness to the band centre over the episode). */
    memberFdr: z.number().default(0.05),
  }),
  evaluate(data, p) {
    if (data.P < 13) return [];
    const months = townMonths(data, p);
    const out: RuleFinding[] = [];
    for (const [town, list] of months) {
      for (const ep of episodes(list)) {
        const finding = episodeFinding(data, town, list.slice(ep.from, ep.to + 1), ep, list.length, p.delta, p.memberFdr);
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
export function episodes(list: TownMonth[]): Episode[] {
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
export function townMonths(data: DistrictData, p: { delta: number; minUnits: number; commonCauseP: number }): Map<string, TownMonth[]> {
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
  const taxMedian = new Float64Array(townList.length);
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
    townList.forEach(([, members], i) => {
      const v = members
        .map((u) => gt[u]!)
        .filter((x) => !Number.isNaN(x))
        .sort((a, b) => a - b);
      taxMedian[i] = v.length ? v[v.length >> 1]! : Number.NaN;
    });
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
      const c = (lo + hi) / 2 - townMedian[ti]!;
      const others = Math.max(1, nDev - n);
      // The district's share of units (outside this town) within ±δ of the band, as deviations from their town's median.
      const q = Math.max(1 / others, (countIn(sortedDev, c - p.delta, c + p.delta) - best) / others);
      // The band is the densest of the n windows that start at a unit's growth: n looks.
      let lp = Math.min(0, log10BinomialTail(n, best, q) + Math.log10(n));
      const cluster = members.filter((u) => g[u]! >= lo && g[u]! <= hi);
      // The target the band's units were set to: their median growth.
      const center = sv[bi + (best >> 1)]!;
      const clusterTax = cluster.map((u) => gt[u]!).filter((x) => !Number.isNaN(x));
      const taxSpread = clusterTax.length ? robustSpread(clusterTax) : Number.NaN;
      let taxTight = 0;
      if (!(best >= p.minUnits && clusterTax.length >= p.minUnits)) lp = 0;
      else if (lp < -1) {
        // Tax growth as tight as revenue's is a real common cause (an indexed contract, a
        // town-wide order book), not a target: judged against as many of the other towns' units.
        const pool: number[] = [];
        townList.forEach(([, m], i) => {
          if (i === ti) return;
          for (const u of m) if (!Number.isNaN(gt[u]!)) pool.push(gt[u]! - taxMedian[i]!);
        });
        taxTight = log10SubsetSpreadAtMost(pool, clusterTax.length, taxSpread, 399, 1 + t * 101 + ti);
        if (taxTight <= Math.log10(p.commonCauseP)) lp = 0;
      }
      // Closeness of each unit to the centre: within ±δ the district's density is taken as even
      // (the band share spread over its width); further out, the other towns' units counted.
      const closeness = new Map<number, number>();
      const cm = center - townMedian[ti]!;
      for (const u of members) {
        if (Number.isNaN(g[u]!)) continue;
        const d = Math.abs(g[u]! - center);
        let share: number;
        if (d <= p.delta) share = (q * d) / p.delta;
        else share = Math.max(q, (countIn(sortedDev, cm - d, cm + d) - countIn(sv, center - d, center + d)) / others);
        closeness.set(u, Math.log10(Math.min(1, Math.max(1 / others, share))));
      }
      result
        .get(town)!
        .push({ t, townUnits: n, synchronised: best, center, townMedian: townMedian[ti]!, expectedShare: q, log10P: lp, taxSpread, districtTaxSpread, taxTightLog10P: taxTight, cluster, closeness });
    }
  }
  return result;
}

/**
 * The finding of one episode. A unit's evidence of membership is how close its growth sits to
 * the band centre month after month: each month the share of the other towns' units at least as
 * close (a p-value for a unit drawn from the district), Fisher-combined over the episode's
 * months — a chance visitor of the band sits anywhere in it and elsewhere in the other months.
 * Units of the town in a band at least once are named by Benjamini–Hochberg at `memberFdr` over
 * the town's units: the expected share of chance members among those named.
 */
export function episodeMembers(months: TownMonth[], memberFdr: number): { u: number; log10P: number }[] {
  const candidates = new Set<number>();
  for (const m of months) for (const u of m.cluster) candidates.add(u);
  const n = Math.max(...months.map((m) => m.townUnits));
  const scored = [...candidates].map((u) => ({ u, log10P: log10FisherCombined(months.map((m) => m.closeness.get(u) ?? 0)) })).sort((a, b) => a.log10P - b.log10P);
  let k = 0;
  scored.forEach((x, i) => {
    if (x.log10P <= Math.log10(((i + 1) * memberFdr) / n)) k = i + 1;
  });
  return scored.slice(0, k);
}

function episodeFinding(data: DistrictData, town: string, months: TownMonth[], ep: Episode, townMonthsJudged: number, delta: number, memberFdr: number): RuleFinding | null {
  const { units } = data;
  const L = months.length;
  const members = episodeMembers(months, memberFdr);
  const core = members.map((x) => x.u);
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
    summary_zh: `${first}起连续${L}个月，该乡镇营业收入同比增速集中：最突出的${data.periods[top.t]}，${top.townUnits}家单位中${top.synchronised}家落在${pct(growth, 1)}±${pct(delta, 0)}以内，而全区其他乡镇的单位落在相应区间的只占${pct(top.expectedShare, 1)}；其中${core.length}家逐月都紧贴区间中心，而其税务销售额增速照常分散。逐月概率合并后偶然出现的概率约为10的${Math.round(ep.log10P)}次方，计入所试的月份区间后每个乡镇的预期误报率为${cal.calibration.false_alarm_rate}。`,
    summary_en: `From ${first}, for ${L} consecutive month(s), year-on-year revenue growth in town ${town} converges: in ${data.periods[top.t]}, ${top.synchronised} of its ${top.townUnits} units lie within ${pct(growth, 1)} ± ${pct(delta, 0)}, where ${pct(top.expectedShare, 1)} of the other towns' units fall in the matching band; ${core.length} of them sit close to the band centre month after month, while their tax-declared sales grow as dispersedly as usual. Combined over the months, p ≈ 1e${Math.round(ep.log10P)}; with the month runs tried, expected false alarms per town ${cal.calibration.false_alarm_rate}.`,
    evidence: {
      town,
      units: core.map((u) => units[u]!.id),
      member_closeness_log10_p: members.map((x) => ({ unit_id: units[x.u]!.id, log10_p: round(x.log10P, 1) })),
      months: months.map((m) => data.periods[m.t]),
      by_month: months.map((m) => ({
        period: data.periods[m.t],
        town_units: m.townUnits,
        synchronised_units: m.synchronised,
        growth: round(Math.expm1(m.center), 4),
        town_median_growth: round(Math.expm1(m.townMedian), 4),
        expected_share: round(m.expectedShare, 4),
        log10_p: round(m.log10P, 1),
        cluster_tax_growth_spread: round(m.taxSpread, 4),
        district_tax_growth_spread: round(m.districtTaxSpread, 4),
        log10_p_tax_this_tight: round(m.taxTightLog10P, 1),
        units: m.cluster.map((u) => units[u]!.id),
      })),
      delta,
      calibration: cal.calibration,
    },
  };
}
