/**
 * Benford first-digit(s) analysis, reproducing benford.analysis 0.1.5 `benford()` (chi-square,
 * MAD + Nigrini label, KS, mantissa arc test and moments, distortion factor, second order)
 * except for one deliberate difference: leading digits come from the decimal string, not from
 * the package's float formula (see leading-digits.ts and shared/reference/README.md §1.4).
 *
 * Why this shape: it is the screening step of the fraud product; the per-bin table drives the
 * suspects and duplicates drill-downs in benford-tables.ts, and the per-row arrays (typed,
 * in data order) let those drill-downs map back to uploaded rows without re-parsing.
 */
import { chiSquareSurvival } from './chi-square';
import { benfordProportions, benfordZStatistic, binCount, type BenfordDigits, type Conformity, firstBin, madConformity } from './benford-law';
import { leadingDigitsFromString } from './leading-digits';
import { distortionFactor, logMantissas, mantissaArcTest, mantissaSummary, type MantissaArcResult, type MantissaSummary } from './mantissa';

export { benfordProportions, benfordZStatistic, expectedBenfordMad, madConformity, madExcess, type BenfordDigits, type Conformity } from './benford-law';
export { duplicateRows, duplicatesTable, rowsWithDigits, suspectRows, suspectsTable, topDeviations } from './benford-tables';
export { lastDigitTest, roundNumberShare } from './digit-heaping';

/** Which signs enter the analysis (benford.analysis `sign`): x > 0, x < 0 (as |x|), or both. */
export type BenfordSign = 'positive' | 'negative' | 'both';

export interface BenfordOptions {
  digits: BenfordDigits;
  sign?: BenfordSign;
  /** Discrete data: second-order differences are rounded to digits + `round` decimals (else 8). */
  discrete?: boolean;
  round?: number;
}

/** One leading-digit bin; counts are absolute, proportions relative to N. */
export interface BenfordBin {
  digits: number;
  observed: number;
  observedProportion: number;
  expectedProportion: number;
  expected: number;
  difference: number;
  squaredDiff: number;
  absoluteDiff: number;
  zStatistic: number;
  /** Sum of the values whose leading digits fall in this bin. */
  summation: number;
  /** |summation − mean of the bin summations|. */
  absExcessSummation: number;
}

export interface BenfordResult {
  digits: BenfordDigits;
  /** Number of values used (e.g. x > 0 for sign "positive"). */
  n: number;
  /** Number of positive rounded differences between consecutive sorted values. */
  nSecondOrder: number;
  bins: BenfordBin[];
  chiSquare: { statistic: number; df: number; pValue: number };
  mad: number;
  madConformity: Conformity | null;
  ks: { d: number; criticalValue: number };
  mantissa: MantissaSummary;
  mantissaArc: MantissaArcResult;
  distortionFactor: number;
  /** Per used value, in data order: its index in the input, numeric |value|, leading digits. */
  rows: { index: Int32Array; value: Float64Array; leading: Int32Array };
}

function signAccepts(sign: BenfordSign, negative: boolean): boolean {
  return sign === 'both' || (sign === 'positive') !== negative;
}

/** Selects the used rows and extracts string digits; NaN/unparsable/zero are dropped (R drops NA and 0). */
function extractRows(values: readonly string[] | readonly number[], digits: BenfordDigits, sign: BenfordSign) {
  const index = new Int32Array(values.length);
  const value = new Float64Array(values.length);
  const leading = new Int32Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const raw = values[i]!;
    const text = typeof raw === 'number' ? (Number.isFinite(raw) ? String(raw) : '') : raw;
    const d = leadingDigitsFromString(text, digits);
    if (Number.isNaN(d)) continue;
    const x = typeof raw === 'number' ? raw : Number(raw);
    if (!Number.isFinite(x) || x === 0 || !signAccepts(sign, x < 0)) continue;
    index[n] = i;
    value[n] = Math.abs(x);
    leading[n] = d;
    n++;
  }
  return { index: index.slice(0, n), value: value.slice(0, n), leading: leading.slice(0, n) };
}

/**
 * Count of second-order differences: sort, take consecutive differences, round them to
 * `decimals` places, keep those > 0 (for 2-decimal money: distinct values − 1).
 */
export function secondOrderCount(values: ArrayLike<number>, decimals: number): number {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  const scale = 10 ** decimals;
  let count = 0;
  for (let i = 1; i < sorted.length; i++) {
    if (Math.round((sorted[i]! - sorted[i - 1]!) * scale) / scale > 0) count++;
  }
  return count;
}

/** Benford analysis of the figures (decimal strings preferred; numbers go through `String(x)`). */
export function benfordTest(values: readonly string[] | readonly number[], options: BenfordOptions): BenfordResult {
  const { digits, sign = 'positive', discrete = true, round = 3 } = options;
  const rows = extractRows(values, digits, sign);
  const n = rows.value.length;
  const bins = binCount(digits);
  const first = firstBin(digits);
  const p = benfordProportions(digits);
  const counts = new Float64Array(bins);
  const sums = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const b = rows.leading[i]! - first;
    counts[b]! += 1;
    sums[b]! += rows.value[i]!;
  }
  let sumOfSums = 0;
  for (let b = 0; b < bins; b++) sumOfSums += sums[b]!;
  const meanSum = sumOfSums / bins;

  const table: BenfordBin[] = [];
  let chi = 0;
  let madSum = 0;
  let cumExpected = 0;
  let cumObserved = 0;
  let ksD = 0;
  for (let b = 0; b < bins; b++) {
    const observed = counts[b]!;
    const expectedProportion = p[b]!;
    const expected = expectedProportion * n;
    const observedProportion = observed / n;
    const difference = observed - expected;
    const squaredDiff = (difference * difference) / expected;
    chi += squaredDiff;
    madSum += Math.abs(observedProportion - expectedProportion) / bins;
    cumExpected += expectedProportion;
    cumObserved += observedProportion;
    ksD = Math.max(ksD, Math.abs(cumExpected - cumObserved));
    table.push({
      digits: first + b,
      observed,
      observedProportion,
      expectedProportion,
      expected,
      difference,
      squaredDiff,
      absoluteDiff: Math.abs(difference),
      zStatistic: benfordZStatistic(expectedProportion, observedProportion, n),
      summation: sums[b]!,
      absExcessSummation: Math.abs(sums[b]! - meanSum),
    });
  }
  const mantissas = logMantissas(rows.value);
  return {
    digits,
    n,
    nSecondOrder: secondOrderCount(rows.value, discrete ? digits + round : 8),
    bins: table,
    chiSquare: { statistic: chi, df: bins - 1, pValue: chiSquareSurvival(chi, bins - 1) },
    mad: madSum,
    madConformity: madConformity(madSum, digits),
    ks: { d: ksD, criticalValue: 1.36 / Math.sqrt(n) },
    mantissa: mantissaSummary(mantissas),
    mantissaArc: mantissaArcTest(mantissas),
    distortionFactor: distortionFactor(rows.value),
    rows,
  };
}
