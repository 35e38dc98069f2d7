import { describe, expect, it } from 'vitest';
import { smallMedian } from '../../../../lib/rules/fabrication/copy-median';
import { medianOf } from '../../../../lib/rules/fabrication/series-tools';

describe('smallMedian (copy searches)', () => {
  it('returns exactly what medianOf returns and leaves the prefix sorted the same way', () => {
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    const specials = [0, 1, -1, 1e308, -1e308, Infinity, -Infinity, 0.1, 0.2, 0.30000000000000004];
    for (let trial = 0; trial < 5000; trial++) {
      const n = 1 + Math.floor(rnd() * 30);
      const a = new Float64Array(n + 3);
      for (let i = 0; i < a.length; i++) {
        const r = rnd();
        // Ties, extremes and ordinary values.
        a[i] = r < 0.2 ? specials[Math.floor(rnd() * specials.length)]! : r < 0.4 ? Math.round(rnd() * 4) / 4 : (rnd() - 0.5) * 10 ** Math.floor(rnd() * 8 - 4);
      }
      const b = a.slice();
      const got = smallMedian(a, n);
      const want = medianOf(b, n);
      expect(Object.is(got, want)).toBe(true);
      expect(Array.from(a.subarray(0, n))).toEqual(Array.from(b.subarray(0, n)));
      // Beyond n: untouched.
      expect(Array.from(a.subarray(n))).toEqual(Array.from(b.subarray(n)));
    }
  });

  it('agrees with medianOf when the buffer holds NaN, and is NaN for an empty prefix', () => {
    const a = Float64Array.from([3, Number.NaN, 1, 2]);
    expect(smallMedian(a.slice(), 4)).toEqual(medianOf(a.slice(), 4));
    expect(smallMedian(new Float64Array(2), 0)).toBeNaN();
  });
});
