import { describe, expect, it } from 'vitest';
import { changeCorrelation, changeSpread, madSigma, medianOf } from '../../../../lib/rules/fabrication/series-tools';
import { changeCorrelationSmall, changeSpreadSmall, madSigmaSmall, sortSmall, sortedMedian } from '../../../../lib/rules/fabrication/small-stats';

/** Deterministic pseudo-random rows with ties, gaps, zeros and the odd overflow. */
function rows(seed: number, count: number, P: number): Float64Array {
  let s = seed >>> 0;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const m = new Float64Array(count * P);
  for (let i = 0; i < m.length; i++) {
    const r = rnd();
    m[i] = r < 0.08 ? Number.NaN : r < 0.1 ? 0 : r < 0.2 ? 1000 : r < 0.22 ? 1e-320 : r < 0.23 ? 1e300 : Math.round(rnd() * 1e5) / 10;
  }
  return m;
}

describe('small-stats agree exactly with series-tools', () => {
  it('sortSmall + sortedMedian = medianOf', () => {
    const m = rows(1, 400, 24);
    const a = new Float64Array(24);
    const b = new Float64Array(24);
    for (let u = 0; u < 400; u++) {
      let n = 0;
      for (let t = 0; t < 24; t++) if (!Number.isNaN(m[u * 24 + t]!)) a[n] = b[n++] = m[u * 24 + t]!;
      sortSmall(b, n);
      expect(Object.is(sortedMedian(b, n), medianOf(a, n))).toBe(true);
      expect(Array.from(b.subarray(0, n))).toEqual(Array.from(a.subarray(0, n)));
    }
  });

  it('madSigmaSmall = madSigma, changeSpreadSmall = changeSpread', () => {
    const m = rows(2, 500, 24);
    const t = rows(3, 500, 24);
    const [b1, w1, b2, w2] = [0, 0, 0, 0].map(() => new Float64Array(24));
    for (let u = 0; u < 500; u++) {
      for (const den of [null, t]) {
        const x = changeSpread(m, den, u * 24, 0, 23, b1!, w1!, 3);
        const y = changeSpreadSmall(m, den, u * 24, 0, 23, b2!, w2!, 3);
        expect(Object.is(x, y)).toBe(true);
      }
      for (let i = 0; i < 17; i++) b1![i] = b2![i] = m[u * 24 + i]! || 0;
      expect(Object.is(madSigma(b1!, 17, w1!), madSigmaSmall(b2!, 17, w2!))).toBe(true);
    }
  });

  it('changeCorrelationSmall = changeCorrelation', () => {
    const a = rows(4, 500, 24);
    const b = rows(5, 500, 24);
    for (let u = 0; u < 500; u++) {
      for (const [t0, t1] of [
        [0, 23],
        [3, 17],
        [10, 12],
      ] as const) {
        expect(Object.is(changeCorrelation(a, b, u * 24, t0, t1, 6), changeCorrelationSmall(a, b, u * 24, t0, t1, 6))).toBe(true);
        expect(Object.is(changeCorrelation(a, a, u * 24, t0, t1, 3), changeCorrelationSmall(a, a, u * 24, t0, t1, 3))).toBe(true);
      }
    }
  });
});
