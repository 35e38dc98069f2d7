import * as z from 'zod';
import type { DistrictData } from '../../engine/district-data';
import { clamp01, defineRule, pct, round, severityOf, type RuleFinding } from '../../engine/rule';
import { hidiroglouBerthelot, hbStatus, HB_FLAG_LABELS } from '../../stats/hidiroglou-berthelot';
import { medianInPlace, robustStats } from './robust-series';
import { segmentShift, segmentShiftWeighted, verifyShift, type SegmentShift, type SourceShift } from './shift-search';
import { rampStart, ratioTrend, theilSen } from './cross-source-trend';
import { peerShiftMemo, peerShifts, trackingRatio } from './episode-evidence';
import { RowOrder, rowOrderOf } from './row-order';
import { CATEGORY_ZH } from '../../domain/category-labels';
import { alignLateDeclarations } from '../../stats/level-shift';

const Params = z.object({
  /** Months of the unit's own baseline (outside the episode) needed per source. */
  minBaseline: z.number().int().min(2).default(4),
  /** Months of baseline needed on each side of an episode that ends before the latest period. */
  minSide: z.number().int().min(1).default(3),
  /** Consecutive months an episode must last. */
  minRun: z.number().int().min(1).default(3),
  /** Smallest shift of a log ratio that counts (0.15 ≈ 16%). */
  minShift: z.number().positive().default(0.15),
  /** Shift over the unit's own robust noise of one month (1.4826·MAD of its baseline log ratios) needed. */
  zMin: z.number().positive().default(2),
  /** Shift over its standard error (medians of the episode and baseline months) needed. */
  tMin: z.number().positive().default(5),
  /** Floor of that noise, so that a very smooth series does not make every wobble significant. */
  sigmaFloor: z.number().positive().default(0.03),
  /** Share of episode months that must sit beyond half the shift (a level shift, not one wild month). */
  consistency: z.number().min(0).max(1).default(0.7),
  /** Months each side of the episode's start compared for the edge jump (evidence). */
  edgeMonths: z.number().int().min(1).default(4),
  /**
   * Reported revenue must move month to month at least this share as much as the cross source
   * does (MAD of monthly log changes); a flat or smooth report over a business that tax shows
   * moving was invented, not marked up (FALSIFY.FABRICATE's case): low here.
   */
  trackShare: z.number().min(0).default(0.35),
  /**
   * Reported revenue moving month to month this many times as much as the cross source: the
   * unit books revenue in lumps (handover of flats, settlement of works) on a schedule tax and
   * the meter do not share, so a level shift of the ratio is no evidence: low only.
   */
  lumpyShare: z.number().positive().default(3),
  /**
   * Categories that book revenue on a schedule of their own: a developer recognises sales when
   * flats are handed over, while VAT is prepaid on presales (预售预缴), so monthly ratios to tax
   * swing by tens of times with nothing wrong. Low only.
   */
  deferredRevenueCategories: z.array(z.string()).default(['real_estate']),
  /** Categories whose metered electricity follows output; elsewhere kWh alone is low evidence. */
  kwhTracksOutput: z.array(z.string()).default(['industry']),
  /**
   * Metered kWh itself moving the same way by at least this share of revenue's move (and by
   * minShift) over the episode: the business changed and the ratio to kWh moved through the
   * meter's base load, so electricity is no evidence there.
   */
  kwhFollowShare: z.number().min(0).max(1).default(0.33),
  /** Share of the town's units moving the same way by minShift over the episode that marks a town-wide shock (also twice the district's share). */
  townShockShare: z.number().min(0).max(1).default(0.25),
  /** Tax rows (all in quarter-end months) that mark a quarterly declarer, compared quarter by quarter. */
  minQuarterlyRows: z.number().int().min(2).default(4),
  /** A shift of this size (log) scores fully. */
  fullShift: z.number().positive().default(0.35),
  /** Peers needed for the peer comparison. */
  minPeers: z.number().int().min(2).default(5),
  /** Peers used at most (the first ones of the group, in register order). */
  maxPeers: z.number().int().min(2).default(400),
  /**
   * Combined evidence of two agreeing sources, (t₁ + t₂)/√2, needed when neither passes alone;
   * above tMin because the episode was chosen as the strongest of all blocks (a search).
   */
  jointT: z.number().positive().default(6),
  /** Robust z of the unit's shift among peers' shifts over the same months below which the peers moved alike (low only). */
  peerZMin: z.number().min(0).default(2.5),
  /** Smallest pooled shift (log) of two agreeing sources that counts when below minShift (0.07 ≈ 7%). */
  smallShift: z.number().positive().default(0.07),
  /** Robust scatter of a small step's episode months over that of its baseline months allowed (a steady factor keeps it near 1). */
  quietEpisode: z.number().positive().default(2),
  /** A small step must jump at its edge: the two ratios' edge steps together at least this share of their shifts (an honest drift creeps). */
  smallEdge: z.number().min(0).default(0.5),
  /**
   * Tax alone this many times over tMin and zMin, with electricity leaning its way (significant,
   * smaller), is medium without being large. Not the other way round: revenue/kWh moves in real
   * booms and declines through the meter's base load, revenue/tax (the same sales) does not.
   */
  leanT: z.number().positive().default(2),
  /** Pooled shift over its standard error needed for such a small step. */
  smallT: z.number().positive().default(6),
  /** Mann–Kendall z of the ratio to tax that marks a creep (an honest ratio scatters around its level: z ≈ N(0, 1)). */
  trendZ: z.number().positive().default(4),
  /** Months of the ratio to tax needed for the trend test. */
  trendMonths: z.number().int().min(6).default(12),
  /** The weighted search is skipped when the two ratios' weights are within this factor (its block would be the plain one's). */
  weightRatio: z.number().min(1).default(2),
  /** Smallest move (log) of the inverse-noise weighted average of the two ratios for a block to be a candidate. */
  searchMin: z.number().positive().default(0.06),
  /**
   * A sale declared a month (or a quarter) late leaves the ratio to tax far up in one period and
   * as far down in the next, the two together at the unit's level: such a pair, departing by this
   * many times the ratio's own month-to-month noise each way, is read at the pair's pooled ratio.
   */
  lateK: z.number().positive().default(2.5),
});

