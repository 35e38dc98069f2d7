import { describe, expect, it } from 'vitest';
import { empiricalUpper, logProfile, logProfileTail, shareOf } from '../../../lib/stats/peer-evidence';

describe('peer evidence', () => {
  it('smooths a share so that a fact never seen is rare, not impossible', () => {
    expect(shareOf(0, 98)).toBeCloseTo(0.01, 10);
    expect(shareOf(49, 98)).toBeCloseTo(0.5, 10);
    expect(shareOf(3, 0)).toBe(1);
  });

  it('reads a profile on a log scale with a robust scale that the tail units do not widen', () => {
    const honest = Array.from({ length: 40 }, (_, i) => 100 * Math.exp(0.2 * Math.sin(i)));
    const withFrauds = [...honest, 2, 3, 1.5];
    const a = logProfile(honest, 8, 0.05)!;
    const b = logProfile(withFrauds, 8, 0.05)!;
    expect(Math.abs(b.centre - a.centre)).toBeLessThan(0.1);
    expect(b.scale / a.scale).toBeLessThan(1.3);
    expect(logProfile([1, 2, 3], 8, 0.05)).toBeNull();
    // The floor keeps identical peers from making any difference infinitely significant.
    expect(logProfile(new Array(10).fill(5), 8, 0.1)!.scale).toBe(0.1);
  });

  it('gives a one-sided tail toward the direction asked, and nothing for a missing value', () => {
    const peers = { centre: Math.log(100), scale: 0.5, n: 40 };
    const low = logProfileTail(100 * Math.exp(-1.5), peers, -1);
    expect(low.z).toBeCloseTo(3, 10);
    expect(low.log10P).toBeCloseTo(Math.log10(0.0013499), 3);
    expect(logProfileTail(100 * Math.exp(-1.5), peers, 1).log10P).toBeGreaterThan(-0.01);
    expect(logProfileTail(Number.NaN, peers, 1).log10P).toBe(0);
  });

  it('gives the share of values at least as large, never zero', () => {
    expect(empiricalUpper(1, [0, 0.2, 1, 1])).toBe(0.5);
    expect(empiricalUpper(5, [0, 1])).toBe(0.5);
    expect(empiricalUpper(0, [])).toBe(1);
  });
});
