/**
 * Benford's law itself: expected leading-digit proportions, Nigrini's MAD conformity labels,
 * and what MAD to expect from an honest sample of a given size.
 *
 * Why the expected MAD matters: Nigrini's cut points were calibrated on large data sets, but
 * MAD of a perfectly conforming sample shrinks like 1/√N (≈ 0.0046 at 300 figures for two
 * digits, above the 0.0022 "Nonconformity" cut). A small honest ledger would be labelled
 * non-conforming; `madExcess` compares the observed MAD with its sampling expectation instead.
 */
import { gammaln } from 'simple-statistics';

/** Number of leading digits analysed: 1 (bins 1–9), 2 (10–99), 3 (100–999), 4 (1000–9999). */
export type BenfordDigits = 1 | 2 | 3 | 4;

/** Nigrini (2012) conformity levels, as benford.analysis prints them. */
export type Conformity = 'Close conformity' | 'Acceptable conformity' | 'Marginally acceptable conformity' | 'Nonconformity';

const LEVELS: readonly Conformity[] = ['Close conformity', 'Acceptable conformity', 'Marginally acceptable conformity', 'Nonconformity'];

/** Cut points (first digit; first-two digits) as used by benford.analysis and shared/reference/README.md. */
export const MAD_CUT_POINTS: Readonly<Partial<Record<BenfordDigits, readonly [number, number, number]>>> = {
  1: [0.006, 0.012, 0.015],
  2: [0.0012, 0.0018, 0.0022],
};

/** First bin value for k digits (10^(k−1)). */
export function firstBin(digits: BenfordDigits): number {
  return 10 ** (digits - 1);
}

/** Number of bins for k digits (9·10^(k−1)). */
export function binCount(digits: BenfordDigits): number {
  return 9 * 10 ** (digits - 1);
}

/** Expected proportions log10(1 + 1/d) for d = 10^(k−1) … 10^k − 1, in bin order. */
export function benfordProportions(digits: BenfordDigits): Float64Array {
  const first = firstBin(digits);
  const out = new Float64Array(binCount(digits));
  for (let i = 0; i < out.length; i++) out[i] = Math.log10(1 + 1 / (first + i));
  return out;
}

/**
 * Nigrini conformity of a MAD: intervals closed on the left ([0, c1) close, [c1, c2) acceptable,
 * [c2, c3) marginal, ≥ c3 nonconformity). null when no cut points are defined (3+ digits).
 */
export function madConformity(mad: number, digits: BenfordDigits): Conformity | null {
  const cuts = MAD_CUT_POINTS[digits];
  if (cuts === undefined || Number.isNaN(mad)) return null;
  let level = 0;
  while (level < 3 && mad >= cuts[level]!) level++;
  return LEVELS[level]!;
}

/** How the expected MAD is computed: normal approximation (closed form) or exact binomial. */
export type ExpectedMadMethod = 'normal' | 'exact';

/**
 * E|p̂ − p| for a binomial proportion with n trials.
 * normal: √(2p(1 − p)/(πn)), the mean absolute value of N(0, p(1 − p)/n).
 * exact: de Moivre's mean deviation 2ν·C(n, ν)·p^ν·(1 − p)^(n−ν+1)/n, ν = ⌊np⌋ + 1 (evaluated in logs);
 * better for small np, i.e. rare bins such as 99 in small samples.
 */
export function expectedAbsoluteDeviation(p: number, n: number, method: ExpectedMadMethod = 'normal'): number {
  if (method === 'normal') return Math.sqrt((2 * p * (1 - p)) / (Math.PI * n));
  const nu = Math.floor(n * p) + 1;
  if (nu > n) return 0;
  const logChoose = gammaln(n + 1) - gammaln(nu + 1) - gammaln(n - nu + 1);
  return Math.exp(Math.log(2 * nu) + logChoose + nu * Math.log(p) + (n - nu + 1) * Math.log1p(-p)) / n;
}

/**
 * Expected MAD of a sample of n figures drawn exactly from Benford's law: the bin average of
 * E|p̂_d − p_d|. Two digits: ≈ 0.00458 at n = 300 (normal) / 0.00460 (exact), 0.00018 at 185 083.
 */
export function expectedBenfordMad(n: number, digits: BenfordDigits, method: ExpectedMadMethod = 'normal'): number {
  if (!(n > 0)) return Number.NaN;
  const p = benfordProportions(digits);
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += expectedAbsoluteDeviation(p[i]!, n, method);
  return sum / p.length;
}

/**
 * Observed MAD divided by the MAD expected from sampling noise alone at this n. About 1 for an
 * honest sample of any size; corporate_payment (MAD 0.00234 at N = 185 083) scores ≈ 12.7.
 */
export function madExcess(mad: number, n: number, digits: BenfordDigits, method: ExpectedMadMethod = 'normal'): number {
  return mad / expectedBenfordMad(n, digits, method);
}

/**
 * Per-bin z statistic exactly as benford.analysis computes it:
 * (|actual − expected| − 1/(2n)) / √(expected(1 − expected)/n); the continuity correction is
 * always applied (Nigrini applies it only when smaller than the difference).
 */
export function benfordZStatistic(expected: number, actual: number, n: number): number {
  return (Math.abs(actual - expected) - 1 / (2 * n)) / Math.sqrt((expected * (1 - expected)) / n);
}
