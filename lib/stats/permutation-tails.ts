/**
 * Exact tails of two permutation nulls, as log10 p: "are the marked months (round figures, small
 * changes) concentrated after a given month more than a random order of the same months allows?"
 * The null is the unit's own history with its months exchangeable, so it needs no model of what
 * an honest figure looks like — only that an honest habit does not switch at one month.
 */
import { lnChoose } from './tails';

/**
 * log10 P(X ≥ k) for X ~ Hypergeometric(population N, K marked, n drawn): the chance that n months
 * picked at random from N, of which K are marked, hold k or more marked ones. 0 when k ≤ max(0, n + K − N).
 */
export function log10HypergeometricUpper(N: number, K: number, n: number, k: number): number {
  const lo = Math.max(0, n + K - N);
  const hi = Math.min(n, K);
  if (k <= lo) return 0;
  if (k > hi) return Number.NEGATIVE_INFINITY;
  const denom = lnChoose(N, n);
  let max = Number.NEGATIVE_INFINITY;
  const terms: number[] = [];
  for (let j = k; j <= hi; j++) {
    const t = lnChoose(K, j) + lnChoose(N - K, n - j) - denom;
    terms.push(t);
    if (t > max) max = t;
  }
  let s = 0;
  for (const t of terms) s += Math.exp(t - max);
  return Math.min(0, (max + Math.log(s)) / Math.LN10);
}

/**
 * log10 of the exact lower tail P(U ≤ u) of the Mann–Whitney count U = #{(i, j): a_i > b_j} for
 * samples of sizes m (a) and n (b) under random order (no ties). The number of arrangements with
 * count v is the coefficient of q^v in the Gaussian binomial [m + n choose m]_q
 * = ∏_{i=1..m} (1 − q^{n+i}) / (1 − q^i), built factor by factor and truncated at degree u:
 * O(m · u) operations (every partial product is itself a Gaussian binomial with nonnegative
 * coefficients, and a coefficient of degree v depends only on those of degree ≤ v, so the small
 * counts of a far tail are computed exactly).
 */
export function log10MannWhitneyLower(m: number, n: number, u: number): number {
  if (m <= 0 || n <= 0) return 0;
  // Half counts from ties round up: the tail stays conservative.
  const U = Math.ceil(u - 1e-9);
  if (U < 0) return Number.NEGATIVE_INFINITY;
  if (U >= m * n) return 0;
  const c = new Float64Array(U + 1);
  c[0] = 1;
  for (let i = 1; i <= m; i++) {
    const up = n + i;
    for (let v = U; v >= up; v--) c[v] = c[v]! - c[v - up]!;
    for (let v = i; v <= U; v++) c[v] = c[v]! + c[v - i]!;
  }
  let s = 0;
  for (let v = 0; v <= U; v++) s += c[v]!;
  return Math.min(0, (Math.log(s) - lnChoose(m + n, m)) / Math.LN10);
}

/**
 * log10 of an empirical lower-tail p-value with `sorted` the null sample ascending: when the
 * subject is not in the sample, (1 + #{null values ≤ x}) / (1 + N); when it is (`includesSelf`),
 * #{values ≤ x} / N, which is the same estimate with the subject counted once, not twice. Either
 * way it never reaches 0 (an unseen value is not an impossible one). 0 for an empty null or a NaN x.
 */
export function log10EmpiricalLower(sorted: ArrayLike<number>, x: number, includesSelf = false): number {
  const N = sorted.length;
  if (!N || Number.isNaN(x)) return 0;
  let lo = 0;
  let hi = N;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  if (includesSelf) return N > 1 ? Math.min(0, Math.log10(Math.max(1, lo) / N)) : 0;
  return Math.min(0, Math.log10((1 + lo) / (1 + N)));
}
