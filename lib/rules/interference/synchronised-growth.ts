import * as z from 'zod';
import { clamp01, defineRule, pct, round, severityOf, type RuleFinding } from '../../engine/rule';
import { MAD_SCALE } from '../../stats/robust';

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

function madSigmaOf(values: number[]): number {
  if (!values.length) return Number.NaN;
  const s = Float64Array.from(values).sort();
  const med = s[s.length >> 1]!;
  const d = s.map((x) => Math.abs(x - med)).sort();
  return MAD_SCALE * d[d.length >> 1]!;
}

/** log10 of the binomial upper tail P(X ≥ c), X ~ Bin(n, q), by direct summation in logs. */
function log10BinomTail(n: number, c: number, q: number): number {
  if (c <= 0) return 0;
  if (q <= 0) return Number.NEGATIVE_INFINITY;
  if (q >= 1) return 0;
  let lf = 0;
  const logFact: number[] = [0];
  for (let i = 1; i <= n; i++) logFact.push((lf += Math.log(i)));
  let max = Number.NEGATIVE_INFINITY;
  const terms: number[] = [];
  for (let k = c; k <= n; k++) {
    const v = logFact[n]! - logFact[k]! - logFact[n - k]! + k * Math.log(q) + (n - k) * Math.log1p(-q);
    terms.push(v);
    max = Math.max(max, v);
  }
  let s = 0;
  for (const v of terms) s += Math.exp(v - max);
  return Math.min(0, (max + Math.log(s)) / Math.LN10);
}

/**
 * Synchronised growth: in one month, far more of a town's units report the same year-on-year
 * growth (within ±δ) than the district's spread of growth rates makes likely, while their
 * tax-declared sales grow as dispersedly as anyone's — growth set by target, not by business.
 */
