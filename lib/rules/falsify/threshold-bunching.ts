import * as z from 'zod';
import type { RegisterEventRecord } from '../../contract/schemas';
import type { DistrictData } from '../../engine/district-data';
import { clamp01, defineRule, pct, round, severityOf, type RuleContext, type RuleFinding } from '../../engine/rule';
import { chiSquareSurvival } from '../../stats/chi-square';
import { annualWindows, windowRatio, windowSum, type AnnualWindow } from './annual-windows';
import { peerMemo, peerRatio, ratioProfiles, robustStats, type PeerMemo, type PeerRatio } from './robust-series';
import { entryTaxEvidence } from '../../engine/register-evidence';
import { calibrate, type Calibration } from '../../engine/severity';

const Params = z.object({
  /** Reported 12-month revenue within [T, T·(1 + band)] counts as bunched just above threshold T. */
  band: z.number().positive().default(0.1),
  /** Tax-implied annual revenue must be below T·(1 − margin). */
  margin: z.number().min(0).default(0.05),
  /** Months (of 12) with a report needed in a window; the sum is scaled to 12. */
  minMonths: z.number().int().min(1).max(12).default(11),
  /** Months with both a report and the cross source needed to measure the unit's ratio. */
  minCommon: z.number().int().min(1).max(12).default(8),
  /** Peers needed for a peer ratio (else the whole category is used). */
  minPeers: z.number().int().min(2).default(5),
  /** Robust z of the unit's revenue/tax ratio against peers needed for medium or high. */
  zMin: z.number().min(0).default(2),
  /** Robust z of revenue/kWh against peers that counts as electricity agreeing with tax. */
  kwhZ: z.number().min(0).default(1.5),
  /** Floor of the peer spread of log ratios (σ), so that a uniform group does not give huge z. */
  sigmaFloor: z.number().positive().default(0.04),
  /** Months after a window within which a register entry makes the case REGISTER.FAKE_ENTRY's (unless the entry was pushed over: see pushGap). */
  entryLookahead: z.number().int().min(0).default(12),
  /**
   * How far below T the business that tax supports may lie for an entry declared within `band`
   * above T to be pushed over the threshold (this rule's); a business further below entered
   * without real scale (REGISTER.FAKE_ENTRY's) and this rule leaves the entry alone.
   */
  pushGap: z.number().positive().max(1).default(0.25),
  /** Months outside the window with both a report and tax needed to use the unit's own ratio instead of the peers'. */
  ownMinMonths: z.number().int().min(3).default(9),
  /** Largest robust σ of the unit's monthly log revenue/tax ratio outside the window for that ratio to count as stable. */
  ownSigmaMax: z.number().positive().default(0.12),
  /**
   * Log departure of the unit's own stable revenue/tax ratio from the peers' beyond which it is
   * the unit's trade (zero-rated exports: taxable sales under about 60 % of what the peers' ratio gives), not a push.
   */
  ownDeparture: z.number().positive().default(0.5),
  /** Floor of the standard error of the window ratio against the unit's own stable ratio. */
  ownSeFloor: z.number().positive().default(0.02),
  /**
   * Log difference within which another year's revenue/tax ratio counts as the same: when that
   * year was reported above T·(1 + band) (nothing to push) the ratio is the unit's trade and a
   * whole-year case stays low.
   */
  sameRatioLog: z.number().positive().default(0.1),
  /** Late push: the last months of a window (this many at least / at most) raised above the unit's own revenue/tax ratio. */
  lateMinMonths: z.number().int().min(1).default(3),
  lateMaxMonths: z.number().int().min(1).default(6),
  /** Late push: every month of the block at least this log excess over the unit's own ratio (one month of a block of four or more may fall short, not below zero), and their mean at least twice it. */
  lateMinExcess: z.number().positive().default(0.04),
  /** Late push: z of the block's mean excess against the spread of the unit's other months. */
  lateZ: z.number().positive().default(4.5),
  /** Late push: the window's earlier months, and the months just after it, may carry at most this share of the block's mean excess (else it is a lasting shift, not a push). */
  latePriorShare: z.number().min(0).max(1).default(0.3),
  /** Late push: the meter rising against tax over the block (vs the same months of the other year) by half the reports' excess at this z or more vetoes it (a real surge). */
  lateMeterZ: z.number().positive().default(3),
});
type Params = z.output<typeof Params>;

/** Where the revenue/tax ratio used to convert tax into revenue comes from. */
export interface RatioBasis {
  kind: 'own' | 'peer';
  /** Own: months outside the window; peer: peer units. */
  n: number;
  /** Median log revenue/tax ratio. */
  median: number;
  /** Own: robust σ of the monthly log ratio; peer: spread of the peers' log ratios. */
  sigma: number;
  /** Denominator of the z score. */
  se: number;
  /** Peer group label, or 'own' for the unit's history. */
  label: string;
}

/**
 * The excess of a window's last months over the unit's own revenue/tax ratio (its other months,
 * before and after), when it alone lifts the year over the threshold.
 */
