import { CATEGORY_ZH } from '../../domain/category-labels';
import * as z from 'zod';
import type { DistrictData } from '../../engine/district-data';
import { clamp01, defineRule, pct, round, severityOf, type RuleFinding } from '../../engine/rule';
import { binomialTail, normalTail, shorthBand } from './scattered-band';
import { medianInPlace } from './robust-series';

const Params = z.object({
  /** Months with both revenue and tax needed (monthly declarers). */
  minMonths: z.number().int().min(6).default(12),
  /** Quarters with both needed (quarterly declarers, compared quarter by quarter). */
  minQuarters: z.number().int().min(4).default(6),
  /** Tax rows, all in quarter-end months, that mark a quarterly declarer. */
  minQuarterlyRows: z.number().int().min(2).default(4),
  /** A month is "below the band" when its log ratio sits under the unit's usual level by max(k·σ, minCut). */
  k: z.number().positive().default(3),
  /** Smallest cut of a month that counts (log; 0.2 ≈ 18% lower). */
  minCut: z.number().positive().default(0.2),
  /** Smallest cut of a quarter that counts (one month of three cut by a third lowers the quarter by ~11%). */
  minQuarterCut: z.number().positive().default(0.1),
  /** Floor of the unit's own noise of one month (log). */
  sigmaFloor: z.number().positive().default(0.03),
  /** Floor of the chance that an honest month falls below the band (heavy tails, months the model misses). */
  pFloor: z.number().min(0).max(1).default(0.02),
  /** Binomial tail (months below the band given the unit's own noise) at most this. */
  alpha: z.number().positive().default(1e-4),
  /** Months below the band needed (quarters: minLowQuarters). */
  minLow: z.number().int().min(2).default(5),
  minLowQuarters: z.number().int().min(2).default(3),
  /** Separate runs the low months must form (scattered months, not one episode: the shift rule's case). */
  minRuns: z.number().int().min(1).default(3),
  /** Months far above the band allowed, as a share of the months below (lumpy booking or tax timing swings both ways). */
  maxHighShare: z.number().min(0).default(0.25),
  /**
   * Median deviation of the ordinary months between the first and last low month at most this
   * share of the threshold below the usual level: the months between the cuts are ordinary. A
   * level shift (every month of a span lower, only some past the threshold) is not scattered cuts.
   */
  betweenShare: z.number().min(0).max(1).default(0.5),
  /**
   * Share of low months whose same calendar month a year apart is low too (beyond half the
   * threshold), with at least seasonalMinMonths such months, from which the low months are the season of the
   * ratio (tax smoother than a seasonal revenue), not cuts: not reported.
   */
  seasonalShare: z.number().min(0).max(1).default(0.75),
  seasonalMinMonths: z.number().int().min(1).default(3),
  /** Largest share of the low months allowed inside one mostly-low window of 6+ months (a block is the shift rule's case). */
  maxBlockShare: z.number().min(0).max(1).default(0.6),
  /** Tax of a low month above its neighbours by this much (log): a tax spike, not a revenue cut; the month does not count. */
  taxSpike: z.number().positive().default(0.15),
  /** Peers' median deviation of the same month below this (log, negative): a common dip (calendar, season), not counted. */
  peerDip: z.number().positive().default(0.1),
  /** Peers (same category and division) needed for the per-month peer check. */
  minPeers: z.number().int().min(2).default(5),
  /** Peers used at most. */
  maxPeers: z.number().int().min(2).default(200),
  /** Categories that book revenue on a schedule of their own (handover, settlement): low only. */
  lumpyCategories: z.array(z.string()).default(['real_estate', 'construction']),
});

type P = z.output<typeof Params>;

/** Per peer group and month: median over members of (log ratio − the member's own usual level). */
function peerDeviation(data: DistrictData, members: number[], maxPeers: number, buf: Float64Array): Float64Array {
  const { P } = data;
  const m = Math.min(members.length, maxPeers);
  // One matrix for the group (member-major), NaN where a member has no ratio.
  const dev = new Float64Array(m * P).fill(Number.NaN);
  const col = new Float64Array(Math.max(m, P));
  let k = 0;
  for (const p of members) {
    if (k >= m) break;
    let n = 0;
    for (let t = 0; t < P; t++) {
      const r = data.revenue[p * P + t]!;
      const x = data.taxSales[p * P + t]!;
      if (r > 0 && x > 0) buf[n++] = Math.log(r / x);
    }
    if (n < 12) continue;
    const c = medianInPlace(buf, n);
    for (let t = 0; t < P; t++) {
      const r = data.revenue[p * P + t]!;
      const x = data.taxSales[p * P + t]!;
      if (r > 0 && x > 0) dev[k * P + t] = Math.log(r / x) - c;
    }
    k++;
  }
  const out = new Float64Array(P).fill(Number.NaN);
  for (let t = 0; t < P; t++) {
    let n = 0;
    for (let i = 0; i < k; i++) {
      const v = dev[i * P + t]!;
      if (!Number.isNaN(v)) col[n++] = v;
    }
    if (n >= 3) out[t] = medianInPlace(col, n);
  }
  return out;
}

