import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAD_SCALE, median, medianAbsoluteDeviation, robustZScores, scaledMad } from '../../../lib/stats/robust';

describe('median and MAD', () => {
  it('computes median, raw and scaled MAD', () => {
    expect(median([1, 2, 3, 4, 100])).toBe(3);
    expect(median(Float64Array.of(4, 1, 3, 2))).toBe(2.5);
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 100])).toBe(1);
    expect(scaledMad([1, 2, 3, 4, 100])).toBe(1.4826);
    expect(median([])).toBeNaN();
    expect(medianAbsoluteDeviation([])).toBeNaN();
  });

  it('scaled MAD estimates sigma on normal-looking data (Banff C03_c V2 sigma 0.815430)', () => {
    const ratios = [19 / 4, 5 / 14, 19 / 18, 6 / 7, 1, 2 / 5, 8 / 3, 14 / 16, 3 / 2, 2 / 6];
    expect(scaledMad(ratios)).toBeCloseTo(0.81543, 6);
  });
});

describe('robustZScores', () => {
  it('is (x - median) / (1.4826 MAD)', () => {
    const r = robustZScores([1, 2, 3, 4, 100]);
    expect(r.center).toBe(3);
    expect(r.scale).toBe(MAD_SCALE);
    expect(Array.from(r.z)).toEqual([-2, -1, 0, 1, 97].map((d) => d / MAD_SCALE));
  });

  it('falls back to 1.253314 x mean absolute deviation when the MAD is 0', () => {
    const r = robustZScores([5, 5, 5, 5, 5, 6, 100]);
    expect(r.scale).toBeCloseTo(1.253314 * (96 / 7), 12);
    expect(r.z[6]).toBeCloseTo(95 / r.scale, 12);
  });

  it('never divides by zero: constant data uses the floor', () => {
    const r = robustZScores([7, 7, 7]);
    expect(r.scale).toBeCloseTo(7e-9, 20);
    expect(Array.from(r.z)).toEqual([0, 0, 0]);
    expect(robustZScores([7, 7, 8], { minScale: 2 }).scale).toBe(2);
  });

  it('ignores NaN for centre and scale and scores it NaN', () => {
    const r = robustZScores([1, 2, Number.NaN, 3, 4, 100]);
    expect(r.center).toBe(3);
    expect(r.z[2]).toBeNaN();
  });

  it('is location-scale equivariant', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 3, maxLength: 40 }), fc.integer({ min: -50, max: 50 }), (xs, shift) => {
        const a = robustZScores(xs, { minScale: 1e-6 });
        const b = robustZScores(
          xs.map((x) => 4 * x + shift),
          { minScale: 4e-6 },
        );
        b.z.forEach((z, i) => expect(z).toBeCloseTo(a.z[i]!, 9));
      }),
    );
  });
});
