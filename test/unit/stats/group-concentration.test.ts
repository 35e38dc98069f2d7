import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { log10GroupConcentration } from '../../../lib/stats/group-concentration';

describe('log10GroupConcentration', () => {
  it('finds eight of eight members in one of fifteen equal towns overwhelming, one per town nothing', () => {
    const shares = new Array(15).fill(1 / 15);
    const counts = new Array(15).fill(0);
    counts[3] = 8;
    // 15 · (1/15)^8
    expect(log10GroupConcentration(counts, shares)).toBeCloseTo(Math.log10(15) - 8 * Math.log10(15), 6);
    expect(log10GroupConcentration([1, 1, 1, 1, 0], [0.2, 0.2, 0.2, 0.2, 0.2])).toBe(0);
  });
  it('is no evidence when the population is one group', () => {
    expect(log10GroupConcentration([8], [1])).toBe(0);
  });
  it('is a valid p-value for members drawn at random', () => {
    let s = 11;
    const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const shares = [0.4, 0.3, 0.2, 0.1];
    let hits = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const counts = [0, 0, 0, 0];
      for (let i = 0; i < 6; i++) {
        const x = rand();
        counts[x < 0.4 ? 0 : x < 0.7 ? 1 : x < 0.9 ? 2 : 3]!++;
      }
      if (log10GroupConcentration(counts, shares) <= -2) hits++;
    }
    expect(hits / 3000).toBeLessThanOrEqual(0.01);
  });
  it('never exceeds certainty', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 20 }), { minLength: 1, maxLength: 10 }),
        (counts) =>
          log10GroupConcentration(
            counts,
            counts.map(() => 1 / counts.length),
          ) <= 0,
      ),
    );
  });
});