export const synchronisedGrowth = defineRule({
  id: 'interfere.synchronised-growth',
  version: 1,
  pattern: 'INTERFERE.COORDINATED',
  title: { zh: '乡镇/园区增速统一（同步增长）', en: 'Synchronised growth across a town or park' },
  description: {
    zh: '逐月计算各单位营业收入同比增速，在每个乡镇内找增速落在±δ以内的最大单位群，按全区增速分布估计偶然聚集的概率（二项检验）；只有当这些单位的税务销售额增速照常分散时才报——真实的全镇性冲击（同涨同跌）在税务和电力上也同步，不报。',
    en: 'Each month, the year-on-year revenue growth of every unit is computed; within each town the largest set of units whose growth lies within ±δ is compared with how many the district\'s spread of growth rates would put there by chance (binomial). It is reported only when those units\' tax-declared sales grow as dispersedly as usual — a real town-wide shock moves tax and electricity together too and stays silent.',
  },
  scope: 'town',
  reads: ['submissions', 'tax', 'units'],
  params: z.object({
    /** Half-width of the growth band (log growth). */
    delta: z.number().default(0.01),
    minUnits: z.number().int().default(6),
    /** Flagged months needed for review (unless one month is beyond twice the screening level in log10). */
    minMonths: z.number().int().default(2),
    /** Binomial tail for one town-month; ~150 town-months are tested in a district, so 1e-4 keeps chance hits rare. */
    maxLog10P: z.number().default(-4),
    /** Cluster tax growth must spread at least this share of the district's tax growth spread. */
    minTaxSpreadRatio: z.number().default(0.5),
  }),
  evaluate(data, p) {
    const { P, units } = data;
    const U = units.length;
    if (P < 13) return [];
    const towns = new Map<string, number[]>();
    units.forEach((x, u) => {
      if (!x.known || !x.townCode) return;
      let l = towns.get(x.townCode);
      if (!l) towns.set(x.townCode, (l = []));
      l.push(u);
    });
    const g = new Float64Array(U);
    const gt = new Float64Array(U);
    const episodes = new Map<string, { months: number[]; units: Map<number, number>; detail: Record<string, unknown>[]; score: number }>();
    const townList = [...towns];
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
        const med = n ? sv[n >> 1]! : Number.NaN;
        townFrom[i] = at;
        townN[i] = n;
        at += n;
        townMedian[i] = med;
        for (const u of members) if (!Number.isNaN(g[u]!)) dev[nDev++] = g[u]! - med;
      });
      const sortedDev = dev.slice(0, nDev).sort();
      let taxSpread = Number.NaN;
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
        if (best < p.minUnits) continue;
        const lo = sv[bi]!;
        const hi = sv[bi + best - 1]!;
        const center = (lo + hi) / 2;
        const c = center - townMedian[ti]!;
        const q = Math.max(1 / nDev, (countIn(sortedDev, c - p.delta, c + p.delta) - best) / Math.max(1, nDev - n));
        const lp = log10BinomTail(n, best, q);
        if (lp > p.maxLog10P) continue;
        const cluster = members.filter((u) => g[u]! >= lo && g[u]! <= hi);
        const clusterTax = cluster.map((u) => gt[u]!).filter((x) => !Number.isNaN(x));
        const cTaxSpread = madSigmaOf(clusterTax);
        if (Number.isNaN(taxSpread)) taxSpread = madSigmaOf(allTax);
        if (!(clusterTax.length >= p.minUnits && cTaxSpread >= p.minTaxSpreadRatio * taxSpread)) continue;
        let ep = episodes.get(town);
        if (!ep) episodes.set(town, (ep = { months: [], units: new Map(), detail: [], score: 0 }));
        ep.months.push(t);
        for (const u of cluster) ep.units.set(u, (ep.units.get(u) ?? 0) + 1);
        ep.score = Math.max(ep.score, clamp01(0.55 + 0.05 * Math.min(6, -lp + p.maxLog10P)));
        ep.detail.push({ period: data.periods[t], town_units: n, synchronised_units: best, growth: round(Math.expm1(center), 4), town_median_growth: round(Math.expm1(townMedian[ti]!), 4), expected_share: round(q, 4), log10_binomial_p: round(lp, 1), cluster_tax_growth_spread: round(cTaxSpread, 4), district_tax_growth_spread: round(taxSpread, 4), units: cluster.map((u) => units[u]!.id) });
      }
    }
    const out: RuleFinding[] = [];
    for (const [town, ep] of episodes) {
      // One month at the screening level can be chance (~150 town-months are tested); a target
      // kept for two months or more, or one far beyond the screening level, goes to review.
      const minLp = Math.min(...ep.detail.map((d) => d.log10_binomial_p as number));
      if (ep.months.length < p.minMonths && minLp > 2 * p.maxLog10P) ep.score = Math.min(ep.score, 0.45);
      const first = data.periods[ep.months[0]!]!;
      const d0 = ep.detail[0]!;
      // The units synchronised in at least half of the flagged months (chance members drop out).
      const core = [...ep.units].filter(([, c]) => c >= ep.months.length / 2).map(([u]) => units[u]!.id);
      out.push({
        subject: { kind: 'town', id: town },
        unit_ids: core,
        period: first,
        score: ep.score,
        severity: severityOf(ep.score),
        summary_zh: `${first}起${ep.months.length}个月，该乡镇${d0.synchronised_units}家单位营业收入同比增速集中在${pct(d0.growth as number, 1)}±${pct(p.delta, 0)}，远超偶然（全区同区间占比${pct(d0.expected_share as number, 1)}），而其税务销售额增速照常分散。`,
        summary_en: `From ${first}, for ${ep.months.length} month(s), ${d0.synchronised_units} units of town ${town} report year-on-year growth within ${pct(d0.growth as number, 1)} ± ${pct(p.delta, 0)}, far beyond chance (district share in that band ${pct(d0.expected_share as number, 1)}), while their tax-declared sales grow as dispersedly as usual.`,
        evidence: { town, units: core, months: ep.months.map((t) => data.periods[t]), by_month: ep.detail, delta: p.delta },
      });
    }
    return out;
  },
});
