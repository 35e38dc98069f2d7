import { CATEGORY_ZH } from '../../domain/category-labels';
import * as z from 'zod';
import type { DistrictData } from '../../engine/district-data';
import { clamp01, defineRule, pct, round, severityOf, type RuleFinding } from '../../engine/rule';
import { medianInPlace, robustStats } from './robust-series';
import { segmentShift, type SourceShift } from './shift-search';
import { copiedFrom } from './copy-check';
import { peerShiftMemo, peerShifts } from './episode-evidence';
import { adjustedKwhRatio, levelShift, seasonOf } from './no-tax-evidence';
import { alignLateDeclarations } from '../../stats/level-shift';

const Params = z.object({
  /** Tax rows, all in quarter-end months, that mark a quarterly declarer. */
  minQuarterlyRows: z.number().int().min(2).default(4),
  /** Quarters of the unit's own baseline needed. */
  minBaseQuarters: z.number().int().min(2).default(3),
  /** Quarters the episode must last. */
  minRunQuarters: z.number().int().min(1).default(1),
  /** An episode of a single quarter (the latest, or one between others) must shift this many times minShift and zMin. */
  singleQuarterFactor: z.number().min(1).default(2),
  /** Smallest shift of the quarterly log ratio revenue / tax that counts (0.12 ≈ 13%). */
  minShift: z.number().positive().default(0.12),
  /** Shift over the unit's own noise of one quarter needed. */
  zMin: z.number().positive().default(3),
  /** Shift over its standard error needed. */
  tMin: z.number().positive().default(4),
  /** Floor of the noise of one quarter (log). */
  sigmaFloor: z.number().positive().default(0.03),
  /** Share of episode quarters beyond half the shift. */
  consistency: z.number().min(0).max(1).default(0.7),
  /**
   * Metered electricity (season taken out with the peers' calendar) moving with revenue by at
   * least this share of its move: the business really changed; with tax not following, only low.
   * A third, as in the cross-source rule: a meter's base load does not grow or shrink with
   * output, so a real change moves kWh by well under revenue's move (half flagged real growth
   * and a winding-down exit on noisier data).
   */
  kwhFollowShare: z.number().min(0).max(1).default(0.33),
  /** Insured headcount moving with revenue by at least this share of its move (log) and by minPersons: a real change (with the meter too: low). */
  insuredFollowShare: z.number().min(0).max(1).default(0.5),
  /** Persons the insured headcount must move by to count as following (small units move by one or two). */
  minPersons: z.number().min(0).default(3),
  /** Revenue per kWh (season taken out) moving this much (log) the same way over the episode: the meter bears the shift out. */
  kwhAgreeShift: z.number().min(0).default(0.04),
  /** Without the meter bearing it out, a tax shift must be this many times minShift and tMin to stay medium (else low). */
  strongFactor: z.number().min(1).default(1.5),
  /** Units with no tax at all (electricity only): baseline and episode months, smallest shift, z and t of revenue per kWh (season taken out). */
  meterMinBaseline: z.number().int().min(2).default(4),
  meterMinRun: z.number().int().min(1).default(3),
  meterMinShift: z.number().positive().default(0.15),
  meterZMin: z.number().positive().default(2),
  meterTMin: z.number().positive().default(5),
  /**
   * Correlation of the unit's month-to-month changes of revenue and kWh outside the episode
   * needed for more than low: its meter follows its business (production), not only its lights.
   */
  meterMinTracking: z.number().min(-1).max(1).default(0.6),
  /** Electricity alone is at most medium. */
  meterCap: z.number().min(0).max(1).default(0.79),
  /** Share of the town's units whose revenue moved the same way by meterMinShift over the episode (and twice the district's share) that marks a town-wide shock. */
  townShockShare: z.number().min(0).max(1).default(0.25),
  /** Peers needed for the peer comparison. */
  minPeers: z.number().int().min(2).default(5),
  /** Peers used at most. */
  maxPeers: z.number().int().min(2).default(300),
  /** Robust z of the unit's shift among its peers' over the same months below which peers moved alike (low). */
  peerZMin: z.number().min(0).default(2.5),
  /** A shift of this size scores fully. */
  fullShift: z.number().positive().default(0.35),
  /** Categories that book revenue on a schedule of their own: low only. */
  lumpyCategories: z.array(z.string()).default(['real_estate', 'construction']),
  /**
   * A sale declared a quarter late leaves one quarter's ratio far up and the next as far down, the
   * two together at the unit's level: such a pair, departing by this many times the series' own
   * noise each way, is read at the pair's pooled ratio.
   */
  lateK: z.number().positive().default(2.5),
  /**
   * An episode between other quarters is a departure and a return: the quarters before it and
   * those after it (medians) must agree within this share of the shift, or the series stepped
   * (and the "episode" is the last quarter or two before the step, measured against the wrong level).
   */
  sideAgreement: z.number().min(0).default(0.5),
});

