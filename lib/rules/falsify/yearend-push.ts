import { CATEGORY_ZH } from '../../domain/category-labels';
import * as z from 'zod';
import { clamp01, defineRule, pct, round, severityOf, type RuleFinding } from '../../engine/rule';
import type { DistrictData } from '../../engine/district-data';
import { MAD_SCALE } from '../../stats/robust';
import { medianInPlace, robustStats } from './robust-series';

const Params = z.object({
  /** Calendar months of the year-end assessment (考核) push. */
  yearEndMonths: z.array(z.number().int().min(1).max(12)).default([11, 12]),
  /** Quarter-end months, pushed too by some units (supporting evidence; left out of the baseline). */
  quarterEndMonths: z.array(z.number().int().min(1).max(12)).default([3, 6, 9]),
  /** Baseline months (neither year-end nor quarter-end) needed. */
  minBaseline: z.number().int().min(3).default(8),
  /** Year-end months needed, over at least `minYears` calendar years. */
  minPushMonths: z.number().int().min(2).default(3),
  minYears: z.number().int().min(1).default(2),
  /** Smallest median excess of ln(revenue / tax) in year-end months over the unit's other months (0.12 ≈ 13%). */
  minShift: z.number().positive().default(0.12),
  /** Each year's own year-end excess must reach this share of minShift (the push recurs; a late step lifts one year only). */
  perYearShare: z.number().min(0).max(1).default(0.6),
  /** Excess over the unit's robust noise of one month. */
  zMin: z.number().positive().default(3),
  /** Excess over its standard error. */
  tMin: z.number().positive().default(5),
  sigmaFloor: z.number().positive().default(0.03),
  /** Share of year-end months beyond half the excess. */
  consistency: z.number().min(0).max(1).default(0.75),
  /** Robust z of the unit's excess among its peers' needed (a district-wide year-end pattern of tax timing is shared). */
  peerZMin: z.number().min(0).default(3),
  minPeers: z.number().int().min(2).default(5),
  /** Categories that book revenue on a schedule of their own (handover of flats at year-end while VAT follows presales): low only. */
  deferredRevenueCategories: z.array(z.string()).default(['real_estate']),
  /** Reported revenue moving month to month this many times as much as tax: revenue booked in lumps, ratios not comparable by month (low only). */
  lumpyShare: z.number().positive().default(3),
  /** An excess of this size (log) scores fully. */
  fullShift: z.number().positive().default(0.3),
});

interface Excess {
  /** Median excess of the year-end months over the baseline median. */
  excess: number;
  /** Smallest per-year median excess. */
  minYear: number;
  years: number;
  nPush: number;
  nBase: number;
  baseline: number;
  sigma: number;
  z: number;
  t: number;
  consistency: number;
  /** Median excess of the quarter-end months and how many of them sit beyond max(minShift, 2σ). */
  quarterExcess: number;
  quarterPushed: number;
  nQuarter: number;
  /** Median excess of the month right after the year-end (a one-month lag of tax shows as a deficit there). */
  after: number;
}

type Kind = 0 | 1 | 2;

/** Calendar month (1–12) of each period, cached per district. */
const monthCache = new WeakMap<DistrictData, Uint8Array>();
function monthsOf(data: DistrictData): Uint8Array {
  let m = monthCache.get(data);
  if (!m) {
    m = Uint8Array.from(data.periods, (p) => Number(p.slice(5, 7)));
    monthCache.set(data, m);
  }
  return m;
}

