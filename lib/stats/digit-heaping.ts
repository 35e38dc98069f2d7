/**
 * Last-digit uniformity and round-number heaping.
 *
 * Why: invented or padded figures are rounded by people (…000, …500) and their final digits
 * are not uniform, whereas the last digits of genuine measured or summed amounts are close to
 * uniform. Both are read from the decimal string (leading-digits.ts), never from floats.
 */
import { chiSquareGoodnessOfFit, type ChiSquareResult } from './chi-square';
import { integerDigitCount, isMultipleOfPowerOf10, lastDigits, type LastDigitPart } from './leading-digits';

export interface LastDigitOptions {
  /** How many final digits form a bin: 1 (bins 0–9) or 2 (bins 00–99). */
  digits?: 1 | 2;
  /** 'integer' (default): last digits of the integer part; 'written': of the figure as written (cents included). */
  part?: LastDigitPart;
}

export interface LastDigitResult extends ChiSquareResult {
  n: number;
  /** Observed count per bin 0 … 10^digits − 1. */
  observed: Float64Array;
  /** Mean absolute deviation of the bin proportions from 1/bins. */
  mad: number;
}

/**
 * Chi-square test of uniform last digits. With part 'integer' only values whose integer part
 * has more than `digits` digits are used, so that the tested digits are never also leading
 * digits (which follow Benford, not a uniform law); with 'written' every nonzero value is used.
 */
export function lastDigitTest(values: readonly string[] | readonly number[], options: LastDigitOptions = {}): LastDigitResult {
  const { digits = 1, part = 'integer' } = options;
  const bins = 10 ** digits;
  const observed = new Float64Array(bins);
  let n = 0;
  for (const v of values) {
    if (part === 'integer' && !(integerDigitCount(v) > digits)) continue;
    if (part === 'written' && !isFinitePositiveMagnitude(v)) continue;
    const d = lastDigits(v, digits, part);
    if (Number.isNaN(d)) continue;
    observed[d]! += 1;
    n++;
  }
  const expected = new Float64Array(bins).fill(n / bins);
  let mad = 0;
  for (let b = 0; b < bins; b++) mad += Math.abs(observed[b]! / n - 1 / bins) / bins;
  return { ...chiSquareGoodnessOfFit(observed, expected), n, observed, mad };
}

function isFinitePositiveMagnitude(v: string | number): boolean {
  const x = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(x) && x !== 0;
}

/** Share of nonzero values that are exact multiples of 10^k. */
export interface RoundNumberShare {
  n: number;
  count: number;
  share: number;
}

/**
 * Round-number heaping: the share of nonzero values that are multiples of 10^k (k = 2: whole
 * hundreds; k = 0 on money: whole units). Compare with the share expected for the data type,
 * e.g. 10^−k for integers whose last digits are uniform.
 */
export function roundNumberShare(values: readonly string[] | readonly number[], k: number): RoundNumberShare {
  let n = 0;
  let count = 0;
  for (const v of values) {
    if (!isFinitePositiveMagnitude(v)) continue;
    n++;
    if (isMultipleOfPowerOf10(v, k)) count++;
  }
  return { n, count, share: n === 0 ? Number.NaN : count / n };
}
