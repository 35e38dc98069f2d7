/**
 * Twelve-month windows for the threshold rule: each calendar year in the data and the 12 months
 * to the latest period, with window sums and the unit's ratio of reported revenue to a cross
 * source over the months where both exist.
 */
import type { DistrictData } from '../../engine/district-data';

export interface AnnualWindow {
  label: string;
  from: number;
  to: number;
}

const windowCache = new WeakMap<DistrictData, AnnualWindow[]>();

/** Calendar years fully inside the data, plus the 12 months to the latest period when that is not a December. */
export function annualWindows(data: DistrictData): AnnualWindow[] {
  const hit = windowCache.get(data);
  if (hit) return hit;
  const out: AnnualWindow[] = [];
  windowCache.set(data, out);
  data.periods.forEach((p, t) => {
    if (p.endsWith('-12') && t >= 11) out.push({ label: p.slice(0, 4), from: t - 11, to: t });
  });
  const last = data.P - 1;
  if (data.P >= 12 && !data.periods[last]!.endsWith('-12')) out.push({ label: `12m-to-${data.periods[last]}`, from: last - 11, to: last });
  return out;
}

export function windowSum(data: DistrictData, m: Float64Array, u: number, w: AnnualWindow): { n: number; annual: number } {
  let n = 0;
  let s = 0;
  for (let t = w.from; t <= w.to; t++) {
    const v = m[u * data.P + t]!;
    if (Number.isNaN(v)) continue;
    n++;
    s += v;
  }
  return { n, annual: n ? (s * 12) / n : Number.NaN };
}

/**
 * Σ reported / Σ cross source over the window's months where both exist, so that a missing
 * tax month neither shrinks the tax total nor distorts it by season.
 */
export function windowRatio(data: DistrictData, m: Float64Array, u: number, w: AnnualWindow): { n: number; ratio: number } {
  let n = 0;
  let r = 0;
  let x = 0;
  for (let t = w.from; t <= w.to; t++) {
    const a = data.revenue[u * data.P + t]!;
    const b = m[u * data.P + t]!;
    if (!(a > 0 && b > 0)) continue;
    n++;
    r += a;
    x += b;
  }
  return { n, ratio: n ? r / x : Number.NaN };
}
