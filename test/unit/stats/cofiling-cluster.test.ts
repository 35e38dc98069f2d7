import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { log10SubsetRangeTail, tightestCluster } from '../../../lib/stats/cofiling-cluster';

/** othersBefore / othersUpTo of a filer's m times among `others` other times (all distinct). */
function ranks(filer: number[], other: number[]) {
  const f = [...filer].sort((a, b) => a - b);
  const before = f.map((x) => other.filter((y) => y < x).length);
  const upTo = f.map((x) => other.filter((y) => y <= x).length);
  return { before, upTo, m: f.length, others: other.length };
}

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('log10SubsetRangeTail', () => {
  it('is the exact range tail of two uniforms bounded by k·r^(k−1)', () => {
    // P(|U1 − U2| ≤ r) = 2r − r²; the bound is 2r.
    expect(10 ** log10SubsetRangeTail(2, 2, 0.1)).toBeCloseTo(0.2, 12);
    expect(log10SubsetRangeTail(5, 1, 0.1)).toBe(0);
    expect(log10SubsetRangeTail(5, 3, 1)).toBe(0);
    expect(log10SubsetRangeTail(5, 3, 0)).toBe(Number.NEGATIVE_INFINITY);
  });
  it('grows with the width and falls with the cluster size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.double({ min: 1e-6, max: 0.5, noNaN: true }), (m, r) => {
        for (let k = 2; k < m; k++) if (log10SubsetRangeTail(m, k, r) > log10SubsetRangeTail(m, k, Math.min(1, r * 1.5)) + 1e-12) return false;
        return log10SubsetRangeTail(m, m, r) <= log10SubsetRangeTail(m, m, r * 1.1) + 1e-12;
      }),
    );
  });
});

describe('tightestCluster', () => {
  it('finds eleven filings minutes apart among a district spread over days as overwhelming', () => {
    const rand = lcg(7);
    const other = Array.from({ length: 500 }, () => rand() * 8 * 24 * 60);
    const filer = Array.from({ length: 11 }, (_, i) => 3000 + 4 * i + 0.5);
    const r = ranks(filer, other);
    const c = tightestCluster(r.before, r.upTo, r.m, r.others);
    expect(c.size).toBe(11);
    expect(c.log10P).toBeLessThan(-15);
  });
  it('is a valid p-value: independent filers fall below p = 0.05 at most 5 % of the time', () => {
    const rand = lcg(42);
    let hits = 0;
    const trials = 2000;
    for (let trial = 0; trial < trials; trial++) {
      const other = Array.from({ length: 200 }, () => rand());
      const m = 2 + Math.floor(rand() * 6);
      const r = ranks(
        Array.from({ length: m }, () => rand()),
        other,
      );
      if (tightestCluster(r.before, r.upTo, r.m, r.others).log10P <= Math.log10(0.05)) hits++;
    }
    expect(hits / trials).toBeLessThanOrEqual(0.05);
  });
  it('never claims more than certainty and needs two filings', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 50 }), (filer, other) => {
        const r = ranks(filer, other);
        const c = tightestCluster(r.before, r.upTo, r.m, r.others);
        return c.log10P <= 0 && (filer.length > 1 || c.log10P === 0) && c.width > 0;
      }),
    );
  });
  it('picks exactly the cluster of a scan over every pair of filings, ties included', () => {
    // The scan the size-by-size search replaced: the first pair (by first, then last filing) of the least tail.
    const pairScan = (before: number[], upTo: number[], m: number, others: number) => {
      let best = { from: 0, to: 0, size: 1, width: 1, log10P: 0 };
      for (let i = 0; i < m; i++)
        for (let j = i + 1; j < m; j++) {
          const width = Math.min(1, (upTo[j]! - before[i]! + 1) / (others + 1));
          const lp = log10SubsetRangeTail(m, j - i + 1, width);
          if (lp < best.log10P) best = { from: i, to: j, size: j - i + 1, width, log10P: lp };
        }
      if (m >= 2) best.log10P = Math.min(0, best.log10P + Math.log10(m - 1));
      return best;
    };
    // Coarse times: many filings share a minute with each other and with other units.
    const times = fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 40 });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 25 }), times, (filer, other) => {
        const r = ranks(filer, other);
        expect(tightestCluster(r.before, r.upTo, r.m, r.others)).toEqual(pairScan(r.before, r.upTo, r.m, r.others));
      }),
      { numRuns: 3000 },
    );
  });
});
