/**
 * Trend of a unit's log ratio of reported revenue to a cross source (tax-declared sales, metered
 * kWh), for the cross-source shift rule's creep case: revenue marked up a little more each month
 * (1–2% a month) never jumps, so a level-shift search sees only a blurred step against a baseline
 * that already holds half the ramp.
 *
 * Why Mann–Kendall and Theil–Sen: both use only the order of pairs of months, so neither a wild
 * month nor a season (which the ratio cancels anyway) moves them, and under an honest ratio that
 * only scatters around the unit's own level the Mann–Kendall statistic is close to a standard
 * normal. A real boom or decline moves tax with revenue and leaves the ratio without a trend.
 */

let slopes = new Float64Array(0);
let vals = new Float64Array(0);

export interface RatioTrend {
  /** Valid months. */
  n: number;
  /** Mann–Kendall statistic over its standard deviation (continuity-corrected, no ties). */
  z: number;
}

/** Mann–Kendall z of the valid (non-NaN) months of x; null with fewer than minMonths. */
export function ratioTrend(x: Float64Array, minMonths: number): RatioTrend | null {
  const P = x.length;
  if (vals.length < P) vals = new Float64Array(P);
  let n = 0;
  for (let t = 0; t < P; t++) if (!Number.isNaN(x[t]!)) vals[n++] = x[t]!;
  if (n < minMonths) return null;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const xi = vals[i]!;
    for (let j = i + 1; j < n; j++) {
      const xj = vals[j]!;
      s += xj > xi ? 1 : xj < xi ? -1 : 0;
    }
  }
  const varS = (n * (n - 1) * (2 * n + 5)) / 18;
  return { n, z: (s - Math.sign(s)) / Math.sqrt(varS) };
}

/** Median of the pairwise slopes (x_j − x_i)/(j − i) over valid months. */
export function theilSen(x: Float64Array): number {
  const P = x.length;
  const need = (P * (P - 1)) / 2;
  if (slopes.length < need) slopes = new Float64Array(need);
  let k = 0;
  for (let i = 0; i < P; i++) {
    const xi = x[i]!;
    if (Number.isNaN(xi)) continue;
    for (let j = i + 1; j < P; j++) {
      const xj = x[j]!;
      if (Number.isNaN(xj)) continue;
      slopes[k++] = (xj - xi) / (j - i);
    }
  }
  if (!k) return Number.NaN;
  const a = slopes.subarray(0, k).sort();
  return k & 1 ? a[k >> 1]! : (a[(k >> 1) - 1]! + a[k >> 1]!) / 2;
}

/**
 * Month where a ramp starts: the hinge s minimising the squared error of x ≈ c + β·max(0, t − s + 1)
 * (flat before s, a straight line from s on), with at least `minBefore` valid months before s and
 * `minAfter` from s on. −1 when no hinge fits.
 */
export function rampStart(x: Float64Array, minBefore: number, minAfter: number): number {
  const P = x.length;
  let best = Number.POSITIVE_INFINITY;
  let bestS = -1;
  for (let s = 1; s < P; s++) {
    // Least squares of x on (1, h) with h = max(0, t − s + 1).
    let n = 0;
    let nAfter = 0;
    let sh = 0;
    let shh = 0;
    let sx = 0;
    let shx = 0;
    let sxx = 0;
    for (let t = 0; t < P; t++) {
      const v = x[t]!;
      if (Number.isNaN(v)) continue;
      const h = t >= s ? t - s + 1 : 0;
      n++;
      if (h) nAfter++;
      sh += h;
      shh += h * h;
      sx += v;
      shx += h * v;
      sxx += v * v;
    }
    if (n - nAfter < minBefore || nAfter < minAfter) continue;
    const det = n * shh - sh * sh;
    if (!(det > 0)) continue;
    const beta = (n * shx - sh * sx) / det;
    const c = (sx - beta * sh) / n;
    const sse = sxx - 2 * c * sx - 2 * beta * shx + n * c * c + 2 * c * beta * sh + beta * beta * shh;
    if (sse < best) {
      best = sse;
      bestS = s;
    }
  }
  return bestS;
}
