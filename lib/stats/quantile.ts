/**
 * Sample quantiles with the Hyndman–Fan (1996) definition as an explicit parameter.
 *
 * Why a parameter: the published outlier figures we must reproduce depend on it. univOutl's
 * `HBmethod` calls R's `quantile()` default (type 7) while StatCan Banff computes percentiles
 * as in GEIS (type 6, Weibull). On the rice-farm data the HB bounds differ in the first
 * decimal between the two, and on the Banff fixture one record changes from FTE to FTI.
 *
 * simple-statistics' `quantileSorted` is type 7, but it interpolates as `a + h·(b − a)`,
 * which overflows when `b − a` exceeds `Number.MAX_VALUE` and has no type 6, so a single
 * interpolation routine below serves both types (it agrees with simple-statistics on
 * ordinary data; the test suite checks that).
 */

/** Hyndman–Fan definition: `type7` = R default (h = (n − 1)p), `type6` = Weibull / GEIS / Banff (t = p(n + 1)). */
export type QuantileType = 'type6' | 'type7';

/**
 * Linear interpolation between two adjacent order statistics a ≤ b, guaranteed to stay in
 * [a, b] and monotone in h (a + h·(b − a) is monotone in h; the clamp only removes rounding
 * excursions). The halved form avoids overflow for spans wider than MAX_VALUE.
 */
function interpolate(a: number, b: number, h: number): number {
  if (h <= 0 || a === b) return a;
  if (h >= 1) return b;
  // Infinite neighbours: the limit of (1 − h)·a + h·b for 0 < h < 1.
  if (a === Number.NEGATIVE_INFINITY) return a;
  if (b === Number.POSITIVE_INFINITY) return b;
  let v = a + h * (b - a);
  if (!Number.isFinite(v)) v = 2 * (a / 2 + h * (b / 2 - a / 2));
  return v < a ? a : v > b ? b : v;
}

/**
 * Quantile of already sorted (ascending, NaN-free) data. Returns NaN for empty input.
 * @param p probability in [0, 1]
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number, type: QuantileType = 'type7'): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability must be in [0, 1], got ${p}`);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (type === 'type7') {
    // R: index = 1 + (n − 1)p (1-based); here 0-based h = (n − 1)p.
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    if (lo >= n - 1) return sorted[n - 1]!;
    return interpolate(sorted[lo]!, sorted[lo + 1]!, h - lo);
  }
  // Type 6 exactly as Banff's CalculatePercentile: t = p(n + 1), w = floor(t), d = t − w,
  // value = (1 − d)·x(w) + d·x(w+1) with 1-based order statistics, clamped to x(1) when w < 1
  // and to x(n) when w ≥ n.
  const t = p * (n + 1);
  const w = Math.floor(t);
  if (w < 1) return sorted[0]!;
  if (w >= n) return sorted[n - 1]!;
  return interpolate(sorted[w - 1]!, sorted[w]!, t - w);
}

/** Ascending Float64Array copy of the data; throws on NaN because a quantile of data with holes is undefined. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(values as ArrayLike<number>);
  for (let i = 0; i < out.length; i++) {
    if (Number.isNaN(out[i]!)) throw new RangeError('quantile input contains NaN; filter missing values first');
  }
  return out.sort();
}

/** Quantile of unsorted data (sorts a copy). */
export function quantile(values: ArrayLike<number>, p: number, type: QuantileType = 'type7'): number {
  return quantileSorted(sortedCopy(values), p, type);
}

/** Several quantiles of unsorted data with a single sort. */
export function quantiles(values: ArrayLike<number>, ps: readonly number[], type: QuantileType = 'type7'): number[] {
  const sorted = sortedCopy(values);
  return ps.map((p) => quantileSorted(sorted, p, type));
}
