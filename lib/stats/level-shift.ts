/**
 * Evidence of a level shift found by searching a unit's series, on the scale `calibrate()` reads.
 *
 * Three pieces, each general:
 *  - `studentToNormal`: a shift over a standard error estimated from a handful of months is a
 *    Student t, not a normal z; Wallace's (1959) transform gives the normal deviate with the same
 *    tail, so a 3-month baseline cannot pass for overwhelming evidence.
 *  - `poolShifts`: two independent records measuring the same step (inverse-variance pooling, the
 *    weighted Stouffer z), with Cochran's heterogeneity Q for whether they measure the same step.
 *  - `calibrateMax`: a search over many windows reports the largest of many correlated
 *    statistics. Instead of charging every window (Bonferroni, far too strict for overlapping
 *    windows), the number of independent looks and the scale of the honest statistic are
 *    estimated from the district itself, from the distribution of every unit's maximum.
 */
import { normalUpper } from './tails';

/** Normal deviate with the same upper tail as a Student t with `df` degrees of freedom (Wallace 1959). */
export function studentToNormal(t: number, df: number): number {
  if (Number.isNaN(t)) return Number.NaN;
  if (!(df >= 1)) return Number.NaN;
  if (!Number.isFinite(t)) return t;
  const z = Math.sqrt(df * Math.log1p((t * t) / df)) * ((8 * df + 1) / (8 * df + 3));
  return t < 0 ? -z : z;
}

export interface PooledShift {
  /** Inverse-variance pooled shift. */
  shift: number;
  /** Its standard error. */
  se: number;
  /** Weighted Stouffer z of the per-source normal deviates (weights 1/se). */
  z: number;
  /** Cochran's Q of the sources' shifts (χ² with k − 1 degrees of freedom under one common step). */
  q: number;
}

/**
 * Pools shifts measured by independent sources. `zs` are the per-source normal deviates (already
 * corrected for small samples), `shifts` and `ses` their shifts and standard errors. Null when no
 * source has a finite standard error.
 */
export function poolShifts(shifts: readonly number[], ses: readonly number[], zs: readonly number[]): PooledShift | null {
  let sw = 0;
  let sws = 0;
  let swz = 0;
  for (let i = 0; i < shifts.length; i++) {
    const se = ses[i]!;
    if (!(se > 0) || !Number.isFinite(se) || Number.isNaN(shifts[i]!) || Number.isNaN(zs[i]!)) continue;
    const w = 1 / (se * se);
    sw += w;
    sws += w * shifts[i]!;
    swz += zs[i]! / se;
  }
  if (!(sw > 0)) return null;
  const shift = sws / sw;
  let q = 0;
  for (let i = 0; i < shifts.length; i++) {
    const se = ses[i]!;
    if (!(se > 0) || !Number.isFinite(se) || Number.isNaN(shifts[i]!) || Number.isNaN(zs[i]!)) continue;
    q += ((shifts[i]! - shift) / se) ** 2;
  }
  return { shift, se: 1 / Math.sqrt(sw), z: swz / Math.sqrt(sw), q };
}

/** Units needed before the district's quantiles of the maximum statistic are trusted. */
export const MIN_UNITS_FOR_LOOKS = 200;

export interface MaxCalibration {
  /** Effective number of independent looks (both directions). */
  looks: number;
  /** Scale of the honest statistic (≥ 1: a heavier-tailed honest population than a normal). */
  scale: number;
  /** The two quantiles it was fitted on (median and 90th percentile); NaN when not fitted. */
  q50: number;
  q90: number;
}

/**
 * Calibration of a search's maximum statistic (a normal deviate, either direction) from its values
 * `m[0..n)` over the district's units: the model P(M ≥ m) ≈ 1 − (1 − 2·Φ̄(m/κ))^L, with the scale κ
 * and the looks L fitted so that it passes through the median and the 90th percentile of M. The
 * 90th percentile leaves room for a tenth of the units to be frauds (they can only raise it, which
 * is the cautious direction). κ absorbs what makes honest statistics heavier-tailed than assumed
 * (months that are not independent, timing effects, lumpy books); κ is kept in [1, 3] and L in
 * [1, maxLooks]. With fewer than MIN_UNITS_FOR_LOOKS units: κ = 1 and L = maxLooks (Bonferroni).
 * `m` is reordered.
 */
