/**
 * benford.analysis' published figures for corporate.payment (README.md of the package and
 * tests/testthat/test-benford.R), recomputed from shared/reference/benford/corporate_payment.csv.
 */
import { describe, expect, it } from 'vitest';
import { benfordProportions, benfordTest, duplicatesTable, madExcess, suspectRows, suspectsTable, topDeviations } from '../../../lib/stats/benford';
import { chiSquareGoodnessOfFit } from '../../../lib/stats/chi-square';
import { leadingDigitsFromString } from '../../../lib/stats/leading-digits';
import { readColumn } from './reference';

// Loaded once for the whole file: 189 470 rows, Amount kept as the %.2f string.
const amounts = readColumn('benford/corporate_payment.csv', 3);
const all = benfordTest(amounts, { digits: 2 });
const atLeast10 = amounts.filter((a) => Number(a) >= 10);

describe('corporate_payment, benford(corporate.payment$Amount) (all rows, x > 0, two digits)', () => {
  it('has the documented row counts', () => {
    expect(amounts).toHaveLength(189470);
    expect(all.n).toBe(185083);
    expect(all.nSecondOrder).toBe(65504);
  });

  it('reproduces the mantissa statistics 0.496 / 0.092 / -1.257 / -0.002', () => {
    expect(all.mantissa.mean).toBeCloseTo(0.496, 3);
    expect(all.mantissa.variance).toBeCloseTo(0.092, 3);
    expect(all.mantissa.excessKurtosis).toBeCloseTo(-1.257, 3);
    expect(all.mantissa.skewness).toBeCloseTo(-0.002, 3);
  });

  it('reproduces the 5 largest deviations (absolute.diff)', () => {
    const top = topDeviations(all, 5).map((b) => [b.digits, Number(b.absoluteDiff.toFixed(2))]);
    expect(top).toEqual([
      [50, 5938.25],
      [11, 3331.98],
      [10, 2811.92],
      [14, 1043.68],
      [98, 889.95],
    ]);
  });

  it('chi-square from string digits is 32100.901 (df 89, p < 2.2e-16)', () => {
    // The package prints X-squared = 32094: its float digit formula puts 146 amounts of 0.29 and
    // 0.58 in bins 28 and 57. Correct string extraction gives 32100.901094; see
    // shared/reference/README.md §1.4 ("test against 32100.90 and cite this note").
    expect(all.chiSquare.statistic).toBeCloseTo(32100.901094, 5);
    expect(all.chiSquare.statistic).toBeCloseTo(32100.9, 2);
    expect(all.chiSquare.df).toBe(89);
    expect(all.chiSquare.pValue).toBeLessThan(2.2e-16);
  });

  it("the package's float digit formula would give the published 32094 (§1.4)", () => {
    // trunc(10^(k − 1 − floor(log10 x)) · x) as R evaluates it: R's 10^−k is correctly rounded,
    // V8's `10 ** -k` is not always (10 ** -5 misplaces 600000.00 etc.), hence 1 / 10^k.
    const counts = new Float64Array(90);
    const misread: string[] = [];
    for (const a of amounts) {
      const x = Number(a);
      if (!(x > 0)) continue;
      const e = 1 - Math.floor(Math.log10(x));
      const d = Math.trunc((e >= 0 ? 10 ** e : 1 / 10 ** -e) * x);
      counts[d - 10]! += 1;
      if (d !== leadingDigitsFromString(a, 2)) misread.push(a);
    }
    expect(misread).toHaveLength(146);
    expect(new Set(misread)).toEqual(new Set(['0.29', '0.58']));
    const expected = Array.from(benfordProportions(2), (p) => p * all.n);
    const packageChi = chiSquareGoodnessOfFit(counts, expected).statistic;
    expect(Math.round(packageChi)).toBe(32094);
    expect(packageChi).toBeCloseTo(32094.35, 2);
  });

  it('reproduces the mantissa arc test L2 = 0.0039958 with p = exp(-N L2) ≈ 6.5e-322', () => {
    expect(all.mantissaArc.l2).toBeCloseTo(0.003995812094, 12);
    expect(all.mantissaArc.df).toBe(2);
    expect(all.mantissaArc.pValue).toBeLessThan(2.2e-16);
    expect(all.mantissaArc.pValue).toBeGreaterThan(6e-322);
    expect(all.mantissaArc.pValue).toBeLessThan(7e-322);
  });

  it('reproduces KS D = 0.033195 and critical value 0.0031612', () => {
    expect(all.ks.d).toBeCloseTo(0.033195363, 9);
    expect(all.ks.criticalValue).toBeCloseTo(0.0031612267, 10);
  });

  it('reproduces MAD 0.002336614 and "Nonconformity"', () => {
    expect(all.mad).toBeCloseTo(0.00233661421197, 13);
    expect(all.madConformity).toBe('Nonconformity');
    // 12.7 times the MAD an honest sample of this size would show.
    expect(madExcess(all.mad, all.n, 2)).toBeCloseTo(12.67, 2);
  });

  it('reproduces the distortion factor -1.065467 (constants 39.0865 / 39.0685)', () => {
    expect(all.distortionFactor).toBeCloseTo(-1.06546672, 8);
  });

  it('getSuspects returns the 17856 rows of bins 50 and 11, in data order', () => {
    const rows = suspectRows(all);
    expect(rows).toHaveLength(17856);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!).toBeGreaterThan(rows[i - 1]!);
    const digitsSeen = new Set(Array.from(rows, (i) => amounts[i]!.replace('.', '').replace(/^0+/, '').slice(0, 2).padEnd(2, '0')));
    expect([...digitsSeen].sort()).toEqual(['11', '50']);
  });
});

