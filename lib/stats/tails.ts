/**
 * Tail probabilities on a log10 scale, so that overwhelming evidence (p = 1e-40) stays a number a
 * rule can compare and a reviewer can read, and never underflows to 0.
 */
import { gammaln } from 'simple-statistics';

/**
 * log10 of the standard normal upper tail P(Z ≥ z), accurate far into the tail: below z = 3 the
 * polynomial approximation, above it the continued fraction of the Mills ratio
 * P(Z ≥ z) = φ(z) / (z + 1/(z + 2/(z + 3/(z + …)))), evaluated in logs so that it never underflows.
 */
export function log10NormalUpper(z: number): number {
  if (Number.isNaN(z)) return 0;
  if (!Number.isFinite(z)) return z > 0 ? Number.NEGATIVE_INFINITY : 0;
  if (z < 3) return Math.log10(normalUpper(z));
  let t = 0;
  for (let k = 60; k >= 1; k--) t = k / (z + t);
  return (-(z * z) / 2 - 0.5 * Math.log(2 * Math.PI) - Math.log(z + t)) / Math.LN10;
}

/** Standard normal upper tail P(Z ≥ z) (Abramowitz–Stegun 26.2.17, |error| < 7.5e-8). */
export function normalUpper(z: number): number {
  if (z < 0) return 1 - normalUpper(-z);
  const t = 1 / (1 + 0.2316419 * z);
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI)) * poly;
}

/** ln C(n, k) through the log-gamma function: exact to rounding for any size, no overflow. */
export function lnChoose(n: number, k: number): number {
  return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1);
}

/** log10 of the upper binomial tail P(X ≥ c) for X ~ Bin(n, p). 0 when c ≤ 0. */
export function log10BinomialTail(n: number, c: number, p: number): number {
  if (c <= 0) return 0;
  if (c > n || p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return 0;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  const base = gammaln(n + 1);
  let max = Number.NEGATIVE_INFINITY;
  const terms = new Float64Array(n - c + 1);
  for (let k = c; k <= n; k++) {
    const t = base - gammaln(k + 1) - gammaln(n - k + 1) + k * lp + (n - k) * lq;
    terms[k - c] = t;
    if (t > max) max = t;
  }
  let s = 0;
  for (let i = 0; i < terms.length; i++) s += Math.exp(terms[i]! - max);
  return Math.min(0, (max + Math.log(s)) / Math.LN10);
}

/** log10 of the upper Poisson tail P(X ≥ c) for X ~ Poisson(mean). */
export function log10PoissonTail(mean: number, c: number): number {
  if (c <= 0) return 0;
  if (mean <= 0) return Number.NEGATIVE_INFINITY;
  // Sum the terms from c upwards until they stop mattering; they fall off geometrically past the mean.
  const lm = Math.log(mean);
  let max = Number.NEGATIVE_INFINITY;
  const terms: number[] = [];
  for (let k = c; k < c + 1000; k++) {
    const t = k * lm - mean - gammaln(k + 1);
    terms.push(t);
    if (t > max) max = t;
    if (k > mean && t < max - 40) break;
  }
  let s = 0;
  for (const t of terms) s += Math.exp(t - max);
  return Math.min(0, (max + Math.log(s)) / Math.LN10);
}

/**
 * Fisher's combination of independent p-values (given as log10 p): −2 Σ ln p ~ χ²(2k) under the
 * null. Returns log10 of the combined p-value. For 2k degrees of freedom the χ² survival function
 * has the closed form e^{−x/2} Σ_{j<k} (x/2)^j / j!.
 */
export function log10FisherCombined(log10Ps: readonly number[]): number {
  const k = log10Ps.length;
  if (!k) return 0;
  let half = 0;
  for (const l of log10Ps) half -= Math.min(0, l) * Math.LN10;
  if (!Number.isFinite(half)) return Number.NEGATIVE_INFINITY;
  let term = 0; // log of (x/2)^j / j!
  let max = 0;
  const logs: number[] = [0];
  for (let j = 1; j < k; j++) {
    term += Math.log(half) - Math.log(j);
    logs.push(term);
    if (term > max) max = term;
  }
  let s = 0;
  for (const t of logs) s += Math.exp(t - max);
  return Math.min(0, (-half + max + Math.log(s)) / Math.LN10);
}