export interface LatePush {
  /** Block of raised months (column indices). */
  from: number;
  to: number;
  /** Mean log excess of the block over the unit's own ratio, and the earlier window months'. */
  meanExcess: number;
  priorExcess: number;
  /** z of the block's mean excess against the spread of the other months. */
  z: number;
  /** Own ratio: months used, median log revenue/tax, robust σ. */
  baseMonths: number;
  base: number;
  sigma: number;
  /** Revenue above what tax at the own ratio gives, summed over the block (annualised like the window). */
  excess: number;
  /** The window's annual revenue without that excess. */
  without: number;
  /** Mean log change of kWh/tax over the block against the same months of the other year (NaN without the meter). */
  meterRise: number;
  /** Robust σ of that year-on-year change over the unit's other months. */
  meterSigma: number;
}

export interface ThresholdCase {
  /** 'window': a 12-month window of reports; 'entry': the declaration of a register entry. */
  kind: 'window' | 'entry';
  window: AnnualWindow;
  threshold: number;
  reported: number;
  /** Annual tax-declared sales (reported annual revenue over the unit's revenue/tax ratio on common months). */
  taxAnnual: number;
  taxMonths: number;
  implied: number;
  kwhAnnual: number;
  impliedKwh: number;
  zTax: number;
  zKwh: number;
  peerTax: PeerRatio;
  basis: RatioBasis;
  peerKwh: PeerRatio | null;
  score: number;
  entryEvent: string | null;
  /** The register entry in or after the window was pushed over the threshold (this rule's), not a fake entry. */
  entryPushed: boolean;
  /** Set when the case rests on a push of the window's last months rather than on the whole year's ratio. */
  late?: LatePush;
  /** Entry cases: how the severity follows from the evidence (lib/engine/severity). */
  calibration?: Calibration;
}

/**
 * A late-year push in window `w` of unit `u`: the last k months (lateMinMonths…lateMaxMonths)
 * report revenue well above the unit's own stable revenue/tax ratio (measured on all its other
 * months, before and after the window), every one of them, while the window's earlier months
 * do not; and without that excess the year would fall below T. The strongest k, or null.
 * Tax is the witness: a real late surge in business raises tax in the same months, and a
 * long-standing difference in the unit's trade sits in its own ratio.
 */
export function latePush(data: DistrictData, u: number, w: AnnualWindow, reported: number, scale: number, T: number, params: Params): LatePush | null {
  const P = data.P;
  const o = u * P;
  let best: LatePush | null = null;
  const lr = (t: number, m: Float64Array) => {
    const a = data.revenue[o + t]!;
    const b = m[o + t]!;
    return a > 0 && b > 0 ? Math.log(a / b) : Number.NaN;
  };
  for (let k = params.lateMinMonths; k <= Math.min(params.lateMaxMonths, w.to - w.from); k++) {
    const from = w.to - k + 1;
    const other: number[] = [];
    for (let t = 0; t < P; t++) {
      if (t >= from && t <= w.to) continue;
      const v = lr(t, data.taxSales);
      if (Number.isFinite(v)) other.push(v);
    }
    if (other.length < params.ownMinMonths) continue;
    const st = robustStats(other);
    if (!(st.sigma <= params.ownSigmaMax)) continue;
    let sum = 0;
    let min = Infinity;
    let weak = 0;
    let excess = 0;
    let ok = true;
    for (let t = from; t <= w.to; t++) {
      const v = lr(t, data.taxSales);
      if (!Number.isFinite(v)) {
        ok = false;
        break;
      }
      sum += v - st.median;
      min = Math.min(min, v - st.median);
      if (v - st.median < params.lateMinExcess) weak++;
      excess += data.revenue[o + t]! - data.taxSales[o + t]! * Math.exp(st.median);
    }
    if (!ok) continue;
    const mean = sum / k;
    // Every month raised; in a block of four or more, one may fall short of the floor (a single
    // month's tax timing), never below the unit's usual ratio.
    if (min <= 0 || weak > (k >= 4 ? 1 : 0) || mean < 2 * params.lateMinExcess) continue;
    let priorSum = 0;
    let priorN = 0;
    for (let t = w.from; t < from; t++) {
      const v = lr(t, data.taxSales);
      if (Number.isFinite(v)) {
        priorSum += v - st.median;
        priorN++;
      }
    }
    const prior = priorN ? priorSum / priorN : 0;
    if (prior > params.latePriorShare * mean) continue;
    // Nor may it carry on after the window: a lift that goes on into the next year is a lasting
    // inflation (FALSIFY.INFLATE's), not a push to land one year over the threshold.
    let afterSum = 0;
    let afterN = 0;
    for (let t = w.to + 1; t <= Math.min(P - 1, w.to + k); t++) {
      const v = lr(t, data.taxSales);
      if (Number.isFinite(v)) {
        afterSum += v - st.median;
        afterN++;
      }
    }
    if (afterN >= 2 && afterSum / afterN > params.latePriorShare * mean) continue;
    const z = mean / Math.max(st.sigma / Math.sqrt(k), params.ownSeFloor);
    if (z < params.lateZ) continue;
    const without = reported - excess * scale;
    if (!(without < T)) continue;
    // The meter against tax over the block, month by month against the same calendar month of
    // the unit's other year (seasonal power use cancels): a real late surge moves the meter too.
    const lkt = (t: number) => {
      const a = data.gridKwh[o + t]!;
      const b = data.taxSales[o + t]!;
      return a > 0 && b > 0 ? Math.log(a / b) : Number.NaN;
    };
    const twin = (t: number) => (t - 12 >= 0 && (t - 12 < from || t - 12 > w.to) ? t - 12 : t + 12 < P && (t + 12 < from || t + 12 > w.to) ? t + 12 : -1);
    let ms = 0;
    let mn = 0;
    for (let t = from; t <= w.to; t++) {
      const t2 = twin(t);
      const dlt = t2 >= 0 ? lkt(t) - lkt(t2) : Number.NaN;
      if (Number.isFinite(dlt)) {
        ms += dlt;
        mn++;
      }
    }
    const yoy: number[] = [];
    for (let t = 0; t + 12 < P; t++) {
      if ((t >= from && t <= w.to) || (t + 12 >= from && t + 12 <= w.to)) continue;
      const dlt = lkt(t + 12) - lkt(t);
      if (Number.isFinite(dlt)) yoy.push(dlt);
    }
    const meterRise = mn >= k - 1 && yoy.length >= 3 ? ms / mn : Number.NaN;
    const meterSigma = Number.isFinite(meterRise) ? robustStats(yoy).sigma : Number.NaN;
    if (!best || z > best.z) best = { from, to: w.to, meanExcess: mean, priorExcess: prior, z, baseMonths: st.n, base: st.median, sigma: st.sigma, excess: excess * scale, without, meterRise, meterSigma };
  }
  return best;
}

