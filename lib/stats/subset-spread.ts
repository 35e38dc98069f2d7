/**
 * How tight a small group's values are, against groups of the same size drawn from a pool.
 *
 * Question: k units show values with robust spread s (1.4826 · MAD). If they were k units drawn
 * at random from the pool (the district's other units), how often would their spread be as small?
 * A permutation test: the statistic itself is recomputed on `draws` random subsets of size k
 * drawn without replacement, so heavy tails and ties in the pool are honoured as they are.
 * Deterministic (seeded mulberry32), so the same data give the same answer on every run.
 */
import { MAD_SCALE } from './robust';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function madOf(buf: Float64Array, k: number): number {
  const v = buf.subarray(0, k).sort();
  const m = k % 2 ? v[k >> 1]! : (v[k / 2 - 1]! + v[k / 2]!) / 2;
  for (let i = 0; i < k; i++) v[i] = Math.abs(v[i]! - m);
  v.sort();
  return MAD_SCALE * (k % 2 ? v[k >> 1]! : (v[k / 2 - 1]! + v[k / 2]!) / 2);
}

/** Robust spread (1.4826 · MAD) of values; NaN for none. */
export function robustSpread(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  return madOf(Float64Array.from(values), values.length);
}

/**
 * log10 of P(spread of k values drawn without replacement from pool ≤ observed), estimated
 * from `draws` random subsets as (hits + 1) / (draws + 1) — never 0, so the smallest answer is
 * log10(1 / (draws + 1)). 0 when k < 2 or the pool is smaller than k.
 */
export function log10SubsetSpreadAtMost(pool: ArrayLike<number>, k: number, observed: number, draws = 399, seed = 1): number {
  const N = pool.length;
  if (k < 2 || N < k || Number.isNaN(observed)) return 0;
  const rand = mulberry32(seed);
  const idx = Int32Array.from({ length: N }, (_, i) => i);
  const buf = new Float64Array(k);
  let hits = 0;
  for (let d = 0; d < draws; d++) {
    // Partial Fisher–Yates: the first k positions are a uniform k-subset.
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(rand() * (N - i));
      const tmp = idx[i]!;
      idx[i] = idx[j]!;
      idx[j] = tmp;
      buf[i] = pool[idx[i]!]!;
    }
    if (madOf(buf, k) <= observed) hits++;
  }
  return Math.log10((hits + 1) / (draws + 1));
}
