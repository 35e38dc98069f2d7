import { describe, expect, it } from 'vitest';
import { logRatioExcess, logRatioNull } from '../../../lib/stats/log-ratio-null';

describe('logRatioNull / logRatioExcess', () => {
  const peers = [0.02, -0.03, 0.05, 0.0, -0.01, 0.04, -0.05, 0.01, 0.03, -0.02, 2.5]; // one lifted peer

  it('takes a robust centre and spread, ignoring a lifted peer and non-finite values', () => {
    const n = logRatioNull([...peers, Number.NaN, Number.POSITIVE_INFINITY], 0.001)!;
    expect(n.n).toBe(11);
    expect(n.centre).toBeCloseTo(0.01, 9);
    expect(n.sigma).toBeGreaterThan(0.02);
    expect(n.sigma).toBeLessThan(0.06);
    expect(n.predictive).toBeCloseTo(n.sigma * Math.sqrt(1 + 1 / 11), 12);
  });

  it('floors the spread of a group that shares one ratio, and needs enough peers', () => {
    expect(logRatioNull([0, 0, 0, 0, 0, 0], 0.03)!.sigma).toBe(0.03);
    expect(logRatioNull([0, 0.1, 0.2], 0.03, 5)).toBeNull();
  });

  it('gives a tail that falls with the excess and is heavier for fewer peers', () => {
    const big = logRatioNull(
      Array.from({ length: 200 }, (_, i) => Math.sin(i) * 0.05),
      0.01,
    )!;
    const small = logRatioNull(
      Array.from({ length: 8 }, (_, i) => Math.sin(i) * 0.05),
      0.01,
    )!;
    const a = logRatioExcess(big.centre + 0.2, big);
    const b = logRatioExcess(big.centre + 0.4, big);
    expect(b.log10P).toBeLessThan(a.log10P);
    expect(a.z).toBeGreaterThan(3);
    const s = logRatioExcess(small.centre + 4 * small.predictive, small);
    const l = logRatioExcess(big.centre + 4 * big.predictive, big);
    expect(s.log10P).toBeGreaterThan(l.log10P);
    expect(logRatioExcess(big.centre - 0.3, big).log10P).toBeGreaterThan(-0.01);
  });
});