/**
 * The unit's own usual revenue/tax ratio from months outside [from, to], when there are enough
 * of them and the monthly log ratio is stable (an exporter's zero-rated sales, an agent's gross
 * invoicing): then that, not the peers' ratio, converts the window's tax into revenue.
 */
export function ownRatio(data: DistrictData, u: number, from: number, to: number, params: Params): { n: number; median: number; sigma: number } | null {
  const vals: number[] = [];
  let r = 0;
  let x = 0;
  for (let t = 0; t < data.P; t++) {
    if (t >= from && t <= to) continue;
    const a = data.revenue[u * data.P + t]!;
    const b = data.taxSales[u * data.P + t]!;
    if (!(a > 0 && b > 0)) continue;
    vals.push(Math.log(a / b));
    r += a;
    x += b;
  }
  if (vals.length < params.ownMinMonths) return null;
  const st = robustStats(vals);
  if (!(st.sigma <= params.ownSigmaMax)) return null;
  // Ratio of sums, like the window's, so that tax lags within the year do not bias the comparison.
  return { n: vals.length, median: Math.log(r / x), sigma: st.sigma };
}

/**
 * Which revenue/tax ratio converts tax into revenue. The unit's own stable ratio (months outside
 * the window) is eligible unless electricity contradicts it (revenue per kWh also far above the
 * peers': a history inflated throughout, not an unusual trade). It is used when it departs from
 * the peers' by more than a threshold push could explain (`ownDeparture`: zero-rated exports, an
 * agent's invoicing — the trade, not the window, differs), or when the peers' ratio already puts
 * the unit below T and against its own ratio the window stands out more (a change in the unit's
 * own history). Otherwise the peers'.
 */
function basisOf(own: { n: number; median: number; sigma: number } | null, peer: PeerRatio, windowMonths: number, lnObserved: number, zKwh: number, peerBelow: boolean, params: Params): RatioBasis {
  const peerBasis: RatioBasis = { kind: 'peer', n: peer.n, median: peer.median, sigma: peer.sigma, se: Math.max(peer.sigma, params.sigmaFloor), label: peer.basis };
  if (!own || zKwh >= params.kwhZ) return peerBasis;
  const ownBasis: RatioBasis = { kind: 'own', n: own.n, median: own.median, sigma: own.sigma, se: Math.max(own.sigma * Math.sqrt(1 / Math.max(1, windowMonths) + 1 / own.n), params.ownSeFloor), label: 'own' };
  if (own.median - peer.median >= params.ownDeparture) return ownBasis;
  // Against its own history alone a window cannot tell which period is off (the other may be
  // concealed): the own ratio only sharpens a case the peers' ratio already puts below T.
  if (!peerBelow) return peerBasis;
  const zOwn = (lnObserved - ownBasis.median) / ownBasis.se;
  const zPeer = (lnObserved - peerBasis.median) / peerBasis.se;
  return zOwn > zPeer ? ownBasis : peerBasis;
}