type ShiftRuleParams = z.output<typeof Params>;
// Source tests as plain functions (not closures made per candidate: judging runs for tens of thousands of units).
/** A source agrees when it moves the same way, clearly and consistently. */
function agreesP(s: SourceShift | null, direction: number, p: ShiftRuleParams): boolean {
  return !!s && s.available && Math.sign(s.shift) === direction && Math.abs(s.shift) >= (2 / 3) * p.minShift && Math.abs(s.t) >= p.tMin / 2 && s.consistency >= p.consistency;
}
/** It passes alone when the move is also large and significant by itself. */
function passesP(s: SourceShift | null, direction: number, p: ShiftRuleParams): boolean {
  return agreesP(s, direction, p) && Math.abs(s!.shift) >= p.minShift && Math.abs(s!.z) >= p.zMin && Math.abs(s!.t) >= p.tMin;
}
/** A large, clear single shift, worth a review even when the other source does not follow. */
function strongP(s: SourceShift | null, direction: number, p: ShiftRuleParams): boolean {
  return passesP(s, direction, p) && Math.abs(s!.shift) >= 2 * p.minShift && Math.abs(s!.t) >= 1.5 * p.tMin;
}
/** A mark-up by a steady factor leaves the episode months as quiet as the baseline ones. */
function quietP(x: SourceShift, p: ShiftRuleParams): boolean {
  return x.episodeSigma <= p.quietEpisode * x.sigma;
}
/** Did a level (kWh or tax) move with revenue: same way, by minShift and by kwhFollowShare of revenue's move? */
function followsP(level: number, revLevel: number, direction: number, p: ShiftRuleParams): boolean {
  return Math.sign(level) === direction && Math.sign(revLevel) === direction && Math.abs(level) >= p.minShift && Math.abs(level) >= p.kwhFollowShare * Math.abs(revLevel);
}

/**
 * Inverse-variance pooled shift of the two ratios (standard error of each: its shift over its t),
 * and whether the two agree (their difference within twice its standard error).
 */
function pooledShift(tax: SourceShift | null, kwh: SourceShift | null): { shift: number; t: number; agree: boolean } | null {
  if (!tax?.available || !kwh?.available || !(tax.t !== 0 && kwh.t !== 0) || Math.sign(tax.shift) !== Math.sign(kwh.shift)) return null;
  const se1 = Math.abs(tax.shift / tax.t);
  const se2 = Math.abs(kwh.shift / kwh.t);
  const w1 = 1 / (se1 * se1);
  const w2 = 1 / (se2 * se2);
  const shift = (w1 * tax.shift + w2 * kwh.shift) / (w1 + w2);
  const se = 1 / Math.sqrt(w1 + w2);
  return { shift, t: shift / se, agree: Math.abs(tax.shift - kwh.shift) <= 2 * Math.hypot(se1, se2) };
}

/** Median log level of m over months start..end minus over the other months (NaN with too few). */
function levelShift(m: Float64Array, row: number, start: number, end: number, P: number, buf: Float64Array, buf2: Float64Array): number {
  let ni = 0;
  let no = 0;
  for (let t = 0; t < P; t++) {
    const v = m[row + t]!;
    if (!(v > 0)) continue;
    if (t >= start && t <= end) buf[ni++] = Math.log(v);
    else buf2[no++] = Math.log(v);
  }
  return ni >= 2 && no >= 3 ? medianInPlace(buf, ni) - medianInPlace(buf2, no) : Number.NaN;
}

const townCache = new WeakMap<DistrictData, Map<string, number[]>>();

/**
 * Share of a town's other units (of the unit's own category when there are enough: a shock such
 * as an emergency output cut hits one kind of unit) whose revenue level moved by at least `min`
 * in `direction` over months start..end, against the same share among the category district-wide.
 */