function excessOf(data: DistrictData, u: number, source: Float64Array, kinds: Uint8Array, p: { sigmaFloor: number; minShift: number }, buf: Float64Array, buf2: Float64Array): Excess | null {
  const { P } = data;
  const row = u * P;
  const x = (t: number) => {
    const r = data.revenue[row + t]!;
    const s = source[row + t]!;
    return r > 0 && s > 0 ? Math.log(r / s) : Number.NaN;
  };
  let nb = 0;
  for (let t = 0; t < P; t++) {
    if (kinds[t] !== 0) continue;
    const v = x(t);
    if (!Number.isNaN(v)) buf[nb++] = v;
  }
  if (nb < 3) return null;
  const baseline = medianInPlace(buf, nb);
  for (let i = 0; i < nb; i++) buf2[i] = Math.abs(buf[i]! - baseline);
  const sigma = Math.max(MAD_SCALE * medianInPlace(buf2, nb), p.sigmaFloor);
  // Year-end months, per calendar year.
  let np = 0;
  const perYear = new Map<string, number[]>();
  for (let t = 0; t < P; t++) {
    if (kinds[t] !== 1) continue;
    const v = x(t);
    if (Number.isNaN(v)) continue;
    buf[np++] = v - baseline;
    const y = data.periods[t]!.slice(0, 4);
    const l = perYear.get(y);
    if (l) l.push(v - baseline);
    else perYear.set(y, [v - baseline]);
  }
  if (np === 0) return null;
  let minYear = Number.POSITIVE_INFINITY;
  for (const l of perYear.values()) minYear = Math.min(minYear, medianInPlace(Float64Array.from(l), l.length));
  let beyond = 0;
  const excess = medianInPlace(buf, np);
  for (let i = 0; i < np; i++) if (buf[i]! > excess / 2) beyond++;
  let nq = 0;
  let pushed = 0;
  for (let t = 0; t < P; t++) {
    if (kinds[t] !== 2) continue;
    const v = x(t);
    if (Number.isNaN(v)) continue;
    buf[nq++] = v - baseline;
    if (v - baseline > Math.max(p.minShift, 2 * sigma)) pushed++;
  }
  const quarterExcess = nq ? medianInPlace(buf, nq) : Number.NaN;
  let na = 0;
  for (let t = 1; t < P; t++) {
    if (kinds[t - 1] !== 1 || kinds[t] === 1) continue;
    const v = x(t);
    if (!Number.isNaN(v)) buf[na++] = v - baseline;
  }
  const after = na ? medianInPlace(buf, na) : Number.NaN;
  return {
    excess,
    minYear,
    years: perYear.size,
    nPush: np,
    nBase: nb,
    baseline,
    sigma,
    z: excess / sigma,
    t: excess / (1.2533 * sigma * Math.sqrt(1 / np + 1 / nb)),
    consistency: beyond / np,
    quarterExcess,
    quarterPushed: pushed,
    nQuarter: nq,
    after,
  };
}

/**
 * MAD of month-to-month log changes of reported revenue over that of tax, on pairs of consecutive
 * baseline months only (the pushed months would make an honest mark-up look lumpy).
 */
function baselineTracking(data: DistrictData, u: number, kinds: Uint8Array, buf: Float64Array, buf2: Float64Array): number {
  const { P } = data;
  let n = 0;
  for (let t = 1; t < P; t++) {
    if (kinds[t] !== 0 || kinds[t - 1] !== 0) continue;
    const r0 = data.revenue[u * P + t - 1]!;
    const r1 = data.revenue[u * P + t]!;
    const x0 = data.taxSales[u * P + t - 1]!;
    const x1 = data.taxSales[u * P + t]!;
    if (!(r0 > 0 && r1 > 0 && x0 > 0 && x1 > 0)) continue;
    buf[n] = Math.log(r1 / r0);
    buf2[n++] = Math.log(x1 / x0);
  }
  if (n < 4) return Number.NaN;
  const mad = (b: Float64Array) => {
    const m = medianInPlace(b, n);
    for (let i = 0; i < n; i++) b[i] = Math.abs(b[i]! - m);
    return medianInPlace(b, n);
  };
  const dx = mad(buf2);
  return dx > 0 ? mad(buf) / dx : Number.NaN;
}

/**
 * FALSIFY.INFLATE (year-end push) — reported revenue sits above what tax shows in the year-end
 * assessment months, year after year, while the unit's other months match tax.
 */