function scoreOf(implied: number, T: number, zTax: number, zKwh: number, params: Params): number {
  const sGap = clamp01((1 - implied / T - params.margin) / 0.2);
  const sZ = clamp01((zTax - 1) / 3);
  const sK = Number.isFinite(zKwh) ? clamp01(zKwh / params.kwhZ) : 0.3;
  let score = 0.35 + 0.25 * sGap + 0.25 * sZ + 0.15 * sK;
  if (zTax < params.zMin) score = Math.min(score, 0.45);
  // Electricity that fits the reported revenue (or is missing) leaves tax alone: at most medium.
  if (!(zKwh >= params.kwhZ)) score = Math.min(score, 0.79);
  return score;
}

/**
 * A register entry of unit `u` pushed just over the threshold: declared annual revenue within
 * [T, T·(1 + band)] while the tax-declared sales of the 12 months ending with the entry month
 * (the contract's window for `declared_annual_revenue`) support less than T at the peers'
 * 12-month revenue/tax ratio over the same months (see lib/engine/register-evidence), yet a
 * business at most `pushGap` below T: a near-threshold business pushed over. Severity from the
 * rarity of the declaration's excess over tax among honest peers. The fake-entry rule reports the
 * same entry on the same evidence; attribution makes this rule its owner.
 */
export function assessEntryPush(data: DistrictData, u: number, e: RegisterEventRecord, params: Params, ctx: RuleContext): ThresholdCase | null {
  const unit = data.units[u]!;
  const T = ctx.registerThresholds[e.category] ?? ctx.registerThresholds[unit.category];
  const declared = e.declared_annual_revenue;
  if (!T || !unit.known || e.type !== 'entry' || declared === undefined || !(declared >= T && declared <= T * (1 + params.band))) return null;
  const ev = entryTaxEvidence(data, u, e.period, declared, params.sigmaFloor);
  if (ev.taxMonths < params.minCommon || !ev.peer || !(ev.z > 0) || !(ev.implied < T && ev.implied > T * (1 - params.pushGap))) return null;
  const cal = calibrate({
    statistic: 'z of ln(declared revenue / 12-month tax-declared sales) above the peers’ 12-month ln(revenue/tax)',
    value: round(ev.z, 2),
    null: `peers ${ev.peer.group} (n = ${ev.peer.n}) over the same months, centre ${ev.basis === 'own' ? "the unit's own year before" : 'the peers’ median'} ln ratio ${round(ev.peer.centre, 3)}, robust σ ${round(ev.peer.sigma, 3)}; Student t`,
    log10P: ev.log10P,
  });
  const w: AnnualWindow = { label: `entry-${e.period}`, from: Math.max(0, ev.from), to: Math.min(data.P - 1, ev.to) };
  const peerTax: PeerRatio = { basis: ev.peer.group, n: ev.peer.n, median: ev.peer.centre, sigma: ev.peer.sigma };
  const basis: RatioBasis = { kind: ev.basis, n: ev.peer.n, median: ev.basis === 'own' ? ev.own! : ev.peer.centre, sigma: ev.peer.sigma, se: ev.peer.predictive, label: ev.basis === 'own' ? 'own' : ev.peer.group };
  return { kind: 'entry', window: w, threshold: T, reported: declared, taxAnnual: ev.taxAnnual, taxMonths: ev.taxMonths, implied: ev.implied, kwhAnnual: Number.NaN, impliedKwh: Number.NaN, zTax: ev.z, zKwh: Number.NaN, peerTax, basis, peerKwh: null, score: cal.score, entryEvent: e.event_id, entryPushed: true, calibration: cal.calibration };
}

/**
 * The register's entry events of a unit, in file order, from an index built once per run (kept
 * on the run's memo). Why: every unit of the district asks for its entries (and the cross-source
 * rule asks again), and scanning the whole event list per unit was most of this rule's time.
 */
function entriesOf(data: DistrictData, id: string, memo: PeerMemo): readonly RegisterEventRecord[] {
  let byUnit = memo.entries;
  if (!byUnit) {
    byUnit = memo.entries = new Map();
    for (const e of data.registerEvents) {
      if (e.type !== 'entry') continue;
      const list = byUnit.get(e.unit_id);
      if (list) list.push(e);
      else byUnit.set(e.unit_id, [e]);
    }
  }
  return byUnit.get(id) ?? [];
}

/** The unit's pushed-over entries (see assessEntryPush), strongest first. */
function entryPushes(data: DistrictData, u: number, params: Params, ctx: RuleContext, memo: PeerMemo): ThresholdCase[] {
  const id = data.units[u]!.id;
  const out: ThresholdCase[] = [];
  for (const e of entriesOf(data, id, memo)) {
    const c = assessEntryPush(data, u, e, params, ctx);
    if (c) out.push(c);
  }
  return out.sort((a, b) => b.score - a.score);
}

/**
 * The strongest case of unit `u`, or null: a bunched window (reported 12-month revenue just
 * above the category threshold while tax-declared sales, converted with the unit's own stable
 * revenue/tax ratio or else the peers', put the unit below it) or an entry pushed over the
 * threshold (assessEntryPush). Exported so that the cross-source shift rule can leave such
 * units to this rule.
 */
