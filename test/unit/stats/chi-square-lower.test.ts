import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { log10ChiSquareLower } from '../../../lib/stats/chi-square-lower';
import { regularizedGammaP } from '../../../lib/stats/incomplete-gamma';

describe('log10ChiSquareLower', () => {
  it('matches closed forms', () => {
    // df = 2: P(χ² ≤ x) = 1 − e^(−x/2)
    expect(10 ** log10ChiSquareLower(2, 1)).toBeCloseTo(1 - Math.exp(-0.5), 12);
    expect(10 ** log10ChiSquareLower(2, 10)).toBeCloseTo(1 - Math.exp(-5), 12);
    // df = 2, tiny x: log10(1 − e^(−x/2)) ≈ log10(x/2)
    expect(log10ChiSquareLower(2, 2e-100)).toBeCloseTo(-100, 8);
  });
  it('agrees with the regularised gamma where that does not underflow, and rises with x', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0.01, max: 80, noNaN: true }), (df, x) => {
        const p = regularizedGammaP(df / 2, x / 2);
        expect(log10ChiSquareLower(df, x)).toBeCloseTo(Math.log10(p), 8);
        expect(log10ChiSquareLower(df, x * 1.1)).toBeGreaterThanOrEqual(log10ChiSquareLower(df, x));
      }),
    );
  });
  it('handles the edges', () => {
    expect(log10ChiSquareLower(4, 0)).toBe(Number.NEGATIVE_INFINITY);
    expect(log10ChiSquareLower(4, Number.POSITIVE_INFINITY)).toBe(0);
  });
});