function townShock(
  data: DistrictData,
  order: RowOrder | null,
  mask: Uint8Array,
  samples: Map<string, number[]>,
  u: number,
  town: string,
  start: number,
  end: number,
  direction: number,
  min: number,
  minPeers: number,
  maxPeers: number,
  buf: Float64Array,
  buf2: Float64Array,
): { n: number; share: number; districtShare: number } {
  let byTown = townCache.get(data);
  if (!byTown) {
    const m = new Map<string, number[]>();
    data.units.forEach((x, i) => {
      if (!x.known || !x.townCode) return;
      const l = m.get(x.townCode);
      if (l) l.push(i);
      else m.set(x.townCode, [i]);
    });
    townCache.set(data, (byTown = m));
  }
  mask.fill(0);
  for (let t = start; t <= end; t++) mask[t] = 1;
  const all = byTown.get(town) ?? [];
  const category = data.units[u]!.category;
  const same = all.filter((v) => v !== u && data.units[v]!.category === category);
  const share = (list: Iterable<number>) => {
    let n = 0;
    let moved = 0;
    for (const v of list) {
      if (v === u) continue;
      if (n >= maxPeers) break;
      let s: number;
      if (order) {
        order.split(v, mask);
        s = order.nIn >= 2 && order.nOut >= 3 ? order.medianIn - order.medianOut : Number.NaN;
      } else s = levelShift(data.revenue, v * data.P, start, end, data.P, buf, buf2);
      if (!Number.isFinite(s)) continue;
      n++;
      if (direction * s >= min) moved++;
    }
    return { n, share: n ? moved / n : Number.NaN };
  };
  const local = share(same.length >= minPeers ? same : all);
  // District-wide, the same category (evenly spread sample of at most maxPeers units).
  let sample = samples.get(category);
  if (!sample) {
    const pool: number[] = [];
    for (const [k, members] of data.peerGroups) if (k.startsWith(`${category}|`)) pool.push(...members);
    const step = Math.max(1, Math.floor(pool.length / maxPeers));
    samples.set(category, (sample = pool.filter((_, i) => i % step === 0)));
  }
  return { n: local.n, share: local.share, districtShare: share(sample).share };
}

/**
 * FALSIFY.INFLATE / FALSIFY.CONCEAL — reported revenue leaves what tax and the grid meter show:
 * the unit's own revenue/tax and revenue/kWh ratios shift to a new level for several months.
 */
