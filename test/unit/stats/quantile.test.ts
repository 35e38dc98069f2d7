import fc from 'fast-check';
import { quantileSorted as ssQuantileSorted } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { quantile, quantiles, quantileSorted, type QuantileType } from '../../../lib/stats/quantile';

const oneToTen = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
// numpy 1.26 percentile(method='weibull' | 'linear') of this sample at 0, 5, 10, 25, 50, 75, 90, 95, 100.
const sample = [3.5, -2, 7, 7, 0, 12.25, -8.5, 1, 1, 1, 4, 100];
const ps = [0, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 1];

describe('quantile type 7 (R default)', () => {
  it('matches R quantile(1:10, c(.1, .25, .5, .9))', () => {
    expect(quantiles(oneToTen, [0.1, 0.25, 0.5, 0.9])).toEqual([1.9, 3.25, 5.5, 9.1].map((v) => expect.closeTo(v, 12)));
  });

  it('matches numpy linear', () => {
    const expected = [-8.5, -4.925, -1.8, 0.75, 2.25, 7, 11.725, 51.7375, 100];
    quantiles(sample, ps, 'type7').forEach((q, i) => expect(q).toBeCloseTo(expected[i]!, 10));
  });

  it('agrees with simple-statistics quantileSorted on ordinary data', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, p) => {
        const sorted = [...xs].sort((a, b) => a - b);
        expect(quantileSorted(sorted, p, 'type7')).toBeCloseTo(ssQuantileSorted(sorted, p), 6);
      }),
    );
  });
});

describe('quantile type 6 (Weibull, Banff)', () => {
  it('matches R quantile(1:10, type = 6) and clamps outside [1/(n+1), n/(n+1)]', () => {
    expect(quantiles(oneToTen, [0.1, 0.25, 0.5, 0.9], 'type6')).toEqual([1.1, 2.75, 5.5, 9.9].map((v) => expect.closeTo(v, 12)));
    expect(quantile(oneToTen, 0.05, 'type6')).toBe(1);
    expect(quantile(oneToTen, 0.95, 'type6')).toBe(10);
  });

  it('matches numpy weibull', () => {
    const expected = [-8.5, -8.5, -6.55, 0.25, 2.25, 7, 73.675, 100, 100];
    quantiles(sample, ps, 'type6').forEach((q, i) => expect(q).toBeCloseTo(expected[i]!, 10));
  });
});

describe('quantile edge cases', () => {
  it('handles empty, single-element, NaN and out-of-range input', () => {
    expect(quantile([], 0.5)).toBeNaN();
    expect(quantile([42], 0.3, 'type6')).toBe(42);
    expect(quantile([42], 0.3, 'type7')).toBe(42);
    expect(() => quantile([1, Number.NaN], 0.5)).toThrow(RangeError);
    expect(() => quantile([1, 2], 1.5)).toThrow(RangeError);
    expect(() => quantile([1, 2], Number.NaN)).toThrow(RangeError);
    expect(quantile([-Number.MAX_VALUE, Number.MAX_VALUE], 0.75)).toBeCloseTo(Number.MAX_VALUE / 2, -300);
  });

  it('does not modify its input and accepts typed arrays', () => {
    const xs = [3, 1, 2];
    expect(quantile(xs, 0.5)).toBe(2);
    expect(xs).toEqual([3, 1, 2]);
    expect(quantile(Float64Array.of(3, 1, 2, 4), 0.5, 'type6')).toBe(2.5);
  });
});

describe('quantile properties', () => {
  const data = fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 60 });
  const type = fc.constantFrom<QuantileType>('type6', 'type7');

  it('is monotone in p and stays within [min, max]', () => {
    fc.assert(
      fc.property(data, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), type, (xs, a, b, t) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const qLo = quantile(xs, lo, t);
        const qHi = quantile(xs, hi, t);
        expect(qLo).toBeLessThanOrEqual(qHi);
        const min = Math.min(...xs);
        const max = Math.max(...xs);
        for (const q of [qLo, qHi]) {
          expect(q).toBeGreaterThanOrEqual(min);
          expect(q).toBeLessThanOrEqual(max);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('returns the minimum at p = 0 and the maximum at p = 1', () => {
    fc.assert(
      fc.property(data, type, (xs, t) => {
        expect(quantile(xs, 0, t)).toBe(Math.min(...xs));
        expect(quantile(xs, 1, t)).toBe(Math.max(...xs));
      }),
    );
  });
});
