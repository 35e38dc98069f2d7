/**
 * Regularised incomplete gamma functions P(a, x) and Q(a, x) = 1 − P(a, x).
 *
 * Why here: simple-statistics only ships a chi-square *table* (two decimals, df ≤ 100), and
 * a fraud report needs the p-value for df = 89 (first-two digits) or 899 (first three) at
 * any statistic. Q is computed directly (not as 1 − P) where P is close to 1, so tiny
 * upper-tail probabilities keep their relative accuracy until they underflow.
 *
 * Method (Numerical Recipes §6.2): power series for x < a + 1, modified-Lentz continued
 * fraction otherwise; log Γ from simple-statistics (Lanczos, ≈1e-15 relative). Checked
 * against mpmath at 40 digits in the tests (relative error < 1e-12 for a ≤ 450).
 */
import { gammaln } from 'simple-statistics';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITER = 100_000;

/** log of x^a e^(−x) / Γ(a), the common prefactor of both expansions. */
function logPrefactor(a: number, x: number): number {
  return a * Math.log(x) - x - gammaln(a);
}

/** P(a, x) by its power series; converges quickly for x < a + 1. */
function lowerSeries(a: number, x: number): number {
  let ap = a;
  let term = 1 / a;
  let sum = term;
  for (let i = 0; i < MAX_ITER; i++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(logPrefactor(a, x));
}

/** Q(a, x) by its continued fraction (modified Lentz); converges quickly for x ≥ a + 1. */
function upperContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(logPrefactor(a, x)) * h;
}

function checkArgs(a: number, x: number): boolean {
  return a > 0 && Number.isFinite(a) && !Number.isNaN(x);
}

/** Regularised lower incomplete gamma P(a, x) = γ(a, x)/Γ(a); NaN for a ≤ 0 or NaN input. */
export function regularizedGammaP(a: number, x: number): number {
  if (!checkArgs(a, x)) return Number.NaN;
  if (x <= 0) return 0;
  if (x === Number.POSITIVE_INFINITY) return 1;
  return x < a + 1 ? lowerSeries(a, x) : 1 - upperContinuedFraction(a, x);
}

/** Regularised upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a); NaN for a ≤ 0 or NaN input. */
export function regularizedGammaQ(a: number, x: number): number {
  if (!checkArgs(a, x)) return Number.NaN;
  if (x <= 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return x < a + 1 ? 1 - lowerSeries(a, x) : upperContinuedFraction(a, x);
}