type Params = z.output<typeof Params>;

interface Work {
  a: Float64Array;
  none: Float64Array;
  buf: Float64Array;
  buf2: Float64Array;
  inEp: Uint8Array;
  townSamples: Map<string, number[]>;
}

/**
 * Median over the episode months of m(t) − m(twin), the twin being the same calendar month a
 * year before (or after) outside the episode: the year-on-year change, season removed.
 */
function yearOnYear(m: Float64Array, row: number, inEp: Uint8Array, P: number, buf: Float64Array): { n: number; change: number } {
  let n = 0;
  for (let t = 0; t < P; t++) {
    if (!inEp[t]) continue;
    const v = m[row + t]!;
    if (!(v > 0)) continue;
    for (const o of [t - 12, t + 12]) {
      if (o < 0 || o >= P || inEp[o]) continue;
      const w = m[row + o]!;
      if (!(w > 0)) continue;
      buf[n++] = Math.log(v / w);
      break;
    }
  }
  return { n, change: n ? medianInPlace(buf, n) : Number.NaN };
}

/**
 * Correlation of month-to-month log changes of revenue and metered kWh outside the episode (pairs
 * of consecutive months both outside it): how closely this unit's meter follows its business.
 */
function comovement(data: DistrictData, row: number, inEp: Uint8Array, P: number): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let t = 1; t < P; t++) {
    if (inEp[t] || inEp[t - 1]) continue;
    const r0 = data.revenue[row + t - 1]!;
    const r1 = data.revenue[row + t]!;
    const k0 = data.gridKwh[row + t - 1]!;
    const k1 = data.gridKwh[row + t]!;
    if (!(r0 > 0 && r1 > 0 && k0 > 0 && k1 > 0)) continue;
    const x = Math.log(r1 / r0);
    const y = Math.log(k1 / k0);
    n++;
    sx += x;
    sy += y;
    sxx += x * x;
    syy += y * y;
    sxy += x * y;
  }
  if (n < 4) return Number.NaN;
  const vx = sxx - (sx * sx) / n;
  const vy = syy - (sy * sy) / n;
  return vx > 0 && vy > 0 ? (sxy - (sx * sy) / n) / Math.sqrt(vx * vy) : Number.NaN;
}

const townCache = new WeakMap<DistrictData, Map<string, number[]>>();

/** Share of `list`'s units (other than u, at most maxUnits) whose revenue moved by `min` in `direction` over the episode months. */
function shareMoved(
  data: DistrictData,
  list: readonly number[],
  u: number,
  inEp: Uint8Array,
  direction: number,
  min: number,
  maxUnits: number,
  buf: Float64Array,
  buf2: Float64Array,
): { n: number; share: number } {
  let n = 0;
  let moved = 0;
  for (const v of list) {
    if (v === u) continue;
    if (n >= maxUnits) break;
    const s = levelShift(data.revenue, v * data.P, inEp, data.P, buf, buf2);
    if (!Number.isFinite(s)) continue;
    n++;
    if (direction * s >= min) moved++;
  }
  return { n, share: n ? moved / n : Number.NaN };
}

/**
 * The town's other units against the district (an evenly spread sample): the share whose revenue
 * moved by `min` in `direction` over the episode months. A town-wide shock moves a town's units
 * well beyond what the same months (season, calendar) do district-wide.
 */
function townMoved(
  data: DistrictData,
  u: number,
  inEp: Uint8Array,
  direction: number,
  min: number,
  maxUnits: number,
  buf: Float64Array,
  buf2: Float64Array,
): { n: number; share: number; districtShare: number } {
  let byTown = townCache.get(data);
  if (!byTown) {
    const m = new Map<string, number[]>();
    const all: number[] = [];
    data.units.forEach((x, i) => {
      if (!x.known) return;
      all.push(i);
      if (!x.townCode) return;
      const l = m.get(x.townCode);
      if (l) l.push(i);
      else m.set(x.townCode, [i]);
    });
    const step = Math.max(1, Math.floor(all.length / maxUnits));
    m.set(
      '*',
      all.filter((_, i) => i % step === 0),
    );
    townCache.set(data, (byTown = m));
  }
  const town = shareMoved(data, byTown.get(data.units[u]!.townCode) ?? [], u, inEp, direction, min, maxUnits, buf, buf2);
  const district = shareMoved(data, byTown.get('*')!, u, inEp, direction, min, maxUnits, buf, buf2);
  return { n: town.n, share: town.share, districtShare: district.share };
}