/**
 * Months of l below the band from the shortest `share`, before the per-month checks: a cheap
 * screen (no allocation) that spares most units the full scan.
 */
let lastThreshold = 0;

function countBelow(l: Float64Array, minCut: number, share: 0.5 | 0.333, params: P, buf: Float64Array): number {
  let n = 0;
  for (let t = 0; t < l.length; t++) if (!Number.isNaN(l[t]!)) buf[n++] = l[t]!;
  lastThreshold = minCut;
  if (n < 4) return 0;
  const band = shorthBand(buf, n, share);
  const threshold = Math.max(params.k * Math.max(band.sigma, params.sigmaFloor), minCut);
  lastThreshold = threshold;
  let low = 0;
  for (let t = 0; t < l.length; t++) if (l[t]! - band.centre < -threshold) low++;
  return low;
}

interface Scan {
  n: number;
  centre: number;
  sigma: number;
  threshold: number;
  low: number[];
  high: number;
  skippedTax: number;
  skippedPeers: number;
  runs: number;
  p0: number;
  pValue: number;
  depth: number;
  /** Median deviation of the not-low months between the first and last low month. */
  between: number;
  /** Low months whose same month a year apart is on file, and of them those low too. */
  twins: number;
  twinsLow: number;
  /** Largest share of the low months inside one window of 6+ months that is mostly (80%) low: one block, not scattered. */
  block: number;
  /** The share of the months the band was taken from (0.5 or 0.333). */
  share: number;
}

/** Whether a scan shows scattered cuts beyond the unit's own noise. */
function accepted(s: Scan, quarterly: boolean, params: P): boolean {
  const minLow = quarterly ? params.minLowQuarters : params.minLow;
  const minRuns = quarterly ? Math.min(params.minRuns, 2) : params.minRuns;
  if (s.low.length < minLow || s.pValue > params.alpha || s.runs < minRuns) return false;
  if (s.high > params.maxHighShare * s.low.length) return false;
  if (s.between < -params.betweenShare * s.threshold) return false;
  if (s.twinsLow >= params.seasonalMinMonths && s.twinsLow >= params.seasonalShare * s.twins) return false;
  return s.block <= params.maxBlockShare;
}

/**
 * The months (or quarter ends) of series `l` below the unit's band, with the checks that a low
 * month is a revenue cut: tax that month ordinary, peers not dipping the same month.
 */