export const crossSourceShift = defineRule({
  id: 'falsify.cross-source-shift',
  version: 4,
  pattern: 'FALSIFY.INFLATE',
  title: { zh: '虚报/瞒报：营业收入偏离税务与用电', en: 'Revenue departs from tax and electricity' },
  description: {
    zh: '把每月营业收入与税务申报销售额、电网计量用电量之比取对数（季节和真实增减在比值中抵消），在单位自身序列中搜索连续数月的水平移位（所有连续区段中最显著者），再以基期的中位数和MAD稳健检验（移位幅度、移位/标准误、多数月份一致）；税务和用电两个来源同向移位才成立（两者误差独立，证据按Stouffer合并），向上为虚报、向下为瞒报。真实扩张、萎缩或全镇冲击时税务和用电同步变化，比值不变，因而不报。用同行同期的比值变化（即“报表增长−税务增长”）做稳健z值和Hidiroglou–Berthelot离群检验，同行同样变化则只列“低”；只有一个外部来源时最多为“中”。小幅移位（低于最小移位）须税务和用电两个来源按逆方差合并后仍显著、彼此一致、且移位期内各月平稳；逐月爬升的虚报以营业收入/税务销售额比值的Mann–Kendall趋势检验（Theil–Sen斜率估计累计升幅）识别；搜索时两个比值按各自逐月噪声加权，噪声大的用电比值不会把区段拉离税务比值的跳变点。报表不随经营逐月波动（疑为编造）或成批入账的情形只列“低”。与另一单位逐月变化完全相同（抄袭）、卡线达标、退库前压低和入库前抬高的情形由归属步骤交给抄袭、数据寻租、虚假退库和虚假入库规则，本规则不再调用它们。',
    en: "Log ratios of monthly revenue to tax-declared sales and to grid-metered kWh cancel seasons and real growth; the unit's own series is searched for the most significant block of consecutive months at a new level, which is then tested robustly against its baseline median and MAD (size of the shift, shift over its standard error, most months beyond half the shift). Tax and electricity must both move the same way (their errors are independent, so their evidence combines, Stouffer): up is inflation, down concealment. A real boom, decline or town-wide shock moves tax and electricity too, so the ratios stay put and nothing is said. Peers' ratio changes over the same months (reported growth minus tax growth) give a robust z-score and a Hidiroglou–Berthelot outlier test; if peers moved alike the finding is only low, and with one cross source it is at most medium. A small step (below the minimum shift) counts only when tax and electricity, pooled by inverse variance, measure the same step significantly with quiet episode months; a creep of a little more each month is found by a Mann–Kendall trend of the revenue/tax ratio (Theil–Sen slope for the rise); the search weights the two ratios by their month-to-month noise, so a noisy meter ratio does not drag the block off the step of the tax ratio. Reports that do not follow the business month to month (invented) or are booked in lumps are only low here. Whether a copy, a threshold placement, a cut before an exit or a lift before an entry owns the story is decided by the engine's attribution step after all rules, not by this rule calling theirs.",
  },
  scope: 'unit',
  reads: ['units', 'submissions', 'tax', 'electricity', 'social_insurance'],
  params: Params,
  evaluate(data, params) {
    const { P, units } = data;
    const out: RuleFinding[] = [];
    const a = new Float64Array(P);
    const b = new Float64Array(P);
    const buf = new Float64Array(P);
    const buf2 = new Float64Array(P);
    const inEp = new Uint8Array(P);
    const peerRuns = peerShiftMemo();
    const townSamples = new Map<string, number[]>();
    // Revenue rows sorted once for the town-shock check, which reads the same units' rows for many candidates.
    let revenueOrder: RowOrder | null | undefined;
    const shockMask = new Uint8Array(P);
    const quarterEnd = Uint8Array.from(data.periods, (p) => (Number(p.slice(5, 7)) % 3 === 0 ? 1 : 0));
    const qRev = new Float64Array(P);
    for (let u = 0; u < units.length; u++) {
      const row = u * P;
      // A small-scale taxpayer declaring quarterly has tax rows only in quarter-end months, each the
      // whole quarter's sales: it is compared with the quarter's reported revenue there.
      let nTax = 0;
      let nQuarterEnd = 0;
      for (let t = 0; t < P; t++) {
        if (!(data.taxSales[row + t]! > 0)) continue;
        nTax++;
        if (quarterEnd[t]) nQuarterEnd++;
      }
      const quarterly = nTax >= params.minQuarterlyRows && nQuarterEnd === nTax;
      for (let t = 0; t < P; t++) {
        const r = data.revenue[row + t]!;
        const x = data.taxSales[row + t]!;
        const k = data.gridKwh[row + t]!;
        if (quarterly) {
          const q = t >= 2 ? data.revenue[row + t - 1]! + data.revenue[row + t - 2]! : Number.NaN;
          const r1 = data.revenue[row + t - 1]!;
          const r2 = data.revenue[row + t - 2]!;
          qRev[t] = r + q;
          a[t] = quarterEnd[t] && t >= 2 && r > 0 && r1 > 0 && r2 > 0 && x > 0 ? Math.log((r + q) / x) : Number.NaN;
        } else a[t] = r > 0 && x > 0 ? Math.log(r / x) : Number.NaN;
        b[t] = r > 0 && k > 0 ? Math.log(r / k) : Number.NaN;
      }
      // Sales declared a period late: the dipole they leave in the ratio to tax is read at the pair's level.
      alignLateDeclarations(a, quarterly ? qRev : data.revenue.subarray(row, row + P), data.taxSales.subarray(row, row + P), quarterly ? 3 : 1, params.lateK, params.sigmaFloor);
      // Candidate episodes: the block of the plain average of the two ratios, and the block of
      // their inverse-noise weighted average (a quiet tax ratio is not dragged off its step by a
      // noisy or seasonal meter ratio).
      // The weighted search is run only where it can change the outcome: the plain block made no
      // finding worth a review, and both ratios are on file (with one, the weights do not matter).
      const seg1 = segmentShift(a, b, params, buf, buf2);
      const f1 = seg1 ? judge(u, seg1) : null;
      let hasA = false;
      let hasB = false;
      for (let t = 0; t < P && !(hasA && hasB); t++) {
        if (!Number.isNaN(a[t]!)) hasA = true;
        if (!Number.isNaN(b[t]!)) hasB = true;
      }
      const seg2 = (!f1 || f1.severity === 'low') && ((hasA && hasB) || !seg1) ? segmentShiftWeighted(a, b, params, buf, buf2, params.searchMin, seg1 ? params.weightRatio : 1) : null;
      const f2 = seg2 && !(seg1 && seg1.start === seg2.start && seg1.end === seg2.end && seg1.direction === seg2.direction) ? judge(u, seg2, undefined, true) : null;
      // The plain block stands when it already makes a finding worth a review; otherwise the
      // better-supported of the two.
      let best = f1 && f2 && f1.severity === 'low' ? (f2.score > f1.score ? f2 : f1) : (f1 ?? f2);
      // A creep: revenue marked up a little more each month never jumps, so the level search sees
      // a blurred step against a baseline holding half the ramp. The ratio to tax then has a
      // monotone trend (Mann–Kendall) that an honest ratio, scattering around its level, lacks.
      if (!best || best.severity === 'low') {
        const trend = ratioTrend(a, params.trendMonths);
        if (trend && Math.abs(trend.z) >= params.trendZ) {
          const s0 = rampStart(a, params.minBaseline, 2 * params.minRun);
          let last = P - 1;
          while (last > 0 && Number.isNaN(a[last]!)) last--;
          const rampSlope = s0 >= 0 ? theilSen(a.subarray(s0, last + 1)) : Number.NaN;
          const rise = rampSlope * (last - s0 + 1);
          const direction: 1 | -1 = trend.z > 0 ? 1 : -1;
          if (s0 >= 0 && Math.sign(rise) === direction && Math.abs(rise) >= params.minShift) {
            const kTrend = ratioTrend(b, params.trendMonths);
            const seg3: SegmentShift = { start: s0, end: last, direction, tax: verifyShift(a, s0, last, params, buf, buf2), kwh: verifyShift(b, s0, last, params, buf, buf2) };
            const f3 = judge(u, seg3, { z: trend.z, slope: rampSlope, rise, kz: kTrend ? kTrend.z : Number.NaN }, true);
            if (f3 && (!best || f3.score > best.score)) best = f3;
          }
        }
      }
      if (best) out.push(best);
    }
    return out;
    /**
     * The finding a candidate episode makes, or null. `serious`: a second candidate, wanted only
     * when it is worth a review (medium or high); it is dropped as soon as a cap makes it low,
     * before the costlier peer, town and copy checks.
     */
    function judge(u: number, seg: SegmentShift, creep?: { z: number; slope: number; rise: number; kz: number }, serious = false): RuleFinding | null {
      const row = u * P;
      const { start, end, direction, tax } = seg;
      // Did metered electricity itself move with revenue over these months? Then the business
      // really changed, and the ratio to kWh moved through the meter's base load (kWh = base +
      // proportional use), not through the report: electricity is no evidence of a mark-up here.
      const kwhRaw = seg.kwh;
      // Levels are computed when first needed (most candidates are dropped before).
      let revLevel = Number.NaN;
      let kwhLevel = Number.NaN;
      let taxLevel = Number.NaN;
      let leveled = false;
      if (kwhRaw && !tax?.available) {
        revLevel = levelShift(data.revenue, row, start, end, P, buf, buf2);
        kwhLevel = levelShift(data.gridKwh, row, start, end, P, buf, buf2);
        taxLevel = levelShift(data.taxSales, row, start, end, P, buf, buf2);
        leveled = true;
      }
      const kwhFollows = !!kwhRaw && !tax?.available && followsP(kwhLevel, revLevel, direction, params);
      const kwh = kwhFollows ? null : kwhRaw;
      // A source agrees when it moves the same way, clearly and consistently; it passes alone when
      // the move is also large and significant by itself. Two agreeing sources combine their
      // evidence (Stouffer: (t₁ + t₂)/√2), since tax and the meter err independently.
      // A creep passes on the trend of the ratio to tax (found by the caller); electricity agrees
      // when its ratio trends the same way too.
      const creepKwh = !!creep && !!kwh?.available && direction * creep.kz >= params.trendZ / 2;
      const tOk = creep ? !!tax?.available && Math.sign(tax.shift) === direction : passesP(tax, direction, params);
      const kOk = creep ? creepKwh : passesP(kwh, direction, params);
      const tAvail = !!tax?.available;
      const joint =
        !creep &&
        agreesP(tax, direction, params) &&
        agreesP(kwh, direction, params) &&
        (Math.abs(tax!.t) + Math.abs(kwh!.t)) / Math.SQRT2 >= params.jointT &&
        Math.max(Math.abs(tax!.shift), Math.abs(kwh!.shift)) >= params.minShift;
      // A small step (below minShift) counts only when the two independent sources measure the same
      // step: each moved the same way, their shifts agree within their standard errors, and the
      // inverse-variance pooled shift is large against its own standard error. One source drifting
      // by 10% happens in honest books; two unrelated records drifting alike by the same amount does not.
      // A mark-up by a steady factor leaves the episode months as quiet as the baseline ones; a
      // shutdown or a disrupted season scatters them (months far down next to months far up).
      const pooled = pooledShift(tax, kwh);
      const jointSmall =
        !creep &&
        !joint &&
        !!pooled &&
        pooled.agree &&
        Math.sign(pooled.shift) === direction &&
        Math.abs(pooled.shift) >= params.smallShift &&
        Math.abs(pooled.t) >= params.smallT &&
        Math.min(Math.abs(tax!.t), Math.abs(kwh!.t)) >= params.tMin / 2.5 &&
        tax!.consistency >= params.consistency &&
        kwh!.consistency >= 0.5 &&
        quietP(tax!, params) &&
        quietP(kwh!, params) &&
        direction * (tax!.edgeStep + kwh!.edgeStep) >= params.smallEdge * Math.abs(tax!.shift + kwh!.shift);
      // One source alone while the other is on file and does not follow: a drift, a mix change or
      // invented figures rather than a mark-up; only a large, clear shift (strongP) is worth a review.
      let sources: 'both' | 'tax_only' | 'kwh_only';
      let cap = 1;
      if ((tOk && kOk) || joint || jointSmall) sources = 'both';
      else if (tOk) sources = 'tax_only';
      else if (kOk) sources = 'kwh_only';
      else return null;
      const unit = units[u]!;
      // Each note in both languages: the Chinese summary is what a reviewer reads, the English notes
      // stay in the evidence. A zh of '' means zhExtra already says it in the sentence.
      const notes: string[] = [];
      const notesZh: string[] = [];
      const note = (zh: string, en: string) => {
        notes.push(en);
        if (zh) notesZh.push(zh);
      };
      let zhExtra = '';
      if (!leveled) {
        revLevel = levelShift(data.revenue, row, start, end, P, buf, buf2);
        kwhLevel = levelShift(data.gridKwh, row, start, end, P, buf, buf2);
        taxLevel = levelShift(data.taxSales, row, start, end, P, buf, buf2);
      }
      const follows = (level: number) => followsP(level, revLevel, direction, params);
      if (sources !== 'both') {
        const single = sources === 'tax_only' ? tax : kwh;
        const otherShift = sources === 'tax_only' ? kwh : tax;
        // Any months of the other source on both sides count as "on file", even too few for a test.
        // Electricity that does not track this unit's sales month to month (its ratio to revenue is so
        // noisy in the unit's own baseline that a shift as large as the tax one could not show) says
        // nothing by not following: treated as not on file (estimated per unit, not by category).
        const kwhBlind = sources === 'tax_only' && !!kwh && kwh.available && Math.abs(tax!.shift) / (1.2533 * kwh.sigma * Math.sqrt(1 / kwh.nEp + 1 / kwh.nBase)) < params.tMin / 2;
        const other = !kwhBlind && ((sources === 'tax_only' && kwhFollows) || (!!otherShift && otherShift.nBase >= 1 && otherShift.nEp >= 1));
        // The other source leaning the same way supports a strong single shift (medium); one that
        // stays flat says the revenue change is real, so only a strong shift is kept, as low.
        const leans =
          other &&
          !!otherShift &&
          Math.sign(otherShift.shift) === direction &&
          (creep ? direction * creep.kz >= params.trendZ / 3 : Math.abs(otherShift.shift) >= params.minShift / 3 && Math.abs(otherShift.t) >= params.tMin / 2);
        // The other source moved the same way by an amount its own noise cannot tell from the single
        // source's shift (their difference within twice its standard error, pooled shift clear):
        // noisy, but it measures the same step rather than contradicting it.
        // A short episode is where picking the strongest of many blocks flatters most: at least 2·minRun months.
        const consistent = !creep && other && !!pooled && pooled.agree && Math.sign(pooled.shift) === direction && Math.abs(pooled.t) >= params.smallT && single!.nEp >= 2 * params.minRun;
        if (other && !leans && !consistent && (creep || !strongP(single, direction, params))) return null;
        // A leaning other source that agrees with the single one within their standard errors
        // (the pooled test of a small step) supports a clear single shift as well as a large one.
        const leanAgrees =
          leans &&
          ((consistent && Math.abs(single!.t) >= 1.5 * params.tMin) ||
            (!creep && sources === 'tax_only' && Math.abs(single!.t) >= params.leanT * params.tMin && Math.abs(single!.z) >= params.leanT * params.zMin));
        cap = !other || (leans && (!!creep || strongP(single, direction, params) || leanAgrees)) || consistent ? 0.79 : 0.45;
        if (consistent && !leans && !kwhBlind)
          zhExtra += `；${sources === 'tax_only' ? '用电量' : '税务申报销售额'}同向变化${pct(Math.abs(Math.exp(otherShift!.shift) - 1))}，在其自身噪声范围内与同一移位一致（合并估计${pct(Math.abs(Math.exp(pooled!.shift) - 1))}，t=${round(Math.abs(pooled!.t), 1)}）`;
        const otherZh = sources === 'tax_only' ? '用电量' : '税务申报销售额';
        if (kwhBlind)
          note(
            `用电量不随该单位销售额逐月变动（基期营业收入/用电量比值的对数噪声${round(kwh!.sigma, 2)}），既不能证实也不能否定`,
            `electricity does not track this unit's sales (baseline noise of revenue/kWh ${round(kwh!.sigma, 2)} in log terms), so it can neither confirm nor deny`,
          );
        else if (consistent && !leans)
          note(
            '',
            `${sources === 'tax_only' ? 'electricity' : 'tax'} moved the same way by ${pct(Math.abs(Math.exp(otherShift!.shift) - 1))}, within its own noise of the same step (pooled ${pct(Math.abs(Math.exp(pooled!.shift) - 1))}, t ${round(Math.abs(pooled!.t), 1)})`,
          );
        else if (!kwhFollows)
          note(
            other ? `${otherZh}${leans ? '只部分跟随' : '未跟随'}` : `无${sources === 'tax_only' ? '用电' : '税务'}记录`,
            other ? `${sources === 'tax_only' ? 'electricity' : 'tax'} ${leans ? 'follows only partly' : 'does not follow'}` : `no ${sources === 'tax_only' ? 'electricity' : 'tax'} records`,
          );
      }
      if (creep) {
        zhExtra += `；逐月爬升而非跳变：营业收入/税务申报销售额比值逐月${direction > 0 ? '上升' : '下降'}（Mann–Kendall z=${round(creep.z, 1)}），约每月${pct(Math.abs(Math.exp(creep.slope) - 1))}，至${data.periods[end]}累计${direction > 0 ? '高出' : '低于'}${pct(Math.abs(Math.exp(creep.rise) - 1))}`;
        note(
          '',
          `a creep, not a jump: the ratio to tax trends ${direction > 0 ? 'up' : 'down'} month after month (Mann–Kendall z ${round(creep.z, 1)}), about ${pct(Math.abs(Math.exp(creep.slope) - 1))} a month, ${pct(Math.abs(Math.exp(creep.rise) - 1))} by ${data.periods[end]}`,
        );
      }
      if (kwhFollows) {
        note(
          `同期电表读数本身${direction > 0 ? '上升' : '下降'}${pct(Math.abs(Math.exp(kwhLevel) - 1))}，营业收入${direction > 0 ? '上升' : '下降'}${pct(Math.abs(Math.exp(revLevel) - 1))}：业务确有变化，与用电量之比因基础负荷而变`,
          `metered electricity itself ${direction > 0 ? 'rose' : 'fell'} ${pct(Math.abs(Math.exp(kwhLevel) - 1))} over these months as revenue ${direction > 0 ? 'rose' : 'fell'} ${pct(Math.abs(Math.exp(revLevel) - 1))}: a real change, the ratio to kWh moves through base load`,
        );
      }
      if (params.deferredRevenueCategories.includes(unit.category)) {
        cap = Math.min(cap, 0.45);
        note(
          `${CATEGORY_ZH[unit.category] ?? unit.category}：营业收入在交付时确认，税款随预售缴纳，月度比值不可比`,
          `${unit.category}: revenue is recognised on handover while tax follows presales, so monthly ratios do not compare`,
        );
      }
      if (sources === 'kwh_only' && !params.kwhTracksOutput.includes(unit.category)) {
        cap = Math.min(cap, 0.45);
        note(
          `只有用电量口径出现变化，而${CATEGORY_ZH[unit.category] ?? unit.category}单位的用电量不随销售额变动`,
          `only electricity moved, and a ${unit.category} unit's power use does not follow its sales`,
        );
      }
      if (serious && cap < 0.5) return null;
      // Peers over the same months: reported growth minus tax (or kWh) growth, and HB on the ratio change.
      inEp.fill(0);
      for (let t = start; t <= end; t++) inEp[t] = 1;
      const useTax = sources === 'both' ? tAvail : sources === 'tax_only';
      const main = useTax ? tax! : kwh!;
      const source = useTax ? data.taxSales : data.gridKwh;
      const members = data.peerGroups.get(`${unit.category}|${unit.industryCode.slice(0, 2)}`) ?? [];
      const peers = peerShifts(data, source, u, inEp, members, params.maxPeers, buf, buf2, peerRuns);
      let peer: { n: number; median: number; sigma: number; z: number; hb: Record<string, unknown> | null } | null = null;
      if (peers.ids.length >= params.minPeers) {
        const st = robustStats(peers.shifts);
        const zPeer = (main.shift - st.median) / Math.max(st.sigma, params.sigmaFloor);
        const hb = hidiroglouBerthelot([u, ...peers.ids], [Math.exp(main.baseline), ...peers.x1], [Math.exp(main.episode), ...peers.x2], { exponent: 0, minObs: params.minPeers + 1 });
        const flag = hb.flag[0]!;
        peer = {
          n: peers.ids.length,
          median: st.median,
          sigma: st.sigma,
          z: zPeer,
          hb: {
            flag: HB_FLAG_LABELS[flag],
            status: hbStatus(flag),
            effect: round(hb.effect[0]!, 3),
            median_ratio_change: round(hb.medianRatio, 3),
            bounds: [round(hb.bounds.imputeLow, 3), round(hb.bounds.imputeHigh, 3)],
          },
        };
        if (Math.abs(zPeer) < params.peerZMin && hbStatus(flag) === null) {
          cap = Math.min(cap, 0.45);
          note('同行同期同样变化', 'peers moved alike');
        }
      }
      if (serious && cap < 0.5) return null;
      // A town-wide shock (an emergency output cut, a closure): the town's units moved the same way
      // over these months and the unit's own tax or meter did too. Then the ratio shift is the
      // shock's side effect (base load, timing), not the report's doing.
      // The unit's own business must have moved well beyond its ratio to tax (which a proportional
      // tax keeps near its level in a real shock): a mark-up moves the ratio as much as revenue.
      const ratioMove = Math.abs(tax?.available ? tax.shift : main.shift);
      if (unit.townCode && (follows(taxLevel) || follows(kwhLevel)) && Math.abs(revLevel) >= 2 * ratioMove) {
        if (revenueOrder === undefined) revenueOrder = P <= RowOrder.MAX_P ? rowOrderOf(data.revenue, null, P) : null;
        const shock = townShock(data, revenueOrder, shockMask, townSamples, u, unit.townCode, start, end, direction, params.minShift, params.minPeers, params.maxPeers, buf, buf2);
        // The shock explains the ratio to kWh (base load), not a shift of the ratio to a proportional
        // tax: a tax shift that passes on its own still stands.
        if (shock.n >= params.minPeers && shock.share >= params.townShockShare && shock.share >= 2 * shock.districtShare && !tOk) {
          cap = Math.min(cap, 0.45);
          note(
            `本镇${shock.n}家单位中${pct(shock.share)}（全区${pct(shock.districtShare)}）同期同向变化${pct(Math.exp(params.minShift) - 1)}以上，该单位自身营业收入（${pct(Math.exp(revLevel) - 1)}）和${follows(taxLevel) ? '税务申报销售额' : '用电量'}也同样变化：全镇性冲击`,
            `${pct(shock.share)} of the town's ${shock.n} units (against ${pct(shock.districtShare)} district-wide) moved ${direction > 0 ? 'up' : 'down'} by ${pct(Math.exp(params.minShift) - 1)} or more over these months, and so did the unit's own revenue (${pct(Math.exp(revLevel) - 1)}) and ${follows(taxLevel) ? 'tax' : 'electricity'}: a town-wide shock`,
          );
        }
      }
      if (serious && cap < 0.5) return null;
      // Do the reports still follow the business month to month (a mark-up), or are they invented?
      const tracking = trackingRatio(data, u, source, buf, buf2);
      if (tracking < params.trackShare) {
        cap = Math.min(cap, 0.45);
        note(
          '报表不随税务和电表所示的逐月变动而变动：疑为编造数据，见FALSIFY.FABRICATE',
          'reports do not follow the month-to-month movement tax and the meter show: invented figures, see FALSIFY.FABRICATE',
        );
      }
      if (tracking > params.lumpyShare) {
        cap = Math.min(cap, 0.45);
        note(
          `营业收入成批入账（逐月变动为${useTax ? '税务申报销售额' : '用电量'}的${round(tracking, 1)}倍）：月度比值不可比`,
          `revenue is booked in lumps (it moves ${round(tracking, 1)}× as much as ${useTax ? 'tax' : 'electricity'} month to month): ratios are not comparable month by month`,
        );
      }
      if (serious && cap < 0.5) return null;
      // Employees against insured headcount, same months (supporting only).
      let ni = 0;
      let no = 0;
      for (let t = 0; t < P; t++) {
        const e = data.employees[row + t]!;
        const s = data.insured[row + t]!;
        if (!(e > 0 && s > 0)) continue;
        if (inEp[t]) buf[ni++] = Math.log(e / s);
        else buf2[no++] = Math.log(e / s);
      }
      const empShift = ni >= 2 && no >= 3 ? medianInPlace(buf, ni) - medianInPlace(buf2, no) : Number.NaN;
      const empAgrees = Math.sign(empShift) === direction && Math.abs(empShift) >= params.minShift;

      const minAbsShift = sources === 'both' ? Math.min(Math.abs(tax!.shift), Math.abs(kwh!.shift)) : Math.abs(main.shift);
      const minAbsT = sources === 'both' ? Math.min(Math.abs(tax!.t), Math.abs(kwh!.t)) : Math.abs(main.t);
      const sShift = clamp01(minAbsShift / params.fullShift);
      const sZ = clamp01(minAbsT / (2 * params.tMin));
      const sPeer = peer ? clamp01(Math.abs(peer.z) / (2 * params.peerZMin)) : 0.5;
      let score = 0.45 + 0.25 * sShift + 0.15 * sZ + 0.15 * sPeer + (empAgrees ? 0.05 : 0);
      score = Math.min(score, cap, 1);
      if (serious && severityOf(score) === 'low') return null;
      const pattern = direction > 0 ? 'FALSIFY.INFLATE' : 'FALSIFY.CONCEAL';
      const from = data.periods[start]!;
      const to = data.periods[end]!;
      const gap = (s: SourceShift | null) => (s ? Math.exp(s.shift) - 1 : Number.NaN);
      const verbZh = direction > 0 ? '高出' : '低于';
      const series = (m: Float64Array) => Array.from({ length: P }, (_, t) => (Number.isNaN(m[row + t]!) ? null : round(m[row + t]!, 1)));
      const fmtSrc = (s: SourceShift | null) =>
        s
          ? {
              available: s.available,
              baseline_months: s.nBase,
              episode_months: s.nEp,
              baseline_ratio: round(Math.exp(s.baseline), 4),
              episode_ratio: round(Math.exp(s.episode), 4),
              shift_log: round(s.shift, 3),
              change: round(gap(s), 3),
              baseline_sigma_log: round(s.sigma, 3),
              z: round(s.z, 2),
              t: round(s.t, 2),
              consistency: round(s.consistency, 2),
              edge_step_log: round(s.edgeStep, 3),
              episode_sigma_log: round(s.episodeSigma, 3),
            }
          : null;
      const peerChange = peer ? Math.exp(peer.median) - 1 : 0;
      const peerPct = pct(Math.abs(peerChange) < 0.005 ? 0 : peerChange);
      const peerTxt = peer ? `；同行同期比值变化中位数${peerPct}` : '';
      const peerTxtEn = peer ? `; peers' ratio changed ${peerPct} over the same months` : '';
      const kwhTxt = kwh?.available ? `，相对用电量的比值同期变化${pct(Math.abs(gap(kwh)))}` : '';
      const kwhTxtEn = kwh?.available ? `, and against metered electricity by ${pct(Math.abs(gap(kwh)))}` : '';
      const mainName = useTax ? '税务申报销售额' : '用电量';
      return {
        pattern,
        subject: { kind: 'unit', id: unit.id },
        unit_ids: [unit.id],
        period: from,
        score: round(score, 3),
        severity: severityOf(score),
        summary_zh: `${from}至${to}共${end - start + 1}个月，营业收入相对${mainName}的比值由该单位平时的${round(Math.exp(main.baseline), 2)}变为${round(Math.exp(main.episode), 2)}（${verbZh}常态${pct(Math.abs(gap(main)))}）${useTax ? kwhTxt : ''}${peerTxt}${zhExtra}${notesZh.length ? `（${notesZh.join('；')}）` : ''}`,
        summary_en: `From ${from} to ${to} (${end - start + 1} months) revenue moved ${direction > 0 ? 'up' : 'down'} against ${useTax ? 'tax-declared sales' : 'metered electricity'} by ${pct(Math.abs(gap(main)))} (ratio ${round(Math.exp(main.baseline), 2)} → ${round(Math.exp(main.episode), 2)})${useTax ? kwhTxtEn : ''}${peerTxtEn}${notes.length ? ` (${notes.join('; ')})` : ''}`,
        evidence: {
          months: { from, to, count: end - start + 1 },
          direction: direction > 0 ? 'up' : 'down',
          sources,
          tax: fmtSrc(tax),
          electricity: fmtSrc(kwhRaw),
          electricity_level_shift_log: round(kwhLevel, 3),
          revenue_level_shift_log: round(revLevel, 3),
          employees_vs_insured_shift_log: round(empShift, 3),
          trend: creep
            ? {
                tax_mann_kendall_z: round(creep.z, 2),
                kwh_mann_kendall_z: Number.isNaN(creep.kz) ? null : round(creep.kz, 2),
                slope_log_per_month: round(creep.slope, 4),
                rise_log: round(creep.rise, 3),
                ramp_from: data.periods[start],
              }
            : null,
          tracking_ratio: round(tracking, 3),
          peers: peer
            ? {
                group: `${unit.category}|${unit.industryCode.slice(0, 2)}`,
                basis: useTax ? 'tax' : 'electricity',
                n: peer.n,
                median_shift_log: round(peer.median, 3),
                sigma_log: round(peer.sigma, 3),
                robust_z: round(peer.z, 2),
                hidiroglou_berthelot: peer.hb,
              }
            : null,
          series: { periods: data.periods, reported: series(data.revenue), tax: series(data.taxSales), kwh: series(data.gridKwh), employees: series(data.employees), insured: series(data.insured) },
          notes,
        },
      };
    }
  },
});