/**
 * A unit with no tax record at all: revenue per kWh (the peers' season taken out) searched for a
 * level shift, then weighed against the meter's and insurance's own year-on-year movement, the
 * peers and the town.
 */
function meterPath(data: DistrictData, u: number, params: Params, season: ReturnType<typeof seasonOf>, w: Work, peerRuns: ReturnType<typeof peerShiftMemo>): RuleFinding | null {
  const { P, units } = data;
  const row = u * P;
  const unit = units[u]!;
  const { a, buf, buf2, inEp } = w;
  adjustedKwhRatio(data, u, season, a);
  let n = 0;
  for (let t = 0; t < P; t++) if (!Number.isNaN(a[t]!)) n++;
  if (n < params.meterMinBaseline + params.meterMinRun) return null;
  const p = { minBaseline: params.meterMinBaseline, minRun: params.meterMinRun, minShift: params.meterMinShift, sigmaFloor: params.sigmaFloor, edgeMonths: 4, minSide: 3 };
  const seg = segmentShift(a, w.none, p, buf, buf2);
  if (!seg || !seg.tax) return null;
  const s = seg.tax;
  const direction = seg.direction;
  if (!(
    s.available &&
    Math.sign(s.shift) === direction &&
    Math.abs(s.shift) >= params.meterMinShift &&
    Math.abs(s.z) >= params.meterZMin &&
    Math.abs(s.t) >= params.meterTMin &&
    s.consistency >= params.consistency
  ))
    return null;
  const { start, end } = seg;
  inEp.fill(0);
  for (let t = start; t <= end; t++) inEp[t] = 1;
  // Year on year over the episode months (season removed): revenue against the meter and insurance.
  const rev = yearOnYear(data.revenue, row, inEp, P, buf);
  const kwh = yearOnYear(data.gridKwh, row, inEp, P, buf);
  const ins = yearOnYear(data.insured, row, inEp, P, buf);
  const yoyGap = rev.change - kwh.change;
  const tracking = comovement(data, row, inEp, P);
  const notes: string[] = [];
  const notesZh: string[] = [];
  const note = (zh: string, en: string) => {
    notes.push(en);
    notesZh.push(zh);
  };
  let cap = params.meterCap;
  // The meter grew (or shrank) with revenue year on year: a real change moved the ratio through base load.
  const kwhFollows = kwh.n >= 2 && direction * kwh.change >= params.minShift / 2 && direction * kwh.change >= params.kwhFollowShare * direction * rev.change;
  if (kwhFollows) return null;
  // Year on year, where available, must show the gap too (the level search may have caught a season the peers do not share).
  if (rev.n >= 3 && kwh.n >= 3 && direction * yoyGap < params.meterMinShift * (2 / 3)) return null;
  let ie = 0;
  let io = 0;
  for (let t = 0; t < P; t++) {
    const v = data.insured[row + t]!;
    if (!(v > 0)) continue;
    if (inEp[t]) buf[ie++] = v;
    else buf2[io++] = v;
  }
  const insuredPersons = ie >= 2 && io >= 3 ? medianInPlace(buf, ie) - medianInPlace(buf2, io) : Number.NaN;
  const insuredLevel = levelShift(data.insured, row, inEp, P, buf, buf2);
  if (Number.isFinite(insuredLevel) && direction * insuredLevel >= params.insuredFollowShare * Math.abs(s.shift) && direction * insuredPersons >= params.minPersons) {
    cap = Math.min(cap, 0.45);
    note(
      `同期参保人数${direction > 0 ? '增加' : '减少'}${round(Math.abs(insuredPersons), 1)}人：业务确有变化`,
      `insured headcount ${direction > 0 ? 'rose' : 'fell'} by ${round(Math.abs(insuredPersons), 1)} persons over these months: a real change`,
    );
  }
  // Does this unit's meter follow its business month to month (production), or only its lights?
  if (!(tracking >= params.meterMinTracking)) {
    cap = Math.min(cap, 0.45);
    note(
      `该单位用电量不随营业收入逐月变动（月度变动相关系数${Number.isFinite(tracking) ? round(tracking, 2) : '无法计算'}），既不能证实也不能否定`,
      `the unit's electricity does not follow its revenue month to month (correlation of monthly changes ${Number.isFinite(tracking) ? round(tracking, 2) : 'n/a'}), so it can neither confirm nor deny`,
    );
  }
  if (params.lumpyCategories.includes(unit.category)) {
    cap = Math.min(cap, 0.45);
    note(
      `${CATEGORY_ZH[unit.category] ?? unit.category}：营业收入在交付或结算时入账，月度数据不能与电表比较`,
      `${unit.category}: revenue is booked on handover or settlement, so months do not compare with the meter`,
    );
  }
  const members = data.peerGroups.get(`${unit.category}|${unit.industryCode.slice(0, 2)}`) ?? [];
  const peers = peerShifts(data, data.gridKwh, u, inEp, members, params.maxPeers, buf, buf2, peerRuns);
  let peer: { n: number; median: number; sigma: number; z: number } | null = null;
  if (peers.ids.length >= params.minPeers) {
    const st = robustStats(peers.shifts);
    peer = { n: peers.ids.length, median: st.median, sigma: st.sigma, z: (s.shift - st.median) / Math.max(st.sigma, params.sigmaFloor) };
    if (Math.abs(peer.z) < params.peerZMin) {
      cap = Math.min(cap, 0.45);
      note('同行同期同样变化', 'peers moved alike');
    }
  }
  const town = unit.townCode ? townMoved(data, u, inEp, direction, params.meterMinShift, params.maxPeers, buf, buf2) : { n: 0, share: Number.NaN, districtShare: Number.NaN };
  if (town.n >= params.minPeers && town.share >= params.townShockShare && town.share >= 2 * town.districtShare) {
    cap = Math.min(cap, 0.45);
    note(
      `本镇${town.n}家单位中${pct(town.share)}（全区${pct(town.districtShare)}）同期同向变化：全镇性冲击`,
      `${pct(town.share)} of the town's ${town.n} units (against ${pct(town.districtShare)} district-wide) moved the same way over these months: a town-wide shock`,
    );
  }
  const copied = copiedFrom(data, u, start, end);
  if (copied >= 0) {
    cap = Math.min(cap, 0.45);
    note(`这些月份的报表与${units[copied]!.id}的变动完全一致：见FALSIFY.COPY`, `reports over these months move exactly like those of ${units[copied]!.id}: see FALSIFY.COPY`);
  }
  const sShift = clamp01(Math.abs(s.shift) / params.fullShift);
  const sT = clamp01(Math.abs(s.t) / (2 * params.meterTMin));
  const sPeer = peer ? clamp01(Math.abs(peer.z) / (2 * params.peerZMin)) : 0.5;
  const score = Math.min(cap, 0.45 + 0.2 * sShift + 0.15 * sT + 0.1 * sPeer + 0.1 * (Number.isFinite(yoyGap) ? clamp01((direction * yoyGap) / params.fullShift) : 0.5));
  const from = data.periods[start]!;
  const to = data.periods[end]!;
  const gap = Math.exp(s.shift) - 1;
  const series = (m: Float64Array) => Array.from({ length: P }, (_, t) => (Number.isNaN(m[row + t]!) ? null : round(m[row + t]!, 1)));
  const yoyTxt = rev.n ? `；与上年同月相比营业收入变化${pct(Math.exp(rev.change) - 1)}、用电量变化${pct(Math.exp(kwh.change) - 1)}` : '';
  const yoyTxtEn = rev.n ? `; against the same months a year apart revenue changed ${pct(Math.exp(rev.change) - 1)} and metered kWh ${pct(Math.exp(kwh.change) - 1)}` : '';
  const insTxt = Number.isFinite(insuredPersons) ? `，参保人数变化${round(insuredPersons, 1)}人` : '';
  const insTxtEn = Number.isFinite(insuredPersons) ? `, insured headcount by ${round(insuredPersons, 1)} persons` : '';
  const peerTxt = peer ? `；同行同期比值变化中位数${pct(Math.exp(peer.median) - 1)}` : '';
  const peerTxtEn = peer ? `; peers' ratio changed ${pct(Math.exp(peer.median) - 1)} over the same months` : '';
  const score3 = round(score, 3);
  return {
    pattern: direction > 0 ? 'FALSIFY.INFLATE' : 'FALSIFY.CONCEAL',
    subject: { kind: 'unit', id: unit.id },
    unit_ids: [unit.id],
    period: from,
    score: score3,
    severity: severityOf(score3),
    summary_zh: `该单位无税务记录：${from}至${to}共${end - start + 1}个月，营业收入相对电网用电量的比值（剔除同行季节形状后）${direction > 0 ? '高出' : '低于'}该单位常态${pct(Math.abs(gap))}${yoyTxt}${insTxt}${peerTxt}${notesZh.length ? `（${notesZh.join('；')}）` : ''}`,
    summary_en: `The unit has no tax record: from ${from} to ${to} (${end - start + 1} months) revenue per metered kWh (peers' season taken out) moved ${direction > 0 ? 'up' : 'down'} ${pct(Math.abs(gap))} from the unit's usual level${yoyTxtEn}${insTxtEn}${peerTxtEn}${notes.length ? ` (${notes.join('; ')})` : ''}`,
    evidence: {
      basis: 'electricity_only',
      months: { from, to, count: end - start + 1 },
      direction: direction > 0 ? 'up' : 'down',
      kwh_ratio_season_adjusted: {
        baseline_months: s.nBase,
        episode_months: s.nEp,
        shift_log: round(s.shift, 3),
        change: round(gap, 3),
        baseline_sigma_log: round(s.sigma, 3),
        z: round(s.z, 2),
        t: round(s.t, 2),
        consistency: round(s.consistency, 2),
      },
      year_on_year: { months: rev.n, revenue_log: round(rev.change, 3), kwh_log: round(kwh.change, 3), gap_log: round(yoyGap, 3), insured_log: round(ins.change, 3) },
      insured_persons_change: round(insuredPersons, 1),
      tracking_corr: round(tracking, 3),
      peers: peer
        ? { group: `${unit.category}|${unit.industryCode.slice(0, 2)}`, n: peer.n, median_shift_log: round(peer.median, 3), sigma_log: round(peer.sigma, 3), robust_z: round(peer.z, 2) }
        : null,
      town: { n: town.n, share_moved: round(town.share, 3), district_share_moved: round(town.districtShare, 3) },
      copied_from: copied >= 0 ? units[copied]!.id : null,
      series: { periods: data.periods, reported: series(data.revenue), kwh: series(data.gridKwh), insured: series(data.insured) },
      notes,
    },
  };
}

