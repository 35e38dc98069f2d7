/**
 * How likely two independent reports agree on a figure by chance, estimated from the district:
 * the chance that another unit's value of the field lands on this unit's value to the figures'
 * resolution. Two things make a coincidence likely, and both are read off the reference sample
 * (the other units' values of the same field, same month, same peer group):
 *   - values that many units share exactly (zeros, placeholders, round numbers, common headcounts):
 *     the share of the sample within the tolerance of the value;
 *   - values in a dense part of the distribution: the local density around the value (a kernel of
 *     relative half-width KERNEL) times the width of the match cell (the resolution).
 * The estimate is the larger of the two, so a value that is both common and round is never
 * treated as rare. The density carries one pseudo-count, so that a value with no neighbour in the
 * sample still has a positive chance (about one in the sample size per kernel width).
 */

/** Relative half-width of the density kernel: values within ±25 % of the value (or of the sample's typical size). */
export const KERNEL = 0.25;

const POWERS = [1e4, 1e3, 100, 10, 1, 0.1, 0.01, 1e-3, 1e-4];

/** Whether x is a multiple of r up to the float representation of a decimal figure. */
function isMultiple(x: number, r: number): boolean {
  const q = x / r;
  return Math.abs(q - Math.round(q)) <= 1e-6 * Math.max(1, Math.abs(q));
}

/**
 * The coarsest power of ten (1e-4 … 1e4) that every nonzero finite value of `values[from..to)`
 * is a multiple of: the unit in which the figures are reported (0.1 for one decimal, 100 for
 * figures estimated to the hundred). NaN when there is no nonzero value.
 */
export function valueResolution(values: ArrayLike<number>, from = 0, to = values.length): number {
  let k = 0;
  let any = false;
  for (let i = from; i < to; i++) {
    const x = values[i]!;
    if (!Number.isFinite(x) || x === 0) continue;
    any = true;
    while (k < POWERS.length - 1 && !isMultiple(x, POWERS[k]!)) k++;
  }
  return any ? POWERS[k]! : Number.NaN;
}

/** Index of the first element of sorted[lo..hi) that is ≥ v. */
export function lowerBound(sorted: ArrayLike<number>, lo: number, hi: number, v: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element of sorted[lo..hi) that is > v. */
export function upperBound(sorted: ArrayLike<number>, lo: number, hi: number, v: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Chance that a value drawn from the reference sample sorted[lo..hi) agrees with x to within
 * ±tol (tol: half the match cell, e.g. half the resolution), leaving out `exclude` members of the
 * sample that are x itself (the pair being judged). `scale` is the sample's typical magnitude
 * (e.g. its median absolute value): the kernel is never narrower than KERNEL·scale, so that a
 * value near zero is judged against the values around zero, not against a vanishing window.
 * Returns a probability in (0, 1].
 */
export function matchProbability(sorted: ArrayLike<number>, lo: number, hi: number, x: number, tol: number, scale: number, exclude = 0): number {
  const n = hi - lo - exclude;
  if (n <= 0 || !Number.isFinite(x)) return 1;
  const t = Math.max(tol, 0);
  const exact = Math.max(0, upperBound(sorted, lo, hi, x + t) - lowerBound(sorted, lo, hi, x - t) - exclude);
  const hw = Math.max(KERNEL * Math.abs(x), KERNEL * Math.abs(scale), 2 * t);
  const near = Math.max(0, upperBound(sorted, lo, hi, x + hw) - lowerBound(sorted, lo, hi, x - hw) - exclude);
  const density = ((near + 1) / (n + 1)) * (t / hw);
  const p = Math.max(exact / n, density);
  return p > 1 ? 1 : p > 0 ? p : Number.MIN_VALUE;
}