export function assessThreshold(data: DistrictData, u: number, params: Params, ctx: RuleContext, memo: PeerMemo): ThresholdCase | null {
  const unit = data.units[u]!;
  const T = ctx.registerThresholds[unit.category];
  if (!T || !unit.known) return null;
  const prof = ratioProfiles(data);
  const pushes = entryPushes(data, u, params, ctx, memo);
  const pushed = new Set(pushes.map((c) => c.entryEvent));
  let best: ThresholdCase | null = pushes[0] ?? null;
  for (const w of annualWindows(data)) {
    const rep = windowSum(data, data.revenue, u, w);
    if (rep.n < params.minMonths) continue;
    // The year as filed: scaled to 12 months, or — with a month missing — the sum of the reports
    // themselves when that is what lands just over the threshold.
    const inBand = (x: number) => x >= T && x <= T * (1 + params.band);
    const raw = (rep.annual * rep.n) / 12;
    const reported = inBand(rep.annual) ? rep.annual : rep.n < 12 && inBand(raw) ? raw : Number.NaN;
    if (Number.isNaN(reported)) continue;
    const scale = reported === rep.annual ? 12 / rep.n : 1;
    const tax = windowRatio(data, data.taxSales, u, w);
    if (tax.n < params.minCommon) continue;
    const peerTax = peerRatio(data, prof.lnTax, 'tax', u, params.minPeers, memo);
    if (!peerTax) continue;
    const kwh = windowRatio(data, data.gridKwh, u, w);
    const peerKwh = kwh.n >= params.minCommon ? peerRatio(data, prof.lnKwh, 'kwh', u, params.minPeers, memo) : null;
    const impliedKwh = peerKwh ? reported * Math.exp(peerKwh.median - Math.log(kwh.ratio)) : Number.NaN;
    const zKwh = peerKwh ? (Math.log(kwh.ratio) - peerKwh.median) / Math.max(peerKwh.sigma, params.sigmaFloor) : Number.NaN;
    // Tax-implied annual revenue: the reported annual revenue at the unit's own long-stable
    // revenue/tax ratio (months outside the window) when its history supports one, else the peers'.
    const basis = basisOf(ownRatio(data, u, w.from, w.to, params), peerTax, tax.n, Math.log(tax.ratio), zKwh, reported * Math.exp(peerTax.median - Math.log(tax.ratio)) < T * (1 - params.margin), params);
    let implied = reported * Math.exp(basis.median - Math.log(tax.ratio));
    let zTax = (Math.log(tax.ratio) - basis.median) / basis.se;
    let late: LatePush | undefined;
    // The same revenue/tax ratio in another year reported well clear of the threshold, where
    // nothing needed pushing: the ratio is the unit's trade (zero-rated exports), not a push.
    const tradeYear = annualWindows(data).find((w2) => {
      if (w2.to >= w.from && w2.from <= w.to) return false;
      const rep2 = windowSum(data, data.revenue, u, w2);
      const tax2 = windowRatio(data, data.taxSales, u, w2);
      return rep2.n >= params.minMonths && rep2.annual > T * (1 + params.band) && tax2.n >= params.minCommon && Math.abs(Math.log(tax2.ratio / tax.ratio)) <= params.sameRatioLog;
    });
    let score = implied < T * (1 - params.margin) ? Math.min(scoreOf(implied, T, zTax, zKwh, params), tradeYear ? 0.45 : 1) : Number.NaN;
    if (!(score >= 0.5)) {
      // Not far enough below on the whole year (or too weak there): a push of the last months
      // alone may still be what carries the year over (the rest of the year, and the unit's other
      // year, agree with tax).
      const lp = latePush(data, u, w, reported, scale, T, params);
      // The meter rising with the reports in those months (kWh up against tax by half the
      // reports' excess or more, beyond the meter's own noise) speaks for a real late surge.
      const k = lp ? lp.to - lp.from + 1 : 1;
      const surge = !!lp && Number.isFinite(lp.meterRise) && lp.meterRise >= lp.meanExcess / 2 && lp.meterRise / Math.max(lp.meterSigma / Math.sqrt(k), params.ownSeFloor) >= params.lateMeterZ;
      if (lp && !surge) {
        late = lp;
        implied = lp.without;
        zTax = lp.z;
        score = 0.55 + 0.15 * clamp01((lp.z - params.lateZ) / 5) + (Number.isFinite(lp.meterRise) ? 0.05 : 0);
      }
    }
    if (Number.isNaN(score)) continue;
    const wEnd = w.to;
    const entry = entriesOf(data, unit.id, memo).find((e) => {
      const t = data.periodIndex.get(e.period);
      return t === undefined ? e.period > data.periods[w.from]! : t >= w.from && t <= wEnd + params.entryLookahead;
    });
    // An entry without real scale is REGISTER.FAKE_ENTRY's (low here); one pushed just over the threshold is this rule's.
    const entryPushed = !!entry && pushed.has(entry.event_id);
    if (entry && !entryPushed) score = Math.min(score, 0.45);
    if (!best || score > best.score) {
      best = { kind: 'window', window: w, threshold: T, reported, taxAnnual: reported / tax.ratio, taxMonths: tax.n, implied, kwhAnnual: reported / kwh.ratio, impliedKwh, zTax, zKwh, peerTax, basis, peerKwh, score, entryEvent: entry?.event_id ?? null, entryPushed, ...(late ? { late } : {}) };
    }
  }
  return best;
}

