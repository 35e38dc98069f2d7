import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerBound, matchProbability, upperBound, valueResolution } from '../../../lib/stats/match-probability';

const sorted = (xs: number[]) => Float64Array.from(xs).sort();

describe('valueResolution', () => {
  it('finds the unit the figures are reported in', () => {
    expect(valueResolution([12.3, 45.6, 7])).toBe(0.1);
    expect(valueResolution([12300, 4500, 0, 700])).toBe(100);
    expect(valueResolution([3, 12, 7])).toBe(1);
    expect(valueResolution([0.25, 1.5])).toBe(0.01);
    expect(valueResolution([0, Number.NaN])).toBeNaN();
  });
});

describe('bounds', () => {
  it('agree with a linear count', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 40 }), fc.integer({ min: -22, max: 22 }), (xs, v) => {
        const s = sorted(xs);
        expect(lowerBound(s, 0, s.length, v)).toBe(xs.filter((x) => x < v).length);
        expect(upperBound(s, 0, s.length, v)).toBe(xs.filter((x) => x <= v).length);
      }),
    );
  });
});

describe('matchProbability', () => {
  it('is the share of a value many units report exactly (zeros, placeholders)', () => {
    const s = sorted([...Array(40).fill(0), ...Array.from({ length: 60 }, (_, i) => 10 + i * 3.7)]);
    // 40 of 100 report 0; leaving the pair out, 38 of 98
    expect(matchProbability(s, 0, s.length, 0, 0.05, 50, 2)).toBeCloseTo(38 / 98, 10);
  });
  it('is about the density times the match cell for a continuous figure', () => {
    // 1 000 values evenly spread over [1 000, 2 000): density 1 per unit of value
    const s = sorted(Array.from({ length: 1000 }, (_, i) => 1000 + i + 0.5));
    const p = matchProbability(s, 0, s.length, 1500.3, 0.05, 1500);
    // true chance of landing within ±0.05: 0.1 / 1000
    expect(p).toBeGreaterThan(0.5e-4);
    expect(p).toBeLessThan(2e-4);
  });
  it('stays positive for a value with no neighbour, and a coarser resolution is never rarer', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: -2e4, max: 2e4, noNaN: true }),
        fc.double({ min: 0.001, max: 10, noNaN: true }),
        (xs, x, tol) => {
          const s = sorted(xs);
          const p1 = matchProbability(s, 0, s.length, x, tol, 100);
          const p2 = matchProbability(s, 0, s.length, x, tol * 10, 100);
          expect(p1).toBeGreaterThan(0);
          expect(p1).toBeLessThanOrEqual(1);
          expect(p2).toBeGreaterThanOrEqual(p1 * 0.999999);
        },
      ),
    );
  });
});
