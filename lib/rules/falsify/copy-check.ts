/**
 * Does a unit's reported revenue move month by month exactly like another unit's over a span of
 * months (the figures copied, possibly scaled)? Then a level shift of its ratio to tax is the
 * copy's doing, and the case belongs to FALSIFY.COPY, not to a mark-up or a cut.
 *
 * Why month-to-month log changes: a scaled copy has the same changes up to the rounding of the
 * figures. Blocking instead of pairs: units are bucketed once per month by their change that
 * month (O(units)), and only units in the same or a neighbouring bucket are compared in full.
 */
import type { DistrictData } from '../../engine/district-data';

const cache = new WeakMap<DistrictData, Map<number, Map<number, number[]>>>();
/** Month-to-month log changes of every unit's revenue (row-major, NaN in the first month), computed once per district. */
const changes = new WeakMap<DistrictData, Float64Array>();

function changesOf(data: DistrictData): Float64Array {
  let d = changes.get(data);
  if (d) return d;
  const { P, revenue } = data;
  d = new Float64Array(revenue.length);
  for (let i = 0; i < revenue.length; i++) {
    if (i % P === 0) {
      d[i] = Number.NaN;
      continue;
    }
    const a = revenue[i - 1]!;
    const b = revenue[i]!;
    d[i] = a > 0 && b > 0 ? Math.log(b / a) : Number.NaN;
  }
  changes.set(data, d);
  return d;
}

function change(data: DistrictData, u: number, t: number): number {
  return changesOf(data)[u * data.P + t]!;
}

function bucketsAt(data: DistrictData, t: number, width: number): Map<number, number[]> {
  let byMonth = cache.get(data);
  if (!byMonth) cache.set(data, (byMonth = new Map()));
  let buckets = byMonth.get(t);
  if (buckets) return buckets;
  buckets = new Map();
  for (let v = 0; v < data.units.length; v++) {
    const d = change(data, v, t);
    if (Number.isNaN(d)) continue;
    const k = Math.round(d / width);
    const list = buckets.get(k);
    if (list) list.push(v);
    else buckets.set(k, [v]);
  }
  byMonth.set(t, buckets);
  return buckets;
}

/**
 * Index of a unit whose reported revenue changes match unit `u`'s in every month of
 * (start, end] (at least `minMonths` changes, each within `tolerance` in log terms), or −1.
 */
export function copiedFrom(data: DistrictData, u: number, start: number, end: number, tolerance = 0.003, minMonths = 3): number {
  let t0 = -1;
  let moving = 0;
  for (let t = Math.max(start + 1, 1); t <= end; t++) {
    const d = change(data, u, t);
    if (Number.isNaN(d)) continue;
    if (t0 < 0 && Math.abs(d) > 2 * tolerance) t0 = t;
    if (Math.abs(d) > 2 * tolerance) moving++;
  }
  // A flat series matches every other flat series: nothing to tell.
  if (t0 < 0 || moving < minMonths) return -1;
  const width = 2 * tolerance;
  const buckets = bucketsAt(data, t0, width);
  const d = changesOf(data);
  const P = data.P;
  const ru = u * P;
  const k = Math.round(change(data, u, t0) / width);
  for (const key of [k - 1, k, k + 1]) {
    for (const v of buckets.get(key) ?? []) {
      if (v === u) continue;
      let n = 0;
      let ok = true;
      for (let t = Math.max(start + 1, 1); t <= end && ok; t++) {
        const du = d[ru + t]!;
        const dv = d[v * P + t]!;
        if (Number.isNaN(du) || Number.isNaN(dv)) continue;
        n++;
        ok = Math.abs(du - dv) <= tolerance;
      }
      if (ok && n >= minMonths) return v;
    }
  }
  return -1;
}