function scan(
  l: Float64Array,
  taxLog: Float64Array,
  peerDev: Float64Array | null,
  minCut: number,
  yearStep: number,
  share: 0.5 | 0.333,
  params: P,
  buf: Float64Array,
  buf2: Float64Array,
): Scan | null {
  const T = l.length;
  let n = 0;
  for (let t = 0; t < T; t++) if (!Number.isNaN(l[t]!)) buf[n++] = l[t]!;
  if (n < 4) return null;
  const band = shorthBand(buf, n, share);
  const sigma = Math.max(band.sigma, params.sigmaFloor);
  const threshold = Math.max(params.k * sigma, minCut);
  const low: number[] = [];
  let high = 0;
  let skippedTax = 0;
  let skippedPeers = 0;
  for (let t = 0; t < T; t++) {
    const v = l[t]!;
    if (Number.isNaN(v)) continue;
    const dev = v - band.centre;
    if (dev > threshold) high++;
    if (dev >= -threshold) continue;
    // Tax that month against the neighbouring months with tax: a spike of tax makes the ratio low
    // without any cut of revenue.
    let m = 0;
    for (let o = t - 2; o <= t + 2; o++) if (o !== t && o >= 0 && o < T && !Number.isNaN(taxLog[o]!)) buf2[m++] = taxLog[o]!;
    if (m >= 2 && taxLog[t]! - medianInPlace(buf2, m) > params.taxSpike) {
      skippedTax++;
      continue;
    }
    if (peerDev && peerDev[t]! < -params.peerDip) {
      skippedPeers++;
      continue;
    }
    low.push(t);
  }
  let runs = 0;
  for (let i = 0; i < low.length; i++) if (i === 0 || low[i]! !== low[i - 1]! + 1) runs++;
  const p0 = Math.max(params.pFloor, normalTail(threshold / sigma), high / n);
  const pValue = binomialTail(n, low.length, p0);
  let depth = Number.NaN;
  if (low.length) {
    for (let i = 0; i < low.length; i++) buf2[i] = band.centre - l[low[i]!]!;
    depth = medianInPlace(buf2, low.length);
  }
  // The months between the cuts: ordinary (scattered cuts) or lower too (a level shift).
  let nb = 0;
  if (low.length >= 2) {
    let j = 0;
    for (let t = low[0]!; t <= low[low.length - 1]!; t++) {
      if (j < low.length && low[j] === t) {
        j++;
        continue;
      }
      if (!Number.isNaN(l[t]!)) buf2[nb++] = l[t]! - band.centre;
    }
  }
  const between = nb ? medianInPlace(buf2, nb) : 0;
  // The same calendar month a year apart (season of the ratio).
  let twins = 0;
  let twinsLow = 0;
  for (const t of low) {
    for (const o of [t - yearStep, t + yearStep]) {
      if (o < 0 || o >= T || Number.isNaN(l[o]!)) continue;
      twins++;
      if (l[o]! - band.centre < -threshold / 2) twinsLow++;
      break;
    }
  }
  // One block at an end of the series: a window of 6+ months from the first (or to the last)
  // month on file, at least 80% of them low, holding most of the low months. Then the unit's
  // level changed once (which side is usual is the shift rule's question), not cut here and there.
  let first = -1;
  let last = -1;
  for (let t = 0; t < T; t++) {
    if (Number.isNaN(l[t]!)) continue;
    if (first < 0) first = t;
    last = t;
  }
  let block = 0;
  const L = low.length;
  for (let j = 0; j < L; j++) {
    // Window [first, low[j]] holds j + 1 low months; window [low[j], last] holds L − j.
    const lenHead = low[j]! - first + 1;
    if (lenHead >= 6 && j + 1 >= 0.8 * lenHead) block = Math.max(block, (j + 1) / L);
    const lenTail = last - low[j]! + 1;
    if (lenTail >= 6 && L - j >= 0.8 * lenTail) block = Math.max(block, (L - j) / L);
  }
  return { n, centre: band.centre, sigma, threshold, low, high, skippedTax, skippedPeers, runs, p0, pValue, depth, between, twins, twinsLow, block, share };
}

/**
 * FALSIFY.CONCEAL (scattered) — revenue cut in many scattered, non-consecutive months while tax
 * those months is ordinary: more months below the unit's own usual ratio to tax than its own
 * noise allows.
 */