/**
 * FALSIFY.INFLATE / FALSIFY.CONCEAL for units without monthly tax records: a quarterly declarer's
 * quarters of revenue leave the quarter's declared sales; a unit with no tax at all leaves its
 * own metered electricity (season taken out), where its meter follows its business.
 */
export const noTaxShift = defineRule({
  id: 'falsify.no-tax-shift',
  version: 2,
  pattern: 'FALSIFY.INFLATE',
  title: { zh: '虚报/瞒报：无月度税务记录单位的营业收入偏离季度申报或用电', en: 'Revenue of a unit without monthly tax departs from its quarterly tax or its electricity' },
  description: {
    zh: '针对没有月度税务记录的单位。按季申报的小规模纳税人：把每季度三个月的营业收入之和与该季度申报销售额之比取对数，在单位自身的季度序列中搜索连续数季的水平移位并稳健检验（移位幅度、移位/标准误、多数季度一致）；同期营业收入相对用电量的比值（用同行同月的季节形状剔除天气和节日）须同向变化，否则只有幅度大且显著的移位才列“中”。完全没有税务记录的单位：把营业收入相对电网用电量的比值剔除同行季节形状后搜索水平移位，再与上年同月比较（营业收入增长而用电量不增长）；只有该单位的用电逐月跟随其营业收入（生产用电）时才列“中”，否则只列“低”。真实扩张或萎缩时用电和参保人数随之变化：用电随之变化只列“低”，参保人数明显随之变化最多列“中”；同行同期比值同样变化、全镇同期普遍同向变化（镇域冲击）、按交付结算确认收入的行业、与另一单位逐月相同的报表也只列“低”。',
    en: "For units without monthly tax records. A small-scale taxpayer declaring quarterly: the log ratio of each quarter's reported revenue (three months summed) to the quarter's declared sales is searched for the most significant block of consecutive quarters at a new level and tested robustly against the unit's other quarters (size, size over its standard error, most quarters beyond half the shift); revenue per kWh over the same months (the season taken out with the peers' calendar shape) must move the same way, or only a large, clear shift stays medium. A unit with no tax record at all: its revenue per metered kWh, with the peers' season taken out, is searched for a level shift and checked against the same months a year apart (revenue up, the meter not); it is medium only when the unit's meter follows its revenue month to month (production power), else low. A real boom or decline moves the meter and insured staff too: a meter that moved with revenue leaves the finding low, insured staff that clearly did caps it at medium; peers whose ratio moved alike, a town whose units moved alike (a town-wide shock), categories that book revenue on handover or settlement, and reports that copy another unit's are low only.",
  },
  scope: 'unit',
  reads: ['units', 'submissions', 'tax', 'electricity', 'social_insurance'],
  params: Params,
  evaluate(data, params) {
    const { P, units } = data;
    const out: RuleFinding[] = [];
    const buf = new Float64Array(P);
    const buf2 = new Float64Array(P);
    const inEp = new Uint8Array(P);
    const kwhAdj = new Float64Array(P);
    const peerRuns = peerShiftMemo();
    const quarterEnd = Uint8Array.from(data.periods, (p) => (Number(p.slice(5, 7)) % 3 === 0 ? 1 : 0));
    const season = seasonOf(data);
    const shiftParams = { minBaseline: params.minBaseQuarters, minRun: params.minRunQuarters, minShift: params.minShift, sigmaFloor: params.sigmaFloor, edgeMonths: 2, minSide: 1 };
    const maxQ = Math.ceil(P / 3) + 1;
    const q = new Float64Array(maxQ);
    const none = new Float64Array(maxQ);
    const qt = new Int32Array(maxQ);
    const qNum = new Float64Array(maxQ);
    const qDen = new Float64Array(maxQ);
    const work: Work = { a: new Float64Array(P), none: new Float64Array(P).fill(Number.NaN), buf, buf2, inEp, townSamples: new Map() };
    for (let u = 0; u < units.length; u++) {
      const row = u * P;
      let nTax = 0;
      let nQ = 0;
      for (let t = 0; t < P; t++) {
        if (!(data.taxSales[row + t]! > 0)) continue;
        nTax++;
        if (quarterEnd[t]) nQ++;
      }
      if (nTax === 0) {
        const f = meterPath(data, u, params, season, work, peerRuns);
        if (f) out.push(f);
        continue;
      }
      if (!(nTax >= params.minQuarterlyRows && nQ === nTax)) continue;
      // The quarter series: revenue of the quarter's three months over the quarter's declared sales.
      let n = 0;
      for (let t = 2; t < P; t++) {
        if (!quarterEnd[t]) continue;
        const x = data.taxSales[row + t]!;
        const r = data.revenue[row + t]! + data.revenue[row + t - 1]! + data.revenue[row + t - 2]!;
        if (!(x > 0 && r > 0)) continue;
        q[n] = Math.log(r / x);
        qNum[n] = r;
        qDen[n] = x;
        qt[n] = t;
        n++;
      }
      if (n < params.minBaseQuarters + params.minRunQuarters) continue;
      const qs = q.subarray(0, n);
      // Sales declared a quarter late: the dipole they leave is read at the pair's level.
      alignLateDeclarations(qs, qNum, qDen, 1, params.lateK, params.sigmaFloor);
      const seg = segmentShift(qs, none.subarray(0, n).fill(Number.NaN), shiftParams, buf, buf2);
      if (!seg || !seg.tax) continue;
      const tax = seg.tax;
      const direction = seg.direction;
      const passes =
        tax.available &&
        Math.sign(tax.shift) === direction &&
        Math.abs(tax.shift) >= params.minShift &&
        Math.abs(tax.z) >= params.zMin &&
        Math.abs(tax.t) >= params.tMin &&
        tax.consistency >= params.consistency;
      if (!passes) continue;
      if (tax.nEp === 1 && (Math.abs(tax.shift) < params.singleQuarterFactor * params.minShift || Math.abs(tax.z) < params.singleQuarterFactor * params.zMin)) continue;
      if (seg.start > 0 && seg.end < n - 1) {
        const before = medianInPlace(Float64Array.from(qs.subarray(0, seg.start)), seg.start);
        const after = medianInPlace(Float64Array.from(qs.subarray(seg.end + 1, n)), n - seg.end - 1);
        if (Math.abs(after - before) > params.sideAgreement * Math.abs(tax.shift)) continue;
      }
      // Episode months: the three months of each quarter from the first episode quarter to the last.
      const start = Math.max(0, qt[seg.start]! - 2);
      const end = qt[seg.end]!;
      inEp.fill(0);
      for (let t = start; t <= end; t++) inEp[t] = 1;
      const unit = units[u]!;
      const notes: string[] = [];
      const notesZh: string[] = [];
      const note = (zh: string, en: string) => {
        notes.push(en);
        notesZh.push(zh);
      };
      let cap = 1;
      // Revenue, metered electricity (season taken out) and insured headcount over the same months.
      const revLevel = levelShift(data.revenue, row, inEp, P, buf, buf2);
      adjustedKwhRatio(data, u, season, kwhAdj);
      let ni = 0;
      let no = 0;
      for (let t = 0; t < P; t++) {
        const v = kwhAdj[t]!;
        if (Number.isNaN(v)) continue;
        if (inEp[t]) buf[ni++] = v;
        else buf2[no++] = v;
      }
      const kwhRatioShift = ni >= 3 && no >= 3 ? medianInPlace(buf, ni) - medianInPlace(buf2, no) : Number.NaN;
      const kwhLevel = levelShift(data.gridKwh, row, inEp, P, buf, buf2);
      const insuredLevel = levelShift(data.insured, row, inEp, P, buf, buf2);
      const follows = (level: number, share: number) =>
        Number.isFinite(level) && Math.sign(level) === direction && Math.abs(level) >= share * Math.abs(tax.shift) && Math.abs(level) >= params.minShift / 2;
      // The meter moved at least as much as revenue (season taken out): the business changed.
      const kwhFollows = Number.isFinite(kwhRatioShift) && direction * kwhRatioShift < (1 - params.kwhFollowShare) * Math.abs(tax.shift) && follows(kwhLevel, params.kwhFollowShare);
      // Insured persons over the same months, against the other months (medians).
      let ie = 0;
      let io = 0;
      for (let t = 0; t < P; t++) {
        const v = data.insured[row + t]!;
        if (!(v > 0)) continue;
        if (inEp[t]) buf[ie++] = v;
        else buf2[io++] = v;
      }
      const insuredPersons = ie >= 2 && io >= 3 ? medianInPlace(buf, ie) - medianInPlace(buf2, io) : Number.NaN;
      const insuredFollows = follows(insuredLevel, params.insuredFollowShare) && direction * insuredPersons >= params.minPersons;
      const kwhAgrees = Number.isFinite(kwhRatioShift) && direction * kwhRatioShift >= params.kwhAgreeShift;
      // Tax is the primary evidence here, but a meter that moved with revenue says the business
      // really changed (its tax lags or is evaded): low. Insured staff moving with it alone (small
      // headcounts move by a person or two) caps the finding at medium.
      if (kwhFollows) {
        cap = Math.min(cap, 0.45);
        note(
          `同期电表读数本身${direction > 0 ? '上升' : '下降'}${pct(Math.abs(Math.exp(kwhLevel) - 1))}：业务确有变化`,
          `metered electricity itself ${direction > 0 ? 'rose' : 'fell'} ${pct(Math.abs(Math.exp(kwhLevel) - 1))} over these months: a real change`,
        );
      }
      if (insuredFollows) {
        cap = Math.min(cap, 0.79);
        note(
          `同期参保人数${direction > 0 ? '增加' : '减少'}${pct(Math.abs(Math.exp(insuredLevel) - 1))}：业务确有变化`,
          `insured headcount ${direction > 0 ? 'rose' : 'fell'} ${pct(Math.abs(Math.exp(insuredLevel) - 1))} over these months: a real change`,
        );
      }
      // The meter on file but revenue per kWh (season taken out) not moving with the tax ratio:
      // revenue went where the business went; only a large, clear tax shift stands (then medium).
      const kwhSilent = Number.isFinite(kwhRatioShift) && !kwhAgrees;
      if (kwhSilent && !kwhFollows) {
        const strong = Math.abs(tax.shift) >= params.strongFactor * params.minShift && Math.abs(tax.t) >= params.strongFactor * params.tMin;
        cap = Math.min(cap, strong ? 0.79 : 0.45);
        note(
          `剔除季节后营业收入相对用电量的比值仅变化${pct(Math.exp(kwhRatioShift) - 1)}：用电量不支持这一移位`,
          `revenue per kWh (season taken out) moved only ${pct(Math.exp(kwhRatioShift) - 1)}: electricity does not bear the shift out`,
        );
      }
      if (params.lumpyCategories.includes(unit.category)) {
        cap = Math.min(cap, 0.45);
        note(
          `${CATEGORY_ZH[unit.category] ?? unit.category}：营业收入在交付或结算时入账，季度数据不能与税务比较`,
          `${unit.category}: revenue is booked on handover or settlement, so quarters do not compare with tax`,
        );
      }
      // Peers over the same months: their ratio of revenue to tax (monthly or quarter-end rows).
      const members = data.peerGroups.get(`${unit.category}|${unit.industryCode.slice(0, 2)}`) ?? [];
      const peers = peerShifts(data, data.taxSales, u, inEp, members, params.maxPeers, buf, buf2, peerRuns);
      let peer: { n: number; median: number; sigma: number; z: number } | null = null;
      if (peers.ids.length >= params.minPeers) {
        const st = robustStats(peers.shifts);
        const zPeer = (tax.shift - st.median) / Math.max(st.sigma, params.sigmaFloor);
        peer = { n: peers.ids.length, median: st.median, sigma: st.sigma, z: zPeer };
        if (Math.abs(zPeer) < params.peerZMin) {
          cap = Math.min(cap, 0.45);
          note('同行同期同样变化', 'peers moved alike');
        }
      }
      const copied = copiedFrom(data, u, start, end);
      if (copied >= 0) {
        cap = Math.min(cap, 0.45);
        note(`这些月份的报表与${units[copied]!.id}的变动完全一致：见FALSIFY.COPY`, `reports over these months move exactly like those of ${units[copied]!.id}: see FALSIFY.COPY`);
      }
      const sShift = clamp01(Math.abs(tax.shift) / params.fullShift);
      const sT = clamp01(Math.abs(tax.t) / (2 * params.tMin));
      const sPeer = peer ? clamp01(Math.abs(peer.z) / (2 * params.peerZMin)) : 0.5;
      const score = Math.min(cap, 0.45 + 0.2 * sShift + 0.15 * sT + 0.1 * sPeer + (kwhAgrees ? 0.1 : 0));
      const pattern = direction > 0 ? 'FALSIFY.INFLATE' : 'FALSIFY.CONCEAL';
      const from = data.periods[start]!;
      const to = data.periods[end]!;
      const gap = Math.exp(tax.shift) - 1;
      const quarters = seg.end - seg.start + 1;
      const fmt = (s: SourceShift) => ({
        baseline_quarters: s.nBase,
        episode_quarters: s.nEp,
        baseline_ratio: round(Math.exp(s.baseline), 4),
        episode_ratio: round(Math.exp(s.episode), 4),
        shift_log: round(s.shift, 3),
        change: round(Math.exp(s.shift) - 1, 3),
        baseline_sigma_log: round(s.sigma, 3),
        z: round(s.z, 2),
        t: round(s.t, 2),
        consistency: round(s.consistency, 2),
      });
      const series = (m: Float64Array) => Array.from({ length: P }, (_, t) => (Number.isNaN(m[row + t]!) ? null : round(m[row + t]!, 1)));
      const kwhTxt = Number.isFinite(kwhRatioShift) ? `；剔除季节后营业收入相对用电量的比值同期变化${pct(Math.exp(kwhRatioShift) - 1)}` : '';
      const kwhTxtEn = Number.isFinite(kwhRatioShift) ? `; against metered electricity (season taken out) revenue moved ${pct(Math.exp(kwhRatioShift) - 1)}` : '';
      const insTxt = Number.isFinite(insuredLevel) ? `，参保人数变化${pct(Math.exp(insuredLevel) - 1)}` : '';
      const insTxtEn = Number.isFinite(insuredLevel) ? `, insured headcount ${pct(Math.exp(insuredLevel) - 1)}` : '';
      const peerTxt = peer ? `；同行同期比值变化中位数${pct(Math.exp(peer.median) - 1)}` : '';
      const peerTxtEn = peer ? `; peers' ratio changed ${pct(Math.exp(peer.median) - 1)} over the same months` : '';
      out.push({
        pattern,
        subject: { kind: 'unit', id: unit.id },
        unit_ids: [unit.id],
        period: from,
        score: round(score, 3),
        severity: severityOf(score),
        summary_zh: `该单位按季申报纳税、无月度税务记录：${from}至${to}共${quarters}个季度，季度营业收入与季度申报销售额之比由平时的${round(Math.exp(tax.baseline), 2)}变为${round(Math.exp(tax.episode), 2)}（${direction > 0 ? '高出' : '低于'}常态${pct(Math.abs(gap))}）${kwhTxt}${insTxt}${peerTxt}${notesZh.length ? `（${notesZh.join('；')}）` : ''}`,
        summary_en: `The unit declares tax quarterly (no monthly tax record): from ${from} to ${to} (${quarters} quarters) its quarterly revenue per unit of declared sales moved from its usual ${round(Math.exp(tax.baseline), 2)} to ${round(Math.exp(tax.episode), 2)} (${direction > 0 ? 'up' : 'down'} ${pct(Math.abs(gap))})${kwhTxtEn}${insTxtEn}${peerTxtEn}${notes.length ? ` (${notes.join('; ')})` : ''}`,
        evidence: {
          basis: 'quarterly_tax',
          months: { from, to, count: end - start + 1 },
          direction: direction > 0 ? 'up' : 'down',
          quarterly_tax: fmt(tax),
          revenue_level_shift_log: round(revLevel, 3),
          kwh_level_shift_log: round(kwhLevel, 3),
          kwh_ratio_shift_season_adjusted_log: round(kwhRatioShift, 3),
          insured_level_shift_log: round(insuredLevel, 3),
          insured_persons_change: round(insuredPersons, 1),
          peers: peer
            ? { group: `${unit.category}|${unit.industryCode.slice(0, 2)}`, n: peer.n, median_shift_log: round(peer.median, 3), sigma_log: round(peer.sigma, 3), robust_z: round(peer.z, 2) }
            : null,
          copied_from: copied >= 0 ? units[copied]!.id : null,
          series: { periods: data.periods, reported: series(data.revenue), tax: series(data.taxSales), kwh: series(data.gridKwh), insured: series(data.insured) },
          notes,
        },
      });
    }
    return out;
  },
});