/** Default parameters, for rules that defer to this one. */
export const THRESHOLD_DEFAULTS: Params = Params.parse({});

/**
 * District density near each threshold, as evidence: units whose reported 12-month revenue lies
 * just below vs just above T (equal-width bins of `band`·T), the same for tax-implied revenue,
 * and a one-sided χ² (binomial) p-value of the excess above. The register holds only units
 * above the threshold, so the reported counts are truncated by design; the comparison with the
 * tax-implied counts is what tells bunching from truncation.
 */
function density(data: DistrictData, units: number[], w: AnnualWindow, T: number, band: number, memo: PeerMemo, params: Params) {
  const prof = ratioProfiles(data);
  // One peer ratio per group (computed for its first unit): density is a district count, not a per-unit test.
  const groupStats = new Map<string, PeerRatio | null>();
  let repBelow = 0, repAbove = 0, taxBelow = 0, taxAbove = 0;
  for (const u of units) {
    const rep = windowSum(data, data.revenue, u, w).annual;
    if (rep >= T * (1 - band) && rep < T) repBelow++;
    else if (rep >= T && rep < T * (1 + band)) repAbove++;
    const tax = windowRatio(data, data.taxSales, u, w);
    const key = prof.key[u]!;
    const usable = tax.n >= params.minCommon;
    if (usable && !groupStats.has(key)) groupStats.set(key, peerRatio(data, prof.lnTax, 'tax', u, params.minPeers, memo));
    const peer = usable ? groupStats.get(key) : null;
    const imp = peer ? rep * Math.exp(peer.median - Math.log(tax.ratio)) : Number.NaN;
    if (imp >= T * (1 - band) && imp < T) taxBelow++;
    else if (imp >= T && imp < T * (1 + band)) taxAbove++;
  }
  const oneSided = (a: number, b: number) => (a + b === 0 ? 1 : a <= b ? 1 : chiSquareSurvival(((a - b) * (a - b)) / (a + b), 1) / 2);
  return { bin_width: round(T * band, 0), reported: { below: repBelow, above: repAbove, p_excess_above: round(oneSided(repAbove, repBelow), 4) }, tax_implied: { below: taxBelow, above: taxAbove }, excess_over_tax: repAbove - taxAbove };
}

/**
 * RENT.THRESHOLD — reported annual revenue placed just over the register threshold while tax
 * (and electricity) show a smaller business.
 */
