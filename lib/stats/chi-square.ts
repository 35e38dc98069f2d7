/**
 * Pearson chi-square goodness of fit with an exact upper-tail p-value.
 *
 * Why not simple-statistics' `chiSquaredGoodnessOfFit`: it only answers reject / do-not-reject
 * from a two-decimal table capped at df = 100, while digit tests need df = 89 or 899 and a
 * reportable p-value (R's `pchisq(x, df, lower.tail = FALSE)`).
 */
import { regularizedGammaQ } from './incomplete-gamma';

/** Upper tail P(X ≥ x) of a chi-square distribution with `df` degrees of freedom. */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0)) return Number.NaN;
  return regularizedGammaQ(df / 2, x / 2);
}

/** Result of a Pearson chi-square goodness-of-fit test. */
export interface ChiSquareResult {
  statistic: number;
  df: number;
  pValue: number;
}

/**
 * Σ (observed − expected)² / expected over the bins, df = bins − 1 (the expected counts are
 * fixed by the null, not estimated), p-value from the upper tail.
 */
export function chiSquareGoodnessOfFit(observed: ArrayLike<number>, expected: ArrayLike<number>): ChiSquareResult {
  if (observed.length !== expected.length) throw new RangeError('observed and expected must have the same length');
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) {
    const e = expected[i]!;
    const d = observed[i]! - e;
    statistic += (d * d) / e;
  }
  const df = observed.length - 1;
  return { statistic, df, pValue: chiSquareSurvival(statistic, df) };
}
