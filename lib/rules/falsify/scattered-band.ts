/**
 * Helpers of the scattered-cuts and no-tax-shift rules: the unit's own usual band of a log ratio
 * (the shortest half of its months) and the binomial tail that says how many months beyond the
 * band its own noise allows.
 *
 * Why the shortest half: a unit that cut revenue in 8–12 of 24 scattered months drags the
 * median of its ratios towards the cut months and widens its MAD, so the cut months look less
 * unusual. The shortest interval holding just over half of the months (Rousseeuw's shorth) sits
 * on the unit's honest months as long as they are the majority of a tight cluster; its length
 * gives the noise (for a normal sample the shortest half spans ±0.674σ).
 */

/** Sorts buf[0..n) in place (insertion sort: a unit's months, no allocation). */
export function sortPrefix(buf: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = buf[i]!;
    let j = i - 1;
    while (j >= 0 && buf[j]! > v) {
      buf[j + 1] = buf[j]!;
      j--;
    }
    buf[j + 1] = v;
  }
}

export interface Band {
  /** Median of the months in the shortest half. */
  centre: number;
  /** Noise of one month, σ-consistent (length of the shortest half / 1.349). */
  sigma: number;
}

/** Normal quantiles q with P(|Z| < q) = share, for the shares used. */
const HALF_WIDTH: Record<string, number> = { '0.5': 0.6745, '0.333': 0.4307 };

/**
 * Centre and noise of buf[0..n) from its shortest `share` (half by default; a third when up to
 * half of the months may be cut): the median of the shortest interval holding that share of the
 * months, and its length over the normal width of that share (sorts buf). NaN with n < 4.
 */
export function shorthBand(buf: Float64Array, n: number, share: 0.5 | 0.333 = 0.5): Band {
  if (n < 4) return { centre: Number.NaN, sigma: Number.NaN };
  sortPrefix(buf, n);
  const h = share === 0.5 ? (n >> 1) + 1 : Math.ceil(n / 3) + 1;
  let best = Number.POSITIVE_INFINITY;
  let at = 0;
  for (let i = 0; i + h - 1 < n; i++) {
    const len = buf[i + h - 1]! - buf[i]!;
    if (len < best) {
      best = len;
      at = i;
    }
  }
  const mid = at + (h >> 1);
  const centre = h & 1 ? buf[mid]! : (buf[mid - 1]! + buf[mid]!) / 2;
  return { centre, sigma: best / (2 * HALF_WIDTH[String(share)]!) };
}

/** log C(n, k) */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i);
  return s;
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialTail(n: number, k: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let s = 0;
  for (let j = k; j <= n; j++) s += Math.exp(logChoose(n, j) + j * Math.log(p) + (n - j) * Math.log1p(-p));
  return Math.min(1, s);
}

/** Standard normal lower tail Φ(−z): one implementation, in lib/stats. */
export { normalUpper as normalTail } from '../../stats/tails';
