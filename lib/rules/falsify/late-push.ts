/**
 * The late push of RENT.THRESHOLD: a year lifted over the threshold by raising only its last
 * months. Tax is the witness — a real year-end season raises tax in the same months — and the
 * unit's own revenue/tax ratio over all its other months (before and after, the other year
 * included) is the null: one unit's ratio moves far less from month to month than the ratio
 * differs between units, so a lift the peers' spread would hide stands out against the unit itself.
 */
import type { DistrictData } from '../../engine/district-data';
import { FALSE_ALARM_RATE } from '../../engine/severity';
import { log10StudentUpper } from '../../stats/student-t';
import type { AnnualWindow } from './annual-windows';
import { robustStats } from './robust-series';
import { LATE_MAX_MONTHS, LATE_MIN_MONTHS, OWN_SE_FLOOR, type LatePush, type Params } from './threshold-params';

/**
 * A late-year push in window `w` of unit `u`: the last k months (LATE_MIN_MONTHS…LATE_MAX_MONTHS)
 * report revenue above the unit's own stable revenue/tax ratio (measured on all its other
 * months, before and after the window), every one of them, while the window's earlier months
 * and the months just after it do not; and without that excess the year would fall below T.
 * The most significant k (Student-t tail of the block's mean excess against the spread of the
 * other months, df = their count − 1), with the number of k tried, or null.
 */
export function latePush(data: DistrictData, u: number, w: AnnualWindow, reported: number, scale: number, T: number, params: Params): LatePush | null {
  const P = data.P;
  const o = u * P;
  const floor = params.sigmaFloor;
  let best: LatePush | null = null;
  let tried = 0;
  const lr = (t: number) => {
    const a = data.revenue[o + t]!;
    const b = data.taxSales[o + t]!;
    return a > 0 && b > 0 ? Math.log(a / b) : Number.NaN;
  };
  const meanExcessOver = (from: number, to: number, base: number) => {
    let s = 0;
    let n = 0;
    for (let t = Math.max(0, from); t <= Math.min(P - 1, to); t++) {
      const v = lr(t);
      if (Number.isFinite(v)) {
        s += v - base;
        n++;
      }
    }
    return { n, mean: n ? s / n : 0 };
  };
  for (let k = LATE_MIN_MONTHS; k <= Math.min(LATE_MAX_MONTHS, w.to - w.from); k++) {
    const from = w.to - k + 1;
    const other: number[] = [];
    for (let t = 0; t < P; t++) {
      if (t >= from && t <= w.to) continue;
      const v = lr(t);
      if (Number.isFinite(v)) other.push(v);
    }
    if (other.length < params.ownMinMonths) continue;
    const st = robustStats(other);
    if (!(st.sigma <= params.ownSigmaMax)) continue;
    tried++;
    let sum = 0;
    let min = Infinity;
    let weak = 0;
    let excess = 0;
    let ok = true;
    for (let t = from; t <= w.to; t++) {
      const v = lr(t);
      if (!Number.isFinite(v)) {
        ok = false;
        break;
      }
      sum += v - st.median;
      min = Math.min(min, v - st.median);
      if (v - st.median < floor) weak++;
      excess += data.revenue[o + t]! - data.taxSales[o + t]! * Math.exp(st.median);
    }
    if (!ok) continue;
    const mean = sum / k;
    // Every month raised; in a block of four or more, one may fall short of the floor (a single
    // month's tax timing), never below the unit's usual ratio.
    if (min <= 0 || weak > (k >= 4 ? 1 : 0) || mean < 2 * floor) continue;
    const prior = meanExcessOver(w.from, from - 1, st.median).mean;
    if (prior > params.latePriorShare * mean) continue;
    // Nor may it carry on after the window: a lift that goes on into the next year is a lasting
    // inflation (FALSIFY.INFLATE's), not a push to land one year over the threshold.
    const after = meanExcessOver(w.to + 1, w.to + k, st.median);
    if (after.n >= 2 && after.mean > params.latePriorShare * mean) continue;
    const without = reported - excess * scale;
    if (!(without < T)) continue;
    const z = mean / Math.max(st.sigma / Math.sqrt(k), OWN_SE_FLOOR);
    const log10P = log10StudentUpper(z, Math.max(1, st.n - 1));
    const meter = meterRise(data, u, from, w.to, k);
    if (!best || log10P < best.log10P)
      best = {
        from,
        to: w.to,
        meanExcess: mean,
        priorExcess: prior,
        z,
        log10P,
        tried: 0,
        baseMonths: st.n,
        base: st.median,
        sigma: st.sigma,
        excess: excess * scale,
        without,
        meterRise: meter.rise,
        meterSigma: meter.sigma,
        meterMonths: meter.n,
      };
  }
  if (best) best.tried = tried;
  return best;
}

/**
 * The meter against tax over the block [from, to], month by month against the same calendar
 * month of the unit's other year (seasonal power use cancels), and the robust σ of that
 * year-on-year change over the unit's other months. NaN without enough meter readings.
 */
function meterRise(data: DistrictData, u: number, from: number, to: number, k: number): { rise: number; sigma: number; n: number } {
  const P = data.P;
  const o = u * P;
  const lkt = (t: number) => {
    const a = data.gridKwh[o + t]!;
    const b = data.taxSales[o + t]!;
    return a > 0 && b > 0 ? Math.log(a / b) : Number.NaN;
  };
  const outside = (t: number) => t < from || t > to;
  const twin = (t: number) => (t - 12 >= 0 && outside(t - 12) ? t - 12 : t + 12 < P && outside(t + 12) ? t + 12 : -1);
  let ms = 0;
  let mn = 0;
  for (let t = from; t <= to; t++) {
    const t2 = twin(t);
    const dlt = t2 >= 0 ? lkt(t) - lkt(t2) : Number.NaN;
    if (Number.isFinite(dlt)) {
      ms += dlt;
      mn++;
    }
  }
  const yoy: number[] = [];
  for (let t = 0; t + 12 < P; t++) {
    if (!outside(t) || !outside(t + 12)) continue;
    const dlt = lkt(t + 12) - lkt(t);
    if (Number.isFinite(dlt)) yoy.push(dlt);
  }
  if (!(mn >= k - 1 && yoy.length >= 3)) return { rise: Number.NaN, sigma: Number.NaN, n: 0 };
  return { rise: ms / mn, sigma: robustStats(yoy).sigma, n: yoy.length };
}

/**
 * The meter rising with the reports over the block — kWh up against tax by half the reports'
 * excess or more, and that rise itself as rare under the meter's own year-on-year noise as
 * medium evidence (one-sided Student-t tail ≤ FALSE_ALARM_RATE.medium) — speaks for a real late
 * surge whose tax is declared later, not for a push.
 */
export function meterSurge(lp: LatePush): boolean {
  if (!Number.isFinite(lp.meterRise) || lp.meterRise < lp.meanExcess / 2) return false;
  const k = lp.to - lp.from + 1;
  const z = lp.meterRise / Math.max(lp.meterSigma / Math.sqrt(k), OWN_SE_FLOOR);
  return log10StudentUpper(z, Math.max(1, lp.meterMonths - 1)) <= Math.log10(FALSE_ALARM_RATE.medium);
}
