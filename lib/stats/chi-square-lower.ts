/**
 * log10 of the lower tail of the χ² distribution, P(χ²_df ≤ x): how improbably SMALL a sum of
 * squared standardised deviations is. A copy tracks its source far more closely than an
 * independent unit would: the sum of its squared deviations, scaled by the variance independent
 * units show, falls deep in the lower tail. Computed in logs from the power series of the
 * regularised lower incomplete gamma, so that 1e-80 stays a number.
 */
import { gammaln } from 'simple-statistics';
import { regularizedGammaP } from './incomplete-gamma';

/** log10 P(χ²_df ≤ x); 0 for x = ∞, −∞ for x ≤ 0. */
export function log10ChiSquareLower(df: number, x: number): number {
  if (!(df > 0) || Number.isNaN(x)) return 0;
  if (x <= 0) return Number.NEGATIVE_INFINITY;
  if (!Number.isFinite(x)) return 0;
  const a = df / 2;
  const h = x / 2;
  if (h >= a + 1) return Math.min(0, Math.log10(regularizedGammaP(a, h)));
  // P(a, h) = h^a e^(−h) / Γ(a + 1) · Σ_n h^n / ((a+1)…(a+n))
  let term = 1;
  let sum = 1;
  for (let n = 1; n < 500; n++) {
    term *= h / (a + n);
    sum += term;
    if (term < sum * 1e-16) break;
  }
  return Math.min(0, (a * Math.log(h) - h - gammaln(a + 1) + Math.log(sum)) / Math.LN10);
}