export const yearendPush = defineRule({
  id: 'falsify.yearend-push',
  version: 1,
  pattern: 'FALSIFY.INFLATE',
  title: { zh: '年末冲高：考核月份营业收入高于税务', en: 'Year-end push: revenue above tax in assessment months' },
  description: {
    zh: '把每月营业收入与税务申报销售额之比取对数（季节和真实增减在比值中抵消），比较年末考核月份（11、12月）与本单位非考核月份（季末月份除外）的中位数：年末比值系统性偏高、每一年都偏高、多数年末月份一致、相对基期噪声和标准误显著，才成立。税务晚申报一个月时次月比值会相应偏低，这种情形不报；同行同期也同样偏高（全区性的开票或申报时点）时只列“低”。季末月份同样偏高、相对用电量的比值同样偏高作为佐证。',
    en: "Log ratios of monthly revenue to tax-declared sales (seasons and real growth cancel) in the year-end assessment months (Nov, Dec) are compared with the unit's other months (quarter-end months left out): the year-end ratio must sit above the rest in every year, in most year-end months, clearly beyond the baseline noise and the standard error. A one-month lag of tax declarations, which leaves the following month as far below, is not reported; if peers show the same year-end excess (a district-wide invoicing or filing calendar) the finding is only low. Quarter-end months lifted too, and the ratio to metered electricity lifted too, support it.",
  },
  scope: 'unit',
  reads: ['units', 'submissions', 'tax', 'electricity'],
  params: Params,
  evaluate(data, params) {
    const { P, units } = data;
    const out: RuleFinding[] = [];
    const months = monthsOf(data);
    const kinds = new Uint8Array(P);
    for (let t = 0; t < P; t++) kinds[t] = (params.yearEndMonths.includes(months[t]!) ? 1 : params.quarterEndMonths.includes(months[t]!) ? 2 : 0) as Kind;
    const buf = new Float64Array(P);
    const buf2 = new Float64Array(P);
    const peerCache = new Map<number, number>();
    const peerExcess = (v: number) => {
      let e = peerCache.get(v);
      if (e === undefined) {
        const x = excessOf(data, v, data.taxSales, kinds, params, buf, buf2);
        e = x && x.nBase >= params.minBaseline && x.nPush >= 2 ? x.excess : Number.NaN;
        peerCache.set(v, e);
      }
      return e;
    };
    for (let u = 0; u < units.length; u++) {
      const tax = excessOf(data, u, data.taxSales, kinds, params, buf, buf2);
      if (!tax || tax.nBase < params.minBaseline || tax.nPush < params.minPushMonths || tax.years < params.minYears) continue;
      if (tax.excess < params.minShift || tax.z < params.zMin || tax.t < params.tMin || tax.consistency < params.consistency) continue;
      if (tax.minYear < params.perYearShare * params.minShift) continue;
      // Tax declared a month late: the month after the year-end is as far below as the year-end is above.
      if (tax.after <= -tax.excess / 2) continue;
      const unit = units[u]!;
      // Each note in both languages: the Chinese summary is what a reviewer reads.
      const notes: string[] = [];
      const notesZh: string[] = [];
      const note = (zh: string, en: string) => {
        notes.push(en);
        notesZh.push(zh);
      };
      let cap = 1;
      if (params.deferredRevenueCategories.includes(unit.category)) {
        cap = Math.min(cap, 0.45);
        note(`${CATEGORY_ZH[unit.category] ?? unit.category}：营业收入在交付时确认，税款随预售缴纳`, `${unit.category}: revenue is recognised on handover while tax follows presales`);
      }
      const tracking = baselineTracking(data, u, kinds, buf, buf2);
      if (tracking > params.lumpyShare) {
        cap = Math.min(cap, 0.45);
        note(`营业收入成批入账（逐月变动为税务申报销售额的${round(tracking, 1)}倍）`, `revenue is booked in lumps (it moves ${round(tracking, 1)}× as much as tax month to month)`);
      }
      const groupKey = `${unit.category}|${unit.industryCode.slice(0, 2)}`;
      const peerVals: number[] = [];
      for (const v of data.peerGroups.get(groupKey) ?? []) {
        if (v === u) continue;
        const e = peerExcess(v);
        if (Number.isFinite(e)) peerVals.push(e);
        if (peerVals.length >= 400) break;
      }
      let peer: { n: number; median: number; sigma: number; z: number } | null = null;
      if (peerVals.length >= params.minPeers) {
        const st = robustStats(peerVals);
        const zPeer = (tax.excess - st.median) / Math.max(st.sigma, params.sigmaFloor);
        peer = { n: st.n, median: st.median, sigma: st.sigma, z: zPeer };
        if (zPeer < params.peerZMin || st.median > tax.excess / 2) {
          cap = Math.min(cap, 0.45);
          note('同行年末同样偏高', 'peers show the same year-end excess');
        }
      }
      const kwh = excessOf(data, u, data.gridKwh, kinds, params, buf, buf2);
      const kwhAgrees = !!kwh && kwh.nBase >= params.minBaseline && kwh.nPush >= params.minPushMonths && kwh.excess >= params.minShift / 2 && kwh.t >= params.tMin / 2;
      const quarterAgrees = tax.nQuarter >= 2 && tax.quarterPushed >= 2;
      const score = Math.min(cap, 0.5 + 0.2 * clamp01(tax.excess / params.fullShift) + 0.15 * clamp01(tax.t / (2 * params.tMin)) + (kwhAgrees ? 0.1 : 0) + (quarterAgrees ? 0.05 : 0));
      const first = data.periods.findIndex((_, t) => kinds[t] === 1 && data.revenue[u * P + t]! > 0);
      const period = data.periods[first >= 0 ? first : 0]!;
      const exc = pct(Math.exp(tax.excess) - 1);
      const r0 = round(Math.exp(tax.baseline), 3);
      const r1 = round(Math.exp(tax.baseline + tax.excess), 3);
      const monthsTxt = params.yearEndMonths.join('、');
      const series = (m: Float64Array) => Array.from({ length: P }, (_, t) => (Number.isNaN(m[u * P + t]!) ? null : round(m[u * P + t]!, 1)));
      const q = quarterAgrees ? `；季末月份中有${tax.quarterPushed}个也明显偏高` : '';
      const qEn = quarterAgrees ? `; ${tax.quarterPushed} quarter-end months are lifted too` : '';
      const k = kwhAgrees ? `；相对用电量的比值年末同样偏高${pct(Math.exp(kwh!.excess) - 1)}` : '';
      const kEn = kwhAgrees ? `; against metered electricity the year-end months are ${pct(Math.exp(kwh!.excess) - 1)} higher too` : '';
      const peerTxt = peer ? `；同行年末比值偏高中位数${pct(Math.exp(peer.median) - 1)}` : '';
      const peerEn = peer ? `; peers' median year-end excess ${pct(Math.exp(peer.median) - 1)}` : '';
      out.push({
        subject: { kind: 'unit', id: unit.id },
        unit_ids: [unit.id],
        period,
        score: round(score, 3),
        severity: severityOf(score),
        summary_zh: `${tax.years}个年度的${monthsTxt}月，营业收入与税务申报销售额之比为${r1}，高出该单位其他月份的${r0}达${exc}（${tax.nPush}个年末月份，每年都偏高）${q}${k}${peerTxt}${notesZh.length ? `（${notesZh.join('；')}）` : ''}`,
        summary_en: `In months ${params.yearEndMonths.join(', ')} of ${tax.years} years revenue ran at ${r1} of tax-declared sales against ${r0} in the unit's other months, ${exc} higher (${tax.nPush} year-end months, every year)${qEn}${kEn}${peerEn}${notes.length ? ` (${notes.join('; ')})` : ''}`,
        evidence: {
          year_end_months: params.yearEndMonths,
          tax: {
            baseline_months: tax.nBase,
            year_end_months: tax.nPush,
            years: tax.years,
            baseline_ratio: round(Math.exp(tax.baseline), 4),
            excess_log: round(tax.excess, 3),
            min_year_excess_log: round(tax.minYear, 3),
            sigma_log: round(tax.sigma, 3),
            z: round(tax.z, 2),
            t: round(tax.t, 2),
            consistency: round(tax.consistency, 2),
            quarter_end_excess_log: round(tax.quarterExcess, 3),
            quarter_end_lifted: tax.quarterPushed,
            following_month_excess_log: round(tax.after, 3),
          },
          tracking_ratio: round(tracking, 3),
          electricity: kwh ? { excess_log: round(kwh.excess, 3), t: round(kwh.t, 2), agrees: kwhAgrees } : null,
          peers: peer ? { group: groupKey, n: peer.n, median_excess_log: round(peer.median, 3), sigma_log: round(peer.sigma, 3), robust_z: round(peer.z, 2) } : null,
          series: { periods: data.periods, reported: series(data.revenue), tax: series(data.taxSales), kwh: series(data.gridKwh) },
          notes,
        },
      });
    }
    return out;
  },
});
