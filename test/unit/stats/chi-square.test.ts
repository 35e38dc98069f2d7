import fc from 'fast-check';
import { chiSquaredDistributionTable } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { chiSquareGoodnessOfFit, chiSquareSurvival } from '../../../lib/stats/chi-square';
import { regularizedGammaP, regularizedGammaQ } from '../../../lib/stats/incomplete-gamma';

/** |a/b − 1|, or |a − b| when b = 0. */
function relErr(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : Math.abs(a / b - 1);
}

describe('chi-square upper tail against mpmath (40 digits)', () => {
  // The reference values keep mpmath's digits beyond double precision on purpose: they are the source.
  /* eslint-disable no-loss-of-precision */
  // [df, x, Q(df/2, x/2)] computed with mpmath 1.3.0 gammainc(df/2, x/2, inf, regularized=True).
  const cases: Array<[number, number, number]> = [
    [1, 0.5, 0.47950012218695346232],
    [1, 3.841458820694124, 0.050000000000000057435],
    [2, 10, 0.0067379469990854670966],
    [3, 0.1, 0.99183742373187647779],
    [10, 5, 0.89117801891415124235],
    [10, 30, 0.00085664121077530039211],
    [89, 89, 0.48006297779218125019],
    [89, 107.9391, 0.083959171026548524878],
    [89, 112.022, 0.049999905425663910908],
    [89, 60, 0.99216864996519524943],
    [89, 400, 5.4957430789351090816e-41],
    [89, 1000, 4.9631111452625476808e-154],
    [8, 15.5, 0.050122054532665224503],
    [9, 100, 1.5735176303753944211e-17],
    [899, 950, 0.11577410308821860208],
    [899, 700, 0.99999980760689989744],
    [0.5, 0.001, 0.83504024923158716309],
    [200, 2000, 6.0358275296312782307e-294],
  ];
  /* eslint-enable no-loss-of-precision */
  it.each(cases)('df = %d, x = %d', (df, x, expected) => {
    expect(relErr(chiSquareSurvival(x, df), expected)).toBeLessThan(1e-12);
  });

  it('underflows to 0 for the corporate_payment statistic (32100.9, df 89) instead of going negative', () => {
    expect(chiSquareSurvival(32100.901094, 89)).toBe(0);
  });
});

describe('regularised incomplete gamma identities', () => {
  it('P + Q = 1 and df = 2 is exp(-x/2)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 500, noNaN: true }), fc.double({ min: 0, max: 1500, noNaN: true }), (a, x) => {
        expect(regularizedGammaP(a, x) + regularizedGammaQ(a, x)).toBeCloseTo(1, 12);
        expect(relErr(chiSquareSurvival(2 * x, 2), Math.exp(-x))).toBeLessThan(1e-12);
      }),
      { numRuns: 500 },
    );
  });

  it('is decreasing in x', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 900 }), fc.double({ min: 0, max: 2000, noNaN: true }), fc.double({ min: 0, max: 2000, noNaN: true }), (df, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(chiSquareSurvival(hi, df)).toBeLessThanOrEqual(chiSquareSurvival(lo, df) + 1e-15);
      }),
      { numRuns: 500 },
    );
  });

  it('handles the boundaries', () => {
    expect(regularizedGammaQ(3, 0)).toBe(1);
    expect(regularizedGammaQ(3, -1)).toBe(1);
    expect(regularizedGammaQ(3, Number.POSITIVE_INFINITY)).toBe(0);
    expect(regularizedGammaP(3, 0)).toBe(0);
    expect(regularizedGammaQ(0, 1)).toBeNaN();
    expect(regularizedGammaQ(2, Number.NaN)).toBeNaN();
    expect(chiSquareSurvival(1, 0)).toBeNaN();
  });
});

describe('consistency with simple-statistics chiSquaredDistributionTable (2-decimal critical values)', () => {
  it('every tabulated critical value has the tabulated upper-tail probability', () => {
    // The textbook table is rounded to 2 decimals, and 9 of its 388 informative entries are
    // rounded the wrong way (e.g. df 6, p 0.1: 10.65 for 10.6446; scipy agrees with us), so:
    // all entries within ±0.01 of the exact critical value, ≥ 97% within the rounding ±0.005.
    let checked = 0;
    let withinRounding = 0;
    for (const [dfKey, row] of Object.entries(chiSquaredDistributionTable)) {
      const df = Number(dfKey);
      for (const [pKey, x] of Object.entries(row as unknown as Record<string, number>)) {
        if (x < 0.5) continue; // rounded to 0.00/0.01: no information left
        const p = Number(pKey);
        expect(chiSquareSurvival(x + 0.01, df), `df ${df}, p ${p}`).toBeLessThanOrEqual(p);
        expect(chiSquareSurvival(x - 0.01, df), `df ${df}, p ${p}`).toBeGreaterThanOrEqual(p);
        if (chiSquareSurvival(x + 0.005, df) <= p && chiSquareSurvival(x - 0.005, df) >= p) withinRounding++;
        checked++;
      }
    }
    expect(checked).toBe(388);
    expect(withinRounding).toBe(379);
  });
});

describe('chiSquareGoodnessOfFit', () => {
  it('computes the Pearson statistic with df = bins - 1', () => {
    const r = chiSquareGoodnessOfFit([10, 20, 30], [20, 20, 20]);
    expect(r.statistic).toBe(10);
    expect(r.df).toBe(2);
    expect(r.pValue).toBeCloseTo(Math.exp(-5), 15);
    expect(() => chiSquareGoodnessOfFit([1], [1, 2])).toThrow(RangeError);
  });
});
