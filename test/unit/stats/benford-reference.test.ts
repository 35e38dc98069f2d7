/**
 * census_2009 and sino_forest figures published by benford.analysis (tests/testthat), the
 * data-free z-statistic check, Nigrini labels, expected MAD, and property tests.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benfordTest, benfordZStatistic, duplicateRows, duplicatesTable, expectedBenfordMad, madConformity, madExcess, rowsWithDigits, suspectRows, topDeviations } from '../../../lib/stats/benford';
import { expectedAbsoluteDeviation } from '../../../lib/stats/benford-law';
import { mulberry32, readColumn } from './reference';

describe('census_2009, pop.2009 >= 10, two digits', () => {
  const pop = readColumn('benford/census_2009.csv', 2).filter((v) => Number(v) >= 10);
  const bfd = benfordTest(pop, { digits: 2 });

  it('uses 19482 values', () => {
    expect(pop).toHaveLength(19482);
    expect(bfd.n).toBe(19482);
  });

  it('reproduces dfactor 0.74 (relative 1e-3) and round(chisq) = 108', () => {
    expect(Math.abs(bfd.distortionFactor / 0.74 - 1)).toBeLessThan(1e-3);
    expect(bfd.distortionFactor).toBeCloseTo(0.740462, 6);
    expect(Math.round(bfd.chiSquare.statistic)).toBe(108);
    expect(bfd.chiSquare.statistic).toBeCloseTo(107.9391, 4);
    // pchisq(107.93908986574957, 89, lower.tail = FALSE), mpmath 1.3.0 at 40 digits.
    expect(bfd.chiSquare.pValue).toBeCloseTo(0.0839592740455925, 13);
  });

  it('matches the tighter recomputed MAD 0.000621139408 and KS D 0.00900807', () => {
    expect(bfd.mad).toBeCloseTo(0.000621139408, 12);
    expect(bfd.madConformity).toBe('Close conformity');
    expect(bfd.ks.d).toBeCloseTo(0.00900807, 8);
  });
});

describe('sino_forest, benford(sino.forest$value) (tests/testthat/test-get.R)', () => {
  const values = readColumn('benford/sino_forest.csv', 0);
  const bfd = benfordTest(values, { digits: 2 });
  const pick = (rows: Int32Array) => Array.from(rows, (i) => Number(values[i]));

  it('reproduces marc(): L2 = 0.00216678894007925, p = 0.187728020755151', () => {
    expect(values).toHaveLength(772);
    expect(Math.abs(bfd.mantissaArc.l2 / 0.00216678894007925 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(bfd.mantissaArc.pValue / 0.187728020755151 - 1)).toBeLessThan(1e-12);
    expect(bfd.mantissaArc.df).toBe(2);
  });

  it('getSuspects returns the 57 published values of bins 12 and 87, in order', () => {
    expect(
      topDeviations(bfd, 2)
        .map((b) => b.digits)
        .sort(),
    ).toEqual([12, 87]);
    const suspects = pick(suspectRows(bfd));
    expect(suspects).toEqual([
      1238185, 1252023, 128124, 8756, 1223352, 125238, 87670, 12156, 1261300, 1213495, 12200, 12996000, 1292000, 12744, 1297, 12, 12156, 8717000, 877000, 1294, 128122, 1211, 127681, 87670, 87670,
      87670, 87670000, 1264000, 1213495, 125000, 87000, 12200, 12317, 8756, 8756, 1264, 1264, 123233000, 1255453, 87670000, 87670000, 1223352000, 87670, 121544, 8715, 122793, 1229842000, 12755000,
      8793000, 127000, 122855000, 123, 12401, 12, 1261524, 1207281, 1270954,
    ]);
  });

  it('getDuplicates returns the 9 published values (1670 beats 17008 on first appearance)', () => {
    expect(pick(duplicateRows(bfd))).toEqual([1670, 87670, 1670, 87670, 87670, 87670, 1670, 1670, 87670]);
    expect(duplicatesTable(bfd).slice(0, 3)).toEqual([
      { value: 87670, count: 5 },
      { value: 1670, count: 4 },
      { value: 17008, count: 4 },
    ]);
  });

  it('getDigits(bfd, data, 10) returns the 36 published values', () => {
    expect(pick(rowsWithDigits(bfd, [10]))).toEqual([
      10609, 1054257, 103991, 10602, 1054257, 1032009, 10942, 106865, 10214, 10703, 1047, 10058, 10905, 1068, 1e7, 10.12, 1055002, 1055002, 103854, 101195, 1031, 1e7, 1e7, 108327000, 1060000,
      107400000, 1007, 10328, 1074516, 1053191, 1026, 10377, 100, 101, 107, 1040916,
    ]);
  });
});

describe('z statistic (test-benford.R "Internal function")', () => {
  it('sums to 108 for expected 0.1..0.9 against actual 0.9..0.1 with n = 100', () => {
    let sum = 0;
    for (let i = 1; i <= 9; i++) sum += benfordZStatistic(i / 10, (10 - i) / 10, 100);
    expect(Math.round(sum)).toBe(108);
    expect(sum).toBeCloseTo(107.85, 2);
  });
});

describe('Nigrini MAD conformity', () => {
  it('uses intervals closed on the left', () => {
    expect(madConformity(0, 1)).toBe('Close conformity');
    expect(madConformity(0.006, 1)).toBe('Acceptable conformity');
    expect(madConformity(0.012, 1)).toBe('Marginally acceptable conformity');
    expect(madConformity(0.015, 1)).toBe('Nonconformity');
    expect(madConformity(0.00119, 2)).toBe('Close conformity');
    expect(madConformity(0.0012, 2)).toBe('Acceptable conformity');
    expect(madConformity(0.0018, 2)).toBe('Marginally acceptable conformity');
    expect(madConformity(0.0022, 2)).toBe('Nonconformity');
    expect(madConformity(0.0001, 3)).toBeNull();
  });
});

describe('expected MAD of a Benford-conforming sample', () => {
  it('is about 0.0046 at n = 300 for two digits (above the 0.0022 nonconformity cut)', () => {
    expect(expectedBenfordMad(300, 2)).toBeCloseTo(0.0045811, 6);
    expect(expectedBenfordMad(300, 2, 'exact')).toBeCloseTo(0.0045969, 6);
    expect(madConformity(expectedBenfordMad(300, 2), 2)).toBe('Nonconformity');
    // mpmath exact binomial mean deviations: 0.01356609 (1 digit, n 300), 0.00018443607 (2 digits, n 185083).
    expect(expectedBenfordMad(300, 1, 'exact')).toBeCloseTo(0.0135660912, 9);
    expect(expectedBenfordMad(185083, 2, 'exact')).toBeCloseTo(0.000184436066, 11);
    expect(expectedBenfordMad(185083, 2)).toBeCloseTo(0.000184436502, 11);
  });

  it('shrinks like 1/sqrt(n)', () => {
    expect(expectedBenfordMad(1200, 2) / expectedBenfordMad(300, 2)).toBeCloseTo(0.5, 12);
  });

  it('agrees with simulation: mean MAD of 400 Benford samples of 300 figures', () => {
    const rand = mulberry32(20240611);
    let sum = 0;
    const samples = 400;
    for (let s = 0; s < samples; s++) {
      const xs = Array.from({ length: 300 }, () => 10 ** (1 + rand()));
      sum += benfordTest(xs, { digits: 2 }).mad;
    }
    const simulated = sum / samples;
    expect(Math.abs(simulated / expectedBenfordMad(300, 2, 'exact') - 1)).toBeLessThan(0.03);
    expect(Math.abs(madExcess(simulated, 300, 2, 'exact') - 1)).toBeLessThan(0.03);
  });

  it('exact and normal binomial mean deviations agree when np is large', () => {
    expect(expectedAbsoluteDeviation(0.3, 10000, 'exact')).toBeCloseTo(expectedAbsoluteDeviation(0.3, 10000), 6);
    expect(expectedAbsoluteDeviation(0.5, 2, 'exact')).toBeCloseTo(0.25, 15); // |X/2 - 1/2|: 1/2 w.p. 1/2
  });
});

describe('benfordTest properties', () => {
  const positive = fc.double({ min: 1e-6, max: 1e9, noNaN: true }).filter((x) => x > 0);

  it('MAD lies in [0, 2/bins], counts sum to N and KS D in [0, 1]', () => {
    fc.assert(
      fc.property(fc.array(positive, { minLength: 1, maxLength: 200 }), fc.constantFrom(1 as const, 2 as const), (xs, digits) => {
        const r = benfordTest(xs, { digits });
        const bins = r.bins.length;
        expect(r.mad).toBeGreaterThanOrEqual(0);
        expect(r.mad).toBeLessThanOrEqual(2 / bins + 1e-15);
        expect(r.bins.reduce((s, b) => s + b.observed, 0)).toBe(xs.length);
        expect(r.ks.d).toBeGreaterThanOrEqual(0);
        expect(r.ks.d).toBeLessThanOrEqual(1 + 1e-12);
        expect(r.chiSquare.pValue).toBeGreaterThanOrEqual(0);
        expect(r.chiSquare.pValue).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });

  it('drops zeros, NaN and unparsable strings, and honours sign', () => {
    const r = benfordTest(['12', '-13', '0', '0.00', 'abc', '', '1 2', '0.5'], { digits: 2 });
    expect(r.n).toBe(2);
    expect(Array.from(r.rows.index)).toEqual([0, 7]);
    expect(Array.from(r.rows.leading)).toEqual([12, 50]);
    const neg = benfordTest(['12', '-13', '-0.0071'], { digits: 2, sign: 'negative' });
    expect(Array.from(neg.rows.leading)).toEqual([13, 71]);
    expect(Array.from(neg.rows.value)).toEqual([13, 0.0071]);
    expect(benfordTest([12, -13, Number.NaN, 0], { digits: 1, sign: 'both' }).n).toBe(2);
  });
});
