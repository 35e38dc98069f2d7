import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { log10BinomialTail, log10FisherCombined, log10NormalUpper, log10PoissonTail, normalUpper } from '../../../lib/stats/tails';

describe('normal tails', () => {
  it('match published values of Φ', () => {
    expect(normalUpper(0)).toBeCloseTo(0.5, 7);
    expect(normalUpper(1.959964)).toBeCloseTo(0.025, 6);
    expect(normalUpper(3.090232)).toBeCloseTo(0.001, 6);
    // Reference values from the Mills-ratio continued fraction in 60-digit decimal arithmetic.
    expect(log10NormalUpper(5)).toBeCloseTo(-6.542646, 5);
    expect(log10NormalUpper(10)).toBeCloseTo(-23.118053, 5);
    // far below double precision's 1e-308
    expect(log10NormalUpper(40)).toBeCloseTo(-349.437006, 4);
  });
  it('is continuous across the switch to the asymptotic series', () => {
    expect(Math.abs(log10NormalUpper(2.99999) - log10NormalUpper(3.00001))).toBeLessThan(1e-4);
  });
  it('is decreasing in z', () => {
    fc.assert(fc.property(fc.double({ min: -3, max: 60, noNaN: true }), fc.double({ min: 0.01, max: 5, noNaN: true }), (z, d) => log10NormalUpper(z + d) < log10NormalUpper(z)));
  });
});

describe('binomial tail', () => {
  it('matches exact sums', () => {
    // P(X ≥ 3), X ~ Bin(5, 0.5) = 16/32
    expect(10 ** log10BinomialTail(5, 3, 0.5)).toBeCloseTo(0.5, 12);
    // exact rational sum of the terms k = 16…24 (Python fractions): log10 = -20.727347
    expect(log10BinomialTail(24, 16, 0.022)).toBeCloseTo(-20.727347, 5);
    expect(log10BinomialTail(10, 0, 0.3)).toBe(0);
    expect(log10BinomialTail(10, 11, 0.3)).toBe(Number.NEGATIVE_INFINITY);
  });
  it('never exceeds 0 and falls as the count rises', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.integer({ min: 1, max: 80 }), (n, p, c0) => {
        const c = Math.min(n - 1, c0);
        const a = log10BinomialTail(n, c, p);
        const b = log10BinomialTail(n, c + 1, p);
        return a <= 0 && b <= a + 1e-12;
      }),
    );
  });
});

describe('Poisson tail', () => {
  it('matches exact sums', () => {
    // P(X ≥ 1) = 1 − e^{-2}
    expect(10 ** log10PoissonTail(2, 1)).toBeCloseTo(1 - Math.exp(-2), 10);
    // 1 − Σ_{k<10} e^{-1}/k! = 1.1143e-07 (log10 -6.953015)
    expect(log10PoissonTail(1, 10)).toBeCloseTo(-6.953015, 4);
  });
});

describe('Fisher combination', () => {
  it('of one p-value is that p-value', () => {
    expect(log10FisherCombined([-3])).toBeCloseTo(-3, 10);
  });
  it('of two p = 0.05 is 0.0175 (χ²(4) survival of 11.98)', () => {
    expect(10 ** log10FisherCombined([Math.log10(0.05), Math.log10(0.05)])).toBeCloseTo(0.01747, 4);
  });
  it('is at most the smallest p times the count and at least the product', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -30, max: 0, noNaN: true }), { minLength: 1, maxLength: 8 }), (ls) => {
        const c = log10FisherCombined(ls);
        const sum = ls.reduce((a, b) => a + b, 0);
        return c <= 0 && c >= sum - 1e-9;
      }),
    );
  });
});