export const scatteredCuts = defineRule({
  id: 'falsify.scattered-cuts',
  version: 1,
  pattern: 'FALSIFY.CONCEAL',
  title: { zh: '瞒报：多个零散月份营业收入明显低于税务申报', en: 'Revenue cut in scattered months against tax' },
  description: {
    zh: '把每月营业收入与税务申报销售额之比取对数，以单位自身最集中的一半月份（最短半区间）确定常态比值和波动σ；比常态低max(k·σ, 最小降幅)的月份计为“偏低”。偏低月份须当月税务申报正常（不是税额突增造成的）、同行同月不同样偏低（不是日历或季节），且分散在多个互不相连的时段（连续数月的情形由收入偏离税务与用电规则处理）。再按单位自身的噪声（正态尾概率、下限和偏高月份比例中较大者）做二项尾检验：偏低月数远超噪声所允许者报告。按季申报的小规模纳税人逐季比较。偏高月份也多（收入成批入账、纳税时点错位）则不报；按交付或结算确认收入的行业只列“低”。用电同月也偏低时作为佐证。',
    en: "Monthly log ratios of revenue to tax-declared sales are compared with the unit's own usual level and noise, taken from the tightest half of its months (the shortest half, which cut months cannot drag); a month more than max(k·σ, a minimum cut) below is \"low\". A low month counts only if tax that month was ordinary (not a tax spike) and the peers did not dip the same month (calendar, season), and the low months must be scattered over several separate runs (a block of consecutive months is the shift rule's case). The count is tested against what the unit's own noise allows (binomial tail with the larger of the normal tail, a floor, and the share of months as far above). Quarterly declarers are compared quarter by quarter. Units with as many months far above (lumpy booking, tax timing) are not reported; categories that book revenue on handover or settlement are low only. Revenue per kWh low in the same months supports the finding.",
  },
  scope: 'unit',
  reads: ['units', 'submissions', 'tax', 'electricity'],
  params: Params,
  evaluate(data, params) {
    const { P, units } = data;
    const out: RuleFinding[] = [];
    const l = new Float64Array(P);
    const taxLog = new Float64Array(P);
    const buf = new Float64Array(P);
    const buf2 = new Float64Array(P);
    const quarterEnd = Uint8Array.from(data.periods, (p) => (Number(p.slice(5, 7)) % 3 === 0 ? 1 : 0));
    const peerCache = new Map<string, Float64Array | null>();
    // Peers' deviation month by month (monthly declarers: a common dip of the ratio), built per
    // group on first need (only units past the screen need it).
    const peerDevOf = (u: number, quarterly: boolean): Float64Array | null => {
      if (quarterly) return null;
      const unit = units[u]!;
      const key = `${unit.category}|${unit.industryCode.slice(0, 2)}`;
      if (!peerCache.has(key)) {
        const members = data.peerGroups.get(key) ?? [];
        peerCache.set(key, members.length > params.minPeers ? peerDeviation(data, members, params.maxPeers, buf) : null);
      }
      return peerCache.get(key)!;
    };
    for (let u = 0; u < units.length; u++) {
      const row = u * P;
      let nTax = 0;
      let nQ = 0;
      let nBoth = 0;
      for (let t = 0; t < P; t++) {
        const x = data.taxSales[row + t]!;
        if (!(x > 0)) continue;
        nTax++;
        if (quarterEnd[t]) nQ++;
        if (data.revenue[row + t]! > 0) nBoth++;
      }
      const quarterly = nTax >= params.minQuarterlyRows && nQ === nTax;
      if (!quarterly && nBoth < params.minMonths) continue;
      let nq = 0;
      for (let t = 0; t < P; t++) {
        const x = data.taxSales[row + t]!;
        taxLog[t] = x > 0 ? Math.log(x) : Number.NaN;
        if (quarterly) {
          const r = data.revenue[row + t]!;
          const r1 = t >= 1 ? data.revenue[row + t - 1]! : Number.NaN;
          const r2 = t >= 2 ? data.revenue[row + t - 2]! : Number.NaN;
          l[t] = quarterEnd[t] && r > 0 && r1 > 0 && r2 > 0 && x > 0 ? Math.log((r + r1 + r2) / x) : Number.NaN;
          if (!Number.isNaN(l[t]!)) nq++;
        } else {
          const r = data.revenue[row + t]!;
          l[t] = r > 0 && x > 0 ? Math.log(r / x) : Number.NaN;
        }
      }
      if (quarterly && nq < params.minQuarters) continue;
      const unit = units[u]!;
      // Quarterly declarers: the quarter ends, compacted so that neighbours and runs are quarters.
      let seq = l;
      let taxes = taxLog;
      let idx: number[] | null = null;
      if (quarterly) {
        seq = new Float64Array(nq);
        taxes = new Float64Array(nq);
        idx = [];
        for (let t = 0; t < P; t++) {
          if (Number.isNaN(l[t]!)) continue;
          seq[idx.length] = l[t]!;
          taxes[idx.length] = taxLog[t]!;
          idx.push(t);
        }
      }
      // The usual level from the tightest half of the months; when that finds nothing, from the
      // tightest third (a unit that cut up to half of its months still has its honest months as the
      // densest cluster).
      let s: Scan | null = null;
      const minLow = quarterly ? params.minLowQuarters : params.minLow;
      const cutOf = quarterly ? params.minQuarterCut : params.minCut;
      for (const share of [0.5, 0.333] as const) {
        // The tightest third only matters when cut months widened the half's band past the minimum cut.
        if (share !== 0.5 && !(lastThreshold > cutOf)) break;
        const below = countBelow(seq, cutOf, share, params, buf);
        if (below < minLow) continue;
        const c = scan(seq, taxes, peerDevOf(u, quarterly), quarterly ? params.minQuarterCut : params.minCut, quarterly ? 4 : 12, share, params, buf, buf2);
        if (c && accepted(c, quarterly, params)) {
          s = c;
          break;
        }
      }
      if (!s) continue;
      if (idx) s.low = s.low.map((i) => idx![i]!);
      // Revenue per kWh those months, against the unit's own usual level (supporting only).
      let nk = 0;
      for (let t = 0; t < P; t++) {
        const r = data.revenue[row + t]!;
        const k = data.gridKwh[row + t]!;
        if (r > 0 && k > 0) buf[nk++] = Math.log(r / k);
      }
      let kwhLow = 0;
      let kwhSeen = 0;
      if (nk >= params.minMonths && !quarterly) {
        const kb = shorthBand(buf, nk);
        const kSig = Math.max(kb.sigma, params.sigmaFloor);
        for (const t of s.low) {
          const r = data.revenue[row + t]!;
          const k = data.gridKwh[row + t]!;
          if (!(r > 0 && k > 0)) continue;
          kwhSeen++;
          if (Math.log(r / k) - kb.centre < -Math.max(2 * kSig, params.minCut / 2)) kwhLow++;
        }
      }
      const notes: string[] = [];
      const notesZh: string[] = [];
      let cap = 1;
      if (params.lumpyCategories.includes(unit.category)) {
        cap = 0.45;
        notes.push(`${unit.category}: revenue is booked on handover or settlement, so single months do not compare with tax`);
        notesZh.push(`${CATEGORY_ZH[unit.category] ?? unit.category}：营业收入在交付或结算时入账，单月数据不能与税务比较`);
      }
      const strength = clamp01(Math.log10(params.alpha / Math.max(s.pValue, 1e-300)) / 6);
      const kwhShare = kwhSeen ? kwhLow / kwhSeen : 0.5;
      const score = Math.min(cap, 0.55 + 0.15 * strength + 0.15 * clamp01(s.depth / 0.5) + 0.15 * kwhShare);
      const months = s.low.map((t) => data.periods[t]!);
      const lowRatios = s.low.map((t) => round(Math.exp(l[t]!), 2));
      const usual = round(Math.exp(s.centre), 2);
      const cutPct = pct(1 - Math.exp(-s.depth));
      const unitWord = quarterly ? '季度' : '个月';
      const unitEn = quarterly ? 'quarters' : 'months';
      const series = (m: Float64Array) => Array.from({ length: P }, (_, t) => (Number.isNaN(m[row + t]!) ? null : round(m[row + t]!, 1)));
      out.push({
        subject: { kind: 'unit', id: unit.id },
        unit_ids: [unit.id],
        period: months[0]!,
        score: round(score, 3),
        severity: severityOf(score),
        summary_zh: `${s.n}个${quarterly ? '季度' : '月份'}中有${s.low.length}个${unitWord === '季度' ? '季度' : '月份'}（${months.join('、')}，分散在${s.runs}段）营业收入与税务申报销售额之比低于该单位常态${usual}达${pct(1 - Math.exp(-s.threshold))}以上（中位低${cutPct}），而当月税务申报正常${quarterly ? '' : '、同行同月未同样偏低'}；按其自身波动（σ=${round(s.sigma, 3)}）偶然出现这么多偏低${quarterly ? '季度' : '月份'}的概率约${s.pValue.toExponential(1)}${kwhSeen ? `；其中${kwhLow}个月相对用电量也偏低` : ''}${notesZh.length ? `（${notesZh.join('；')}）` : ''}`,
        summary_en: `In ${s.low.length} of ${s.n} ${unitEn} (${months.join(', ')}; ${s.runs} separate runs) revenue per unit of tax-declared sales fell more than ${pct(1 - Math.exp(-s.threshold))} below the unit's usual ${usual} (median cut ${cutPct}) while tax those ${unitEn} was ordinary${quarterly ? '' : ' and peers did not dip'}; the unit's own noise (σ=${round(s.sigma, 3)}) makes so many low ${unitEn} a chance of about ${s.pValue.toExponential(1)}${kwhSeen ? `; ${kwhLow} of them are low against metered electricity too` : ''}${notes.length ? ` (${notes.join('; ')})` : ''}`,
        evidence: {
          basis: quarterly ? 'quarterly_tax' : 'monthly_tax',
          low_periods: months,
          low_ratios: lowRatios,
          usual_ratio: usual,
          sigma_log: round(s.sigma, 4),
          threshold_log: round(s.threshold, 3),
          median_cut_log: round(s.depth, 3),
          compared: s.n,
          runs: s.runs,
          months_far_above: s.high,
          band_from: s.share === 0.5 ? 'shortest half' : 'shortest third',
          largest_block_share: round(s.block, 2),
          between_months_median_log: round(s.between, 3),
          same_month_year_apart: { on_file: s.twins, low_too: s.twinsLow },
          skipped_tax_spike: s.skippedTax,
          skipped_peer_dip: s.skippedPeers,
          chance_per_month: round(s.p0, 4),
          binomial_p: Number(s.pValue.toExponential(2)),
          alpha: params.alpha,
          kwh_low: { seen: kwhSeen, low: kwhLow },
          series: { periods: data.periods, reported: series(data.revenue), tax: series(data.taxSales), kwh: series(data.gridKwh) },
          notes,
        },
      });
    }
    return out;
  },
});
