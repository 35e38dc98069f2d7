import { describe, expect, it } from 'vitest';
import { log10EmpiricalLower, log10HypergeometricUpper, log10MannWhitneyLower } from '../../../lib/stats/permutation-tails';

const choose = (n: number, k: number): number => (k < 0 || k > n ? 0 : k === 0 ? 1 : (choose(n - 1, k - 1) * n) / k);

describe('permutation tails', () => {
  it('hypergeometric upper tail matches the direct sum', () => {
    // 6 months drawn from 24 of which 6 are marked: all six marked has chance 1 / C(24, 6).
    expect(log10HypergeometricUpper(24, 6, 6, 6)).toBeCloseTo(-Math.log10(choose(24, 6)), 9);
    let s = 0;
    for (let j = 3; j <= 5; j++) s += (choose(5, j) * choose(15, 8 - j)) / choose(20, 8);
    expect(log10HypergeometricUpper(20, 5, 8, 3)).toBeCloseTo(Math.log10(s), 9);
    expect(log10HypergeometricUpper(20, 5, 8, 0)).toBe(0);
    expect(log10HypergeometricUpper(20, 5, 8, 6)).toBe(Number.NEGATIVE_INFINITY);
    // Forced overlap: 18 of 20 drawn with 5 marked always holds ≥ 3.
    expect(log10HypergeometricUpper(20, 5, 18, 3)).toBe(0);
  });

  it('Mann-Whitney exact lower tail: extremes, symmetry and a brute-force count', () => {
    expect(log10MannWhitneyLower(5, 18, 0)).toBeCloseTo(-Math.log10(choose(23, 5)), 9);
    expect(log10MannWhitneyLower(4, 6, 24)).toBe(0);
    // P(U ≤ u) + P(U ≥ u + 1) = 1 and the distribution is symmetric around mn/2.
    const p = 10 ** log10MannWhitneyLower(4, 6, 11);
    const q = 10 ** log10MannWhitneyLower(4, 6, 12);
    expect(p + q).toBeCloseTo(1, 9);
    // Brute force over all C(7, 3) arrangements for m = 3, n = 4.
    let count = 0;
    let total = 0;
    for (let mask = 0; mask < 128; mask++) {
      if (popcount(mask) !== 3) continue;
      total++;
      let u = 0;
      let bs = 0;
      for (let i = 0; i < 7; i++) {
        if (mask & (1 << i)) u += bs;
        else bs++;
      }
      if (u <= 2) count++;
    }
    expect(10 ** log10MannWhitneyLower(3, 4, 2)).toBeCloseTo(count / total, 9);
  });

  it('empirical lower tail never reaches zero and handles empty nulls', () => {
    const null_ = [0.1, 0.2, 0.3, 0.5, 0.9];
    expect(log10EmpiricalLower(null_, -1)).toBeCloseTo(Math.log10(1 / 6), 9);
    expect(log10EmpiricalLower(null_, 0.3)).toBeCloseTo(Math.log10(4 / 6), 9);
    expect(log10EmpiricalLower(null_, 2)).toBe(0);
    expect(log10EmpiricalLower([], 0)).toBe(0);
    expect(log10EmpiricalLower(null_, Number.NaN)).toBe(0);
  });

  it('empirical lower tail with the subject in its own sample counts it once', () => {
    // The subject is 0.1, the lowest of 5: 1 / 5, the same as (1 + 0) / (1 + 4) without it.
    expect(log10EmpiricalLower([0.1, 0.2, 0.3, 0.5, 0.9], 0.1, true)).toBeCloseTo(Math.log10(1 / 5), 9);
    expect(log10EmpiricalLower([0.2, 0.3, 0.5, 0.9], 0.1)).toBeCloseTo(Math.log10(1 / 5), 9);
    expect(log10EmpiricalLower([0.1], 0.1, true)).toBe(0);
  });

  it('Mann-Whitney: a half count from ties rounds up (conservative)', () => {
    expect(log10MannWhitneyLower(3, 4, 2.5)).toBeCloseTo(log10MannWhitneyLower(3, 4, 3), 12);
    expect(log10MannWhitneyLower(3, 4, 2.5)).toBeGreaterThan(log10MannWhitneyLower(3, 4, 2));
  });
});

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}

describe('Mann-Whitney exact tail (property)', () => {
  it('matches the arrangement recursion c(m, n, u) = c(m − 1, n, u − n) + c(m, n − 1, u) for every small size and count', async () => {
    const fc = (await import('fast-check')).default;
    const memo = new Map<string, number>();
    const count = (m: number, n: number, u: number): number => {
      if (u < 0) return 0;
      if (m === 0 || n === 0) return u === 0 ? 1 : 0;
      const k = `${m},${n},${u}`;
      let v = memo.get(k);
      if (v === undefined) memo.set(k, (v = count(m - 1, n, u - n) + count(m, n - 1, u)));
      return v;
    };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.double({ min: 0, max: 1, noNaN: true }), (m, n, f) => {
        const u = Math.floor(f * m * n);
        let s = 0;
        for (let v = 0; v <= u; v++) s += count(m, n, v);
        expect(log10MannWhitneyLower(m, n, u)).toBeCloseTo(Math.min(0, Math.log10(s / choose(m + n, m))), 9);
      }),
    );
  });
});
