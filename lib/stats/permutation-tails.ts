/**
 * Exact tails of two permutation nulls, as log10 p: "are the marked months (round figures, small
 * changes) concentrated after a given month more than a random order of the same months allows?"
 * The null is the unit's own history with its months exchangeable, so it needs no model of what
 * an honest figure looks like — only that an honest habit does not switch at one month.
 */
import { gammaln } from 'simple-statistics';

const lnChoose = (n: number, k: number) => gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1);

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
 * samples of sizes m (a) and n (b) under random order (no ties), by the recursion on the number of
 * arrangements c(m, n, u) = c(m − 1, n, u − n) + c(m, n − 1, u). Sizes are a row's months (≤ ~60).
 */
export function log10MannWhitneyLower(m: number, n: number, u: number): number {
  if (m <= 0 || n <= 0) return 0;
  const U = Math.floor(u);
  if (U < 0) return Number.NEGATIVE_INFINITY;
  if (U >= m * n) return 0;
  // f[j][v]: arrangements of j a's and the current i b's with count v (v ≤ U only), in logs-free doubles
  // scaled by C(m+n, m) at the end; counts fit doubles exactly enough for sizes of a row.
  let prev: Float64Array[] = [];
  for (let j = 0; j <= m; j++) {
    const row = new Float64Array(U + 1);
    row[0] = 1; // zero b's: one arrangement, count 0
    prev.push(row);
  }
  for (let i = 1; i <= n; i++) {
    const cur: Float64Array[] = [];
    const r0 = new Float64Array(U + 1);
    r0[0] = 1;
    cur.push(r0);
    for (let j = 1; j <= m; j++) {
      const row = new Float64Array(U + 1);
      const left = cur[j - 1]!; // last element is an a, larger than all i b's: adds i
      const up = prev[j]!; // last element is a b: adds nothing
      for (let v = 0; v <= U; v++) row[v] = up[v]! + (v >= i ? left[v - i]! : 0);
      cur.push(row);
    }
    prev = cur;
  }
  let s = 0;
  for (let v = 0; v <= U; v++) s += prev[m]![v]!;
  return Math.min(0, (Math.log(s) - lnChoose(m + n, m)) / Math.LN10);
}

/**
 * log10 of an empirical lower-tail p-value: (1 + #{null values ≤ x}) / (1 + N) with `sorted` the
 * null sample ascending (the subject itself excluded or included: either way the estimate never
 * reaches 0, which the +1 guarantees). 0 for an empty null or a NaN x.
 */
export function log10EmpiricalLower(sorted: ArrayLike<number>, x: number): number {
  const N = sorted.length;
  if (!N || Number.isNaN(x)) return 0;
  let lo = 0;
  let hi = N;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(0, Math.log10((1 + lo) / (1 + N)));
}