export const thresholdBunching = defineRule({
  id: 'falsify.threshold-bunching',
  version: 2,
  pattern: 'RENT.THRESHOLD',
  title: { zh: '数据寻租：营业收入卡线达标', en: 'Revenue placed just over the threshold' },
  description: {
    zh: '按自然年及截至最新月的12个月合计营业收入，找出恰好落在入库标准之上（默认+10%以内）的单位；用同行业“营业收入/税务销售额”比率中位数把税务销售额折合成营业收入，若低于标准一定幅度，且该单位的收入/税务比率相对同行的稳健z值明显偏高，则判为卡线寻租；用电相对同行同样偏低时为“高”。真实刚过标准的单位税务与收入相符，不报。区县层面标准附近的“刚好达标/刚好未达标”单位数（报表口径与税务折算口径）作为证据附上（名录本身在标准处截断，故与税务口径对比）。单位自身（窗口以外月份）的收入/税务比率长期稳定、与同行差异远超卡线所需（如出口零税率销售）且用电不矛盾时，按其自身比率折算，不报。入库申请申报额恰在标准之上（+10%以内）、而截至入库当月12个月税务折算的规模距标准不足25%的，属被推过标准的卡线入库，由本规则负责（虚假入库规则此时仅“低”）；规模更小的入库留给虚假入库规则（此处仅“低”）。全年折算未低于标准足够幅度时，再看“年末冲量”：窗口最后3–6个月每月营业收入都明显高于该单位自身常态的收入/税务比率（以其其余月份、包括另一年为基准，z值足够大），而窗口前几个月不高，且扣除这部分多报额后全年低于标准——税务是证人：真实的年末旺季税务同步上升；用电相对税务（与另一年同月相比）同样明显上升时视为真实增长，不报。某月未报时，若实报月份合计恰在标准之上，按实报合计判断。另一年营业收入远在标准之上（无需卡线）而收入/税务比率与本窗口相同的，该比率是单位自身经营特点（如出口零税率），整年口径的判断最多为“低”。',
    en: 'Finds units whose 12-month revenue (each calendar year, and the 12 months to the latest period) lies just above their category threshold (within +10% by default) while tax-declared sales, converted with the peers\' median revenue/tax ratio, put them below it by a margin and their own revenue/tax ratio is a robust-z outlier among peers; electricity low against peers too makes it high. Units genuinely just above the threshold have tax that agrees and stay silent. District counts just below and just above each threshold, by reported and by tax-implied revenue, are attached as evidence (the register is truncated at the threshold, hence the comparison with tax). A unit whose own revenue/tax ratio outside the window is long stable, departs from the peers\' by more than a push could explain (zero-rated exports) and is not contradicted by electricity is judged by that ratio and stays silent. A register entry declaring just over the threshold (within +10%) while tax of the 12 months ending with the entry month implies a business less than 25% below it was pushed over: this rule owns it (the fake-entry rule stays low); entries by far smaller businesses are left to the fake-entry rule (low here). When the whole year is not far enough below, a late push is looked for: the window\'s last 3–6 months each report well above the unit\'s own revenue/tax ratio (measured on all its other months, the other year included; z high enough) while the window\'s earlier months do not, and without that excess the year falls below the threshold. Tax is the witness — a real year-end season raises tax in the same months; the meter rising against tax too (against the same months of the other year) is taken as a real surge and stays silent. With a month unfiled, the reports as filed are judged when their sum lands just over the threshold. When another year, reported well clear of the threshold (nothing to push), shows the same revenue/tax ratio, that ratio is the unit\'s trade (zero-rated exports) and a whole-year case stays low.',
  },
  scope: 'unit',
  reads: ['units', 'submissions', 'tax', 'electricity', 'register_events'],
  params: Params,
  evaluate(data, params, ctx) {
    const out: RuleFinding[] = [];
    const memo = peerMemo();
    const densities = new Map<string, ReturnType<typeof density>>();
    const byCategory = new Map<string, number[]>();
    data.units.forEach((x, i) => {
      if (!x.known) return;
      const list = byCategory.get(x.category);
      if (list) list.push(i);
      else byCategory.set(x.category, [i]);
    });
    for (let u = 0; u < data.units.length; u++) {
      const c = assessThreshold(data, u, params, ctx, memo);
      if (!c) continue;
      const unit = data.units[u]!;
      const dKey = `${unit.category}|${c.window.label}`;
      let d = densities.get(dKey);
      if (!d) densities.set(dKey, (d = density(data, byCategory.get(unit.category) ?? [], c.window, c.threshold, params.band, memo, params)));
      const from = data.periods[Math.max(0, c.window.from)] ?? data.periods[0]!;
      const to = data.periods[Math.min(data.P - 1, c.window.to)] ?? data.periods[data.P - 1]!;
      const taxShare = c.implied / c.threshold;
      const kwhNote = Number.isFinite(c.zKwh) && c.zKwh >= params.kwhZ;
      const own = c.basis.kind === 'own';
      const basisZh = own ? '按该单位自身长期稳定的收入/税务比率' : '按同行收入/税务比率';
      const basisEn = own ? "the unit's own long-stable revenue/tax ratio" : "the peers' revenue/tax ratio";
      const isEntry = c.kind === 'entry';
      const headZh = isEntry ? `${to}入库申报年营业收入${round(c.reported, 0)}千元，仅高出入库标准${c.threshold}千元${pct(c.reported / c.threshold - 1, 1)}` : `${from}至${to}营业收入合计${round(c.reported, 0)}千元，仅高出入库标准${c.threshold}千元${pct(c.reported / c.threshold - 1, 1)}`;
      const headEn = isEntry ? `Register entry ${c.entryEvent} in ${to} declares ${round(c.reported, 0)} a year, just ${pct(c.reported / c.threshold - 1, 1)} above the ${c.threshold} threshold` : `Revenue for ${from}–${to} totals ${round(c.reported, 0)}, just ${pct(c.reported / c.threshold - 1, 1)} above the ${c.threshold} threshold`;
      const entryZh = c.entryEvent && !isEntry ? (c.entryPushed ? `（入库申请${c.entryEvent}同样卡线）` : `（另有入库申请${c.entryEvent}）`) : isEntry ? '；申报额被推过标准，属卡线寻租' : '';
      const entryEn = c.entryEvent && !isEntry ? (c.entryPushed ? ` (register entry ${c.entryEvent} was pushed over the same way)` : ` (register entry ${c.entryEvent} concerns this)`) : isEntry ? '; the declaration was pushed over the threshold (rent-seeking)' : '';
      const lp = c.late;
      if (lp) {
        const lf = data.periods[lp.from]!;
        const lt = data.periods[lp.to]!;
        out.push({
          subject: { kind: 'unit', id: unit.id },
          unit_ids: [unit.id],
          period: from,
          score: round(c.score, 3),
          severity: severityOf(c.score),
          summary_zh: `${headZh}；但${lf}至${lt}这${lp.to - lp.from + 1}个月营业收入比该单位自身常态的“收入/税务销售额”比值高${pct(Math.expm1(lp.meanExcess), 1)}（其余月份及另一年与税务相符，z=${lp.z.toFixed(1)}），多报约${round(lp.excess, 0)}千元；扣除后全年仅${round(lp.without, 0)}千元，低于标准${entryZh}`,
          summary_en: `${headEn}; but in ${lf}–${lt} (${lp.to - lp.from + 1} months) revenue runs ${pct(Math.expm1(lp.meanExcess), 1)} above the unit's own usual revenue/tax ratio (its other months, this year and the other, agree with tax; z = ${lp.z.toFixed(1)}), about ${round(lp.excess, 0)} more than tax supports; without it the year is ${round(lp.without, 0)}, below the threshold${entryEn}`,
          evidence: {
            kind: 'late_push',
            window: { label: c.window.label, from, to },
            category: unit.category,
            threshold: c.threshold,
            reported_annual: round(c.reported, 1),
            above_threshold: round(c.reported / c.threshold - 1, 4),
            late_push: {
              from: lf,
              to: lt,
              mean_excess_over_own_ratio: round(Math.expm1(lp.meanExcess), 4),
              earlier_window_excess: round(Math.expm1(lp.priorExcess), 4),
              own_ratio: { months: lp.baseMonths, revenue_to_tax: round(Math.exp(lp.base), 3), sigma_log: round(lp.sigma, 3) },
              z: round(lp.z, 2),
              excess_revenue: round(lp.excess, 1),
              annual_without_excess: round(lp.without, 1),
              meter_vs_tax_change_same_months_other_year: Number.isFinite(lp.meterRise) ? round(Math.expm1(lp.meterRise), 4) : null,
            },
            tax: { months: c.taxMonths, annual_sales: round(c.taxAnnual, 1), unit_revenue_to_tax: round(c.reported / c.taxAnnual, 3) },
            district_density: d,
            register_entry: c.entryEvent,
            entry_pushed_over: c.entryPushed,
            params: { band: params.band, late_min_months: params.lateMinMonths, late_max_months: params.lateMaxMonths, late_min_excess: params.lateMinExcess, late_z: params.lateZ, late_prior_share: params.latePriorShare },
          },
        });
        continue;
      }
      out.push({
        subject: { kind: 'unit', id: unit.id },
        unit_ids: [unit.id],
        period: isEntry ? to : from,
        score: round(c.score, 3),
        severity: severityOf(c.score),
        summary_zh: `${headZh}；${isEntry ? `${from}至${to}税务申报销售额合计` : '税务申报销售额'}${isEntry && !own ? `按同类别同行业${c.peerTax.n}家单位同期12个月的收入/税务比率` : basisZh}折合，仅相当于${round(c.implied, 0)}千元（标准的${pct(taxShare)}）${kwhNote ? '，用电量同样显示规模偏小' : ''}${c.calibration ? `，诚实单位出现此差异的概率约${c.calibration.false_alarm_rate.toPrecision(2)}` : ''}${entryZh}`,
        summary_en: `${headEn}, while tax-declared sales${isEntry ? ` for ${from}–${to}` : ''} at ${isEntry && !own ? `the 12-month revenue/tax ratio of ${c.peerTax.n} peers (${c.peerTax.basis}) over the same months` : basisEn} imply only ${round(c.implied, 0)} (${pct(taxShare)} of the threshold)${kwhNote ? '; electricity also shows a smaller business' : ''}${c.calibration ? `, a gap an honest unit shows at a rate of about ${c.calibration.false_alarm_rate.toPrecision(2)}` : ''}${entryEn}`,
        evidence: {
          kind: c.kind,
          window: { label: c.window.label, from, to },
          category: unit.category,
          threshold: c.threshold,
          reported_annual: round(c.reported, 1),
          above_threshold: round(c.reported / c.threshold - 1, 4),
          tax: { months: c.taxMonths, annual_sales: round(c.taxAnnual, 1), implied_annual_revenue: round(c.implied, 1), unit_revenue_to_tax: round(c.reported / c.taxAnnual, 3), basis: { kind: c.basis.kind, n: c.basis.n, median_revenue_to_tax: round(Math.exp(c.basis.median), 3), sigma_log: round(c.basis.sigma, 3), se: round(c.basis.se, 3) }, peer: { basis: c.peerTax.basis, n: c.peerTax.n, median_revenue_to_tax: round(Math.exp(c.peerTax.median), 3), sigma_log: round(c.peerTax.sigma, 3) }, robust_z: round(c.zTax, 2) },
          electricity: Number.isFinite(c.kwhAnnual) && c.peerKwh ? { annual_kwh: round(c.kwhAnnual, 0), implied_annual_revenue: round(c.impliedKwh, 1), peer: { basis: c.peerKwh.basis, n: c.peerKwh.n, median_revenue_per_kwh: round(Math.exp(c.peerKwh.median), 4), sigma_log: round(c.peerKwh.sigma, 3) }, robust_z: round(c.zKwh, 2) } : null,
          district_density: d,
          register_entry: c.entryEvent,
          entry_pushed_over: c.entryPushed,
          ...(c.calibration ? { calibration: c.calibration } : {}),
          params: { band: params.band, margin: params.margin, z_min: params.zMin, push_gap: params.pushGap, own_min_months: params.ownMinMonths, own_sigma_max: params.ownSigmaMax, own_departure: params.ownDeparture },
        },
      });
    }
    return out;
  },
});