export function calibrateMax(m: Float64Array, n: number, maxLooks: number): MaxCalibration {
  const bonferroni = { looks: Math.max(1, maxLooks), scale: 1, q50: Number.NaN, q90: Number.NaN };
  if (n < MIN_UNITS_FOR_LOOKS) return bonferroni;
  const sorted = m.subarray(0, n).sort();
  const q50 = sorted[Math.floor(0.5 * n)]!;
  const q90 = sorted[Math.min(n - 1, Math.floor(0.9 * n))]!;
  if (!(q90 > q50 && q50 > 0)) return { ...bonferroni, q50, q90 };
  // Per-look tail at each quantile: 1 − (1 − 2Φ̄)^L = p  ⇒  2Φ̄(q/κ) = 1 − (1 − p)^(1/L).
  const tailAt = (p: number, L: number) => -Math.expm1(Math.log1p(-p) / L);
  // For a given κ, L from the median; then the 90th percentile's misfit decides κ (bisection: a
  // larger κ makes the fitted 90th percentile larger).
  const looksFor = (k: number) => {
    let lo = 1;
    let hi = 1e9;
    for (let i = 0; i < 80; i++) {
      const mid = Math.sqrt(lo * hi);
      if (tailAt(0.5, mid) > 2 * normalUpper(q50 / k)) lo = mid;
      else hi = mid;
    }
    return Math.sqrt(lo * hi);
  };
  const misfit = (k: number) => tailAt(0.1, looksFor(k)) - 2 * normalUpper(q90 / k);
  let lo = 1;
  let hi = 3;
  // misfit > 0: the observed 90th percentile lies further out than the model's, so κ must grow.
  if (misfit(lo) <= 0) hi = lo;
  else if (misfit(hi) > 0) lo = hi;
  else
    for (let i = 0; i < 50; i++) {
      const mid = (lo + hi) / 2;
      if (misfit(mid) > 0) lo = mid;
      else hi = mid;
    }
  const scale = (lo + hi) / 2;
  const looks = Math.min(Math.max(1, 2 * looksFor(scale)), Math.max(1, maxLooks));
  return { looks, scale, q50, q90 };
}

function median(v: number[]): number {
  v.sort((x, y) => x - y);
  const n = v.length;
  return n & 1 ? v[n >> 1]! : (v[(n >> 1) - 1]! + v[n >> 1]!) / 2;
}

/**
 * Realigns declarations filed one period late (or early). A sale declared a period late lowers the
 * cross source (tax) in one period and raises it in the next, so the log ratio x = log(num/den)
 * of the two periods forms a dipole: one far above the unit's local level, the next as far below,
 * while the two periods together (Σnum/Σden) sit at that level. Such a pair is read as one period at
 * the pair's pooled ratio. A real level shift is never touched: the local level before
 * the pair (up to two periods) and after it (up to two periods) must agree within k·σ, σ being the
 * series' own robust noise of one period against the median of its neighbours (floored), and
 * each of the pair must depart from that level by k·σ in opposite directions, the pooled ratio
 * lying within half the smaller departure of it. The pair then counts as one observation, at its
 * first period (the second is set to NaN).
 *
 * `x`, `num`, `den` share one layout; `step` is the distance between consecutive periods of the
 * layout (1 for months, 3 for quarters kept at their quarter-end months). `x` is changed in place;
 * the number of pairs realigned is returned.
 */
export function alignLateDeclarations(x: Float64Array, num: ArrayLike<number>, den: ArrayLike<number>, step: number, k: number, floor: number): number {
  const n = x.length;
  // Noise of one period against its neighbours (the median of the two before and two after it,
  // which leaves it out): unlike first differences, a few dipoles do not inflate it.
  const res: number[] = [];
  for (let t = 0; t < n; t++) {
    if (Number.isNaN(x[t]!)) continue;
    const nb = [x[t - 2 * step], x[t - step], x[t + step], x[t + 2 * step]].filter((v): v is number => v !== undefined && !Number.isNaN(v));
    if (nb.length >= 3) res.push(x[t]! - median(nb));
  }
  if (res.length < 4) return 0;
  const mr = median(res.slice());
  // 1.14: the neighbours' median carries about 0.3 of one period's variance.
  const sigma = Math.max((1.4826 * median(res.map((d) => Math.abs(d - mr)))) / 1.14, floor);
  const orig = Float64Array.from(x);
  const at = (t: number) => (t >= 0 && t < n ? orig[t]! : Number.NaN);
  let repaired = 0;
  for (let t = 0; t + step < n; t++) {
    const x1 = at(t);
    const x2 = at(t + step);
    if (Number.isNaN(x1) || Number.isNaN(x2)) continue;
    const before = [at(t - step), at(t - 2 * step)].filter((v) => !Number.isNaN(v));
    const after = [at(t + 2 * step), at(t + 3 * step)].filter((v) => !Number.isNaN(v));
    if (!before.length || !after.length) continue;
    const b = median(before);
    const a = median(after);
    if (Math.abs(b - a) > k * sigma) continue;
    const level = (a + b) / 2;
    const d1 = x1 - level;
    const d2 = x2 - level;
    if (Math.sign(d1) === Math.sign(d2) || Math.abs(d1) < k * sigma || Math.abs(d2) < k * sigma) continue;
    const sn = num[t]! + num[t + step]!;
    const sd = den[t]! + den[t + step]!;
    if (!(sn > 0 && sd > 0)) continue;
    const p = Math.log(sn / sd);
    if (Math.abs(p - level) > Math.min(Math.abs(d1), Math.abs(d2)) / 2) continue;
    // One observation of the two periods together: the second is left out rather than repeated
    // (a repeated value would pass for two agreeing months and shrink the series' MAD).
    x[t] = p;
    x[t + step] = Number.NaN;
    repaired++;
    t += step;
  }
  return repaired;
}
