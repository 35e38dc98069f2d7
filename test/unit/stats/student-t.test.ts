import { describe, expect, it } from 'vitest';
import { log10StudentUpper } from '../../../lib/stats/student-t';
import { log10NormalUpper } from '../../../lib/stats/tails';

describe('log10StudentUpper', () => {
  it('matches tabulated tails', () => {
    // R: pt(2, 10, lower = FALSE) = 0.03669402; pt(3, 5, lower = FALSE) = 0.01504962; pt(1, 1, lower = FALSE) = 0.25
    expect(10 ** log10StudentUpper(2, 10)).toBeCloseTo(0.03669402, 6);
    expect(10 ** log10StudentUpper(3, 5)).toBeCloseTo(0.01504962, 6);
    expect(10 ** log10StudentUpper(1, 1)).toBeCloseTo(0.25, 6);
    expect(10 ** log10StudentUpper(0, 7)).toBeCloseTo(0.5, 9);
    // Symmetry: P(T ≥ −t) = 1 − P(T ≥ t).
    expect(10 ** log10StudentUpper(-1.5, 20)).toBeCloseTo(1 - 10 ** log10StudentUpper(1.5, 20), 9);
  });

  it('stays finite far in the tail and approaches the normal tail with many degrees of freedom', () => {
    // pt(40, 8, lower = FALSE) = 8.38e-11 (log10 ≈ −10.08)
    expect(log10StudentUpper(40, 8)).toBeCloseTo(Math.log10(8.38e-11), 2);
    expect(Number.isFinite(log10StudentUpper(1e4, 3))).toBe(true);
    expect(log10StudentUpper(5, 1e5)).toBeCloseTo(log10NormalUpper(5), 2);
  });

  it('is heavier than the normal tail and monotone in t', () => {
    let prev = 0;
    for (let t = 0.5; t < 30; t += 0.5) {
      const l = log10StudentUpper(t, 11);
      expect(l).toBeLessThan(prev + 1e-12);
      expect(l).toBeGreaterThan(log10NormalUpper(t));
      prev = l;
    }
  });
});
