import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fisherExact, hypergeometric, stratifiedExactTest, type Table2x2 } from '../../../lib/stats/exact-stratified';
import { benjaminiHochberg } from '../../../lib/stats/multiple-testing';

const close = (a: number, b: number, rel = 1e-9) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(Math.abs(b), 1e-300));

describe('exact conditional test of 2×2 tables', () => {
  // scipy 1.17.1 stats.fisher_exact
  it("matches Fisher's exact test (Wikipedia's dieting example and another table)", () => {
    const diet = fisherExact({ a: 1, b: 9, c: 11, d: 3 });
    close(diet.pTwoSided, 0.0027594561852200836);
    close(diet.pLess, 0.0013797280926100418);
    close(diet.pGreater, 0.9999663480953022);
    const other = fisherExact({ a: 12, b: 3, c: 20, d: 40 });
    close(other.pGreater, 0.001368863108062454);
    close(other.pTwoSided, 0.002535373892722485);
    expect(other.oddsRatio).toBeCloseTo(8, 12);
  });

  // Reference: the convolution of scipy.stats.hypergeom pmfs (numpy.convolve), same tables.
  it.each([
    [
      [
        [8, 2, 10, 20],
        [3, 5, 4, 30],
        [6, 1, 5, 5],
      ],
      0.0008691569262910255,
      0.9998691570820961,
      0.001604664812063832,
    ],
    [
      [
        [2, 3, 1, 4],
        [5, 5, 2, 8],
      ],
      0.1266124871001032,
      0.9728457172342622,
      0.2532249742002064,
    ],
    [
      [
        [15, 5, 30, 50],
        [2, 8, 10, 40],
      ],
      0.009216370313901398,
      0.9972991036359132,
      0.01599365925785122,
    ],
  ])('stratified: %j', (cells, greater, less, two) => {
    const r = stratifiedExactTest(cells.map(([a, b, c, d]) => ({ a: a!, b: b!, c: c!, d: d! })));
    close(r.pGreater, greater, 1e-8);
    close(r.pLess, less, 1e-8);
    close(r.pTwoSided, two, 1e-8);
  });

  it('computes expectation, variance and the Mantel–Haenszel odds ratio', () => {
    const r = stratifiedExactTest([
      { a: 8, b: 2, c: 10, d: 20 },
      { a: 3, b: 5, c: 4, d: 30 },
    ]);
    expect(r.observed).toBe(11);
    close(r.expected, (10 * 18) / 40 + (8 * 7) / 42);
    close(r.oddsRatio!, ((8 * 20) / 40 + (3 * 30) / 42) / ((2 * 10) / 40 + (5 * 4) / 42));
    expect(r.strata).toBe(2);
    expect(stratifiedExactTest([{ a: 0, b: 0, c: 0, d: 0 }]).strata).toBe(0);
  });

  it('hypergeometric probabilities sum to 1 over the support', () => {
    const h = hypergeometric(50, 20, 12);
    expect(h.lo).toBe(0);
    expect(h.probs).toHaveLength(13);
    close(
      h.probs.reduce((s, p) => s + p, 0),
      1,
      1e-12,
    );
  });

  it('refuses negative or fractional cells', () => {
    expect(() => fisherExact({ a: -1, b: 1, c: 1, d: 1 })).toThrow(RangeError);
    expect(() => fisherExact({ a: 0.5, b: 1, c: 1, d: 1 })).toThrow(RangeError);
  });
});

const cell = fc.integer({ min: 0, max: 25 });
const table = fc.record({ a: cell, b: cell, c: cell, d: cell });
const tables = fc.array(table, { minLength: 1, maxLength: 4 });
const swapRows = (t: Table2x2): Table2x2 => ({ a: t.c, b: t.d, c: t.a, d: t.b });
const swapCols = (t: Table2x2): Table2x2 => ({ a: t.b, b: t.a, c: t.d, d: t.c });

describe('properties of the exact stratified test', () => {
  it('p-values lie in [0, 1]; the tails cover everything at least once; two-sided ≥ the smaller tail', () => {
    fc.assert(
      fc.property(tables, (ts) => {
        const r = stratifiedExactTest(ts);
        for (const p of [r.pGreater, r.pLess, r.pTwoSided]) expect(p >= 0 && p <= 1).toBe(true);
        expect(r.pGreater + r.pLess).toBeGreaterThanOrEqual(1 - 1e-9);
        // The distribution is log-concave (unimodal), so the tail away from the mode lies wholly in the two-sided sum.
        expect(r.pTwoSided).toBeGreaterThanOrEqual(Math.min(r.pGreater, r.pLess) - 1e-9);
      }),
    );
  });

  it('is symmetric: swapping group and rest, or event and non-event, swaps the tails and keeps the two-sided p', () => {
    fc.assert(
      fc.property(tables, (ts) => {
        const r = stratifiedExactTest(ts);
        for (const swapped of [stratifiedExactTest(ts.map(swapRows)), stratifiedExactTest(ts.map(swapCols))]) {
          expect(swapped.pGreater).toBeCloseTo(r.pLess, 9);
          expect(swapped.pLess).toBeCloseTo(r.pGreater, 9);
          expect(swapped.pTwoSided).toBeCloseTo(r.pTwoSided, 9);
        }
      }),
    );
  });

  it('is monotone: one more event in the group (margins kept) never raises P(more events)', () => {
    fc.assert(
      fc.property(tables, fc.nat(), (ts, pick) => {
        const i = pick % ts.length;
        const t = ts[i]!;
        fc.pre(t.b > 0 && t.c > 0);
        const shifted = ts.map((x, j) => (j === i ? { a: x.a + 1, b: x.b - 1, c: x.c - 1, d: x.d + 1 } : x));
        expect(stratifiedExactTest(shifted).pGreater).toBeLessThanOrEqual(stratifiedExactTest(ts).pGreater + 1e-12);
        expect(stratifiedExactTest(shifted).pLess).toBeGreaterThanOrEqual(stratifiedExactTest(ts).pLess - 1e-12);
      }),
    );
  });

  it('does not depend on the order of the strata', () => {
    fc.assert(
      fc.property(tables, (ts) => {
        expect(stratifiedExactTest([...ts].reverse()).pGreater).toBeCloseTo(stratifiedExactTest(ts).pGreater, 12);
      }),
    );
  });
});

describe('Benjamini–Hochberg', () => {
  it('matches R p.adjust(method = "BH")', () => {
    // p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.5), "BH") = 0.025 0.05 0.05 0.025 0.5
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.5]);
    [0.025, 0.05, 0.05, 0.025, 0.5].forEach((v, i) => expect(q[i]).toBeCloseTo(v, 12));
    expect(benjaminiHochberg([])).toEqual([]);
  });

  it('gives q ≥ p, q ≤ 1, and keeps the order of the p-values', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 }), (ps) => {
        const q = benjaminiHochberg(ps);
        ps.forEach((p, i) => {
          expect(q[i]!).toBeGreaterThanOrEqual(p - 1e-15);
          expect(q[i]!).toBeLessThanOrEqual(1);
          ps.forEach((p2, j) => {
            if (p < p2) expect(q[i]!).toBeLessThanOrEqual(q[j]! + 1e-15);
          });
        });
      }),
    );
  });
});