describe('corporate_payment, Amount >= 10 (tests/testthat/test-benford.R)', () => {
  const bfd1 = benfordTest(atLeast10, { digits: 1 });
  const bfd2 = benfordTest(atLeast10, { digits: 2 });

  it('keeps 177763 values with 64578 second-order differences', () => {
    expect(atLeast10).toHaveLength(177763);
    expect(bfd1.n).toBe(177763);
    expect(bfd1.nSecondOrder).toBe(64578);
    expect(bfd2.nSecondOrder).toBe(64578);
  });

  it('reproduces MAD 0.01464 (first digit) and 0.00243 (first two digits) to relative 1e-3', () => {
    expect(Math.abs(bfd1.mad / 0.01464 - 1)).toBeLessThan(1e-3);
    expect(Math.abs(bfd2.mad / 0.00243 - 1)).toBeLessThan(1e-3);
    expect(bfd1.mad).toBeCloseTo(0.01464186741, 10);
    expect(bfd2.mad).toBeCloseTo(0.002429905902, 11);
    expect(bfd1.madConformity).toBe('Marginally acceptable conformity');
  });

  it('suspectsTable by abs.excess.summation starts with 15, 26, 10, 14, 11, 50', () => {
    expect(
      suspectsTable(bfd2, 'absExcessSummation')
        .slice(0, 6)
        .map((b) => b.digits),
    ).toEqual([15, 26, 10, 14, 11, 50]);
  });

  it('duplicatesTable starts with 50.00x6022, 1153.35x2264, 1083.45x1185, 150.00x1056, 988.35x1018, 1159.35x976', () => {
    expect(duplicatesTable(bfd2).slice(0, 6)).toEqual([
      { value: 50, count: 6022 },
      { value: 1153.35, count: 2264 },
      { value: 1083.45, count: 1185 },
      { value: 150, count: 1056 },
      { value: 988.35, count: 1018 },
      { value: 1159.35, count: 976 },
    ]);
  });

  it('has no MAD conformity label beyond the published cut points (benford(cp, 4)$MAD.conformity is NA)', () => {
    const bfd4 = benfordTest(atLeast10, { digits: 4 });
    expect(bfd4.bins).toHaveLength(9000);
    expect(bfd4.madConformity).toBeNull();
  });
});
