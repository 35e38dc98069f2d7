import { describe, expect, it } from 'vitest';
import { empiricalUpper, log10SurprisalSumTail, logProfile, logProfileTail, shareOf, surprisal } from '../../../lib/stats/peer-evidence';

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

describe('surprisal and log10SurprisalSumTail', () => {
  it('weighs a value by the share of the district at least as extreme', () => {
    const v = [0, 0, 0, 0, 0, 0, 1, 1, 2, 4];
    expect(surprisal(0, v)).toBeCloseTo(0, 12);
    expect(surprisal(1, v)).toBeCloseTo(-Math.log10(0.4), 12);
    expect(surprisal(4, v)).toBeCloseTo(1, 12);
    expect(surprisal(1.02, [1.01, 1.02, 1.5, 2, 3], -1)).toBeCloseTo(-Math.log10(0.4), 12);
  });

  it('gives the exact tail of a sum of independent surprisals', () => {
    // Two binary facts, shown by 10 % and 20 % of records: surprisals 1 and 0.699 when shown.
    const a = [...Array(9).fill(0), 1];
    const b = [...Array(8).fill(0), 0.699, 0.699].map((x) => x);
    // Both shown: P = 0.1 · 0.2 = 0.02.
    expect(10 ** log10SurprisalSumTail([a, b], 1.699)).toBeCloseTo(0.02, 6);
    // At least the first one's weight: only records showing the first fact reach it (0.699 < 1).
    expect(10 ** log10SurprisalSumTail([a, b], 1)).toBeCloseTo(0.1, 6);
    // Nothing observed: probability one.
    expect(log10SurprisalSumTail([a, b], 0)).toBe(0);
    // A sum no record can reach.
    expect(log10SurprisalSumTail([a, b], 2)).toBe(Number.NEGATIVE_INFINITY);
  });
});
