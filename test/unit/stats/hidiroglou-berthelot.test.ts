/**
 * HB outlier method: univOutl readme figures on RiceFarms and StatCan Banff test_outlierC03
 * (shared/reference/README.md §2), plus invariance properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HB_FLAG, HB_FLAG_LABELS, hbBanff, hbStatus, hbUnivOutl, hidiroglouBerthelot } from '../../../lib/stats/hidiroglou-berthelot';
import { sigmaGapRatio } from '../../../lib/stats/sigma-gap';
import { readCsv } from './reference';

const rice = readCsv('hb/rice_farms.csv').map((r) => r.map(Number));
const riceIds = rice.map((r) => r[0]!);
const y5 = Float64Array.from(rice, (r) => r[1]!);
const y6 = Float64Array.from(rice, (r) => r[2]!);
const publishedOutliers = [18, 21, 22, 24, 25, 26, 37, 39, 69, 77, 79, 82, 90, 93, 99, 101, 102, 103, 108, 110, 116, 129, 134, 138, 145, 168];

describe('univOutl HBmethod(yt1 = y5, yt2 = y6) on RiceFarms', () => {
  const hb = hbUnivOutl(riceIds, y5, y6);

  it('reproduces bounds.E low -44.10808, up 44.39336 (type 7 quartiles)', () => {
    expect(hb.n).toBe(171);
    expect(hb.medianRatio).toBe(0.875);
    expect(hb.quartiles.q1).toBeCloseTo(-11.027021, 6);
    expect(hb.quartiles.median).toBe(0);
    expect(hb.quartiles.q3).toBeCloseTo(11.09834, 6);
    expect(hb.bounds.imputeLow).toBeCloseTo(-44.10808, 5);
    expect(hb.bounds.imputeHigh).toBeCloseTo(44.39336, 5);
  });

  it('finds 22 left-tail and 4 right-tail outliers with the published ids', () => {
    expect(hb.flaggedIds).toEqual(publishedOutliers);
    const labels = Array.from(hb.flaggedIndex, (i) => HB_FLAG_LABELS[hb.flag[i]!]);
    expect(labels.filter((l) => l === 'ODIL')).toHaveLength(22);
    expect(labels.filter((l) => l === 'ODIR')).toHaveLength(4);
    expect(Array.from(hb.flag).filter((f) => f === HB_FLAG.ok)).toHaveLength(171 - 26);
  });

  it('reproduces the published rows for ids 18, 21, 22, 24, 25, 26', () => {
    const row = (id: number) => {
      const i = riceIds.indexOf(id);
      return { yt1: y5[i], yt2: y6[i], ratio: hb.ratio[i]!, sizeU: Math.sqrt(Math.max(y5[i]!, y6[i]!)), E: hb.effect[i]! };
    };
    const r18 = row(18);
    expect([r18.yt1, r18.yt2]).toEqual([2200, 600]);
    expect(r18.ratio).toBeCloseTo(0.2727273, 7);
    expect(r18.sizeU).toBeCloseTo(46.90416, 5);
    expect(r18.E).toBeCloseTo(-103.58001, 5);
    const published: Array<[number, number, number, number]> = [
      [21, 0.4444444, 60, -58.125],
      [22, 0.4, 54.77226, -65.04205],
      [24, 0.1842105, 75.49834, -283.11879],
      [25, 0.2839296, 132.70268, -276.25379],
      [26, 0.5333333, 94.86833, -60.77502],
    ];
    for (const [id, ratio, sizeU, E] of published) {
      const r = row(id);
      expect(r.ratio, `ratio ${id}`).toBeCloseTo(ratio, 7);
      expect(r.sizeU, `sizeU ${id}`).toBeCloseTo(sizeU, 5);
      expect(r.E, `E ${id}`).toBeCloseTo(E, 5);
    }
  });

  it('with type 6 quantiles gives bounds (-44.31523, 45.06122) and the same outliers', () => {
    const hb6 = hbUnivOutl(riceIds, y5, y6, { quantileType: 'type6' });
    expect(hb6.bounds.imputeLow).toBeCloseTo(-44.31523, 5);
    expect(hb6.bounds.imputeHigh).toBeCloseTo(45.06122, 5);
    expect(hb6.flaggedIds).toEqual(publishedOutliers);
  });
});

describe('Banff outlier(method = "H"), test_outlierC03', () => {
  const rows = readCsv('hb/banff_outlier_c03.csv');
  const ids = rows.map((r) => r[0]!);
  const col = (j: number) => Float64Array.from(rows, (r) => Number(r[j]));
  const [v1Cur, v2Cur, v1Hist, v2Hist] = [col(2), col(3), col(4), col(5)];
  const round9 = (x: number) => Math.round(x * 1e9) / 1e9;
  const flagged = (r: ReturnType<typeof hbBanff<string>>) => Array.from(r.flaggedIndex, (i) => [ids[i], HB_FLAG_LABELS[r.flag[i]!], hbStatus(r.flag[i]!), round9(r.effect[i]!)]);

  const v1 = hbBanff(ids, v1Cur, v1Hist, { mii: 3, mei: 2 });
  const v2 = hbBanff(ids, v2Cur, v2Hist, { mii: 3, mei: 2 });

  it('C03_a: V1 bounds and flags (type 6 percentiles)', () => {
    expect(v1.medianRatio).toBeCloseTo(15 / 14, 14);
    expect(round9(v1.bounds.imputeLow)).toBe(-2.754166667);
    expect(round9(v1.bounds.excludeLow)).toBe(-1.836904762);
    expect(round9(v1.bounds.excludeHigh)).toBe(2.809047619);
    expect(round9(v1.bounds.imputeHigh)).toBe(4.214761905);
    expect(flagged(v1)).toEqual([
      ['R01', 'ODIL', 'FTI', -4.089285714],
      ['R07', 'ODEL', 'FTE', -1.857142857],
    ]);
  });

  it('C03_a: V2 bounds and flags; nothing else is flagged', () => {
    expect(v2.medianRatio).toBe(0.9375);
    expect(round9(v2.bounds.imputeLow)).toBe(-4.237425595);
    expect(round9(v2.bounds.excludeLow)).toBe(-2.825744048);
    expect(round9(v2.bounds.excludeHigh)).toBe(1.824603175);
    expect(round9(v2.bounds.imputeHigh)).toBe(2.738095238);
    expect(flagged(v2)).toEqual([
      ['R01', 'ODIR', 'FTI', 4.066666667],
      ['R07', 'ODER', 'FTE', 1.844444444],
    ]);
    expect(v1.flaggedIds.length + v2.flaggedIds.length).toBe(4);
  });

  it('C03_a: intermediate quartiles of E match the recomputation', () => {
    expect(v1.quartiles.q1).toBeCloseTo(-0.9196428571, 10);
    expect(v1.quartiles.median).toBeCloseTo(-0.0023809524, 10);
    expect(v1.quartiles.q3).toBeCloseTo(1.4033333333, 10);
    expect(v2.quartiles.q1).toBeCloseTo(-1.4140625, 10);
    expect(v2.quartiles.q3).toBeCloseTo(0.9111111111, 10);
  });

  it('with R type 7 quantiles R07 V1 would become FTI: the quantile type matters', () => {
    const t7 = hidiroglouBerthelot(ids, v1Hist, v1Cur, { exponent: 0, minDistance: 0.05, impute: 3, exclude: 2, quantileType: 'type7', minObs: 10 });
    expect(t7.bounds.imputeLow).toBeCloseTo(-1.4595, 4);
    expect(t7.bounds.imputeHigh).toBeCloseTo(3.0714, 4);
    expect(hbStatus(t7.flag[ids.indexOf('R07')]!)).toBe('FTI');
  });

  it('C03_b: V1 against V2 and V2 against V1 (no historical file) gives the same result', () => {
    const b1 = hbBanff(ids, v1Cur, v2Cur, { mii: 3, mei: 2 });
    const b2 = hbBanff(ids, v2Cur, v1Cur, { mii: 3, mei: 2 });
    expect(flagged(b1)).toEqual(flagged(v1));
    expect(flagged(b2)).toEqual(flagged(v2));
    expect(b1.bounds).toEqual(v1.bounds);
    expect(b2.bounds).toEqual(v2.bounds);
  });

  it('C03_c: sigma-gap (beta_i 1.5, beta_e 0.5) flags only V2: R07 FTE gap 1.1666666667, R01 FTI gap 2.0833333333', () => {
    const sg2 = sigmaGapRatio(ids, v2Cur, v2Hist, { betaI: 1.5, betaE: 0.5 });
    expect(sg2.sigma).toBeCloseTo(0.81543, 6);
    expect(sg2.impSigmaGap).toBeCloseTo(1.223145, 6);
    expect(sg2.exclSigmaGap).toBeCloseTo(0.407715, 6);
    expect(round9(sg2.bounds.excludeHigh)).toBe(1.166666667);
    expect(round9(sg2.bounds.imputeHigh)).toBe(2.083333333);
    expect(sg2.bounds.imputeLow).toBeNaN();
    expect(sg2.bounds.excludeLow).toBeNaN();
    const out = sg2.flaggedIds.map((id) => {
      const i = ids.indexOf(id);
      return [id, HB_FLAG_LABELS[sg2.flag[i]!], round9(sg2.gap[i]!)];
    });
    expect(out).toEqual([
      ['R01', 'ODIR', 2.083333333],
      ['R07', 'ODER', 1.166666667],
    ]);
    const sg1 = sigmaGapRatio(ids, v1Cur, v1Hist, { betaI: 1.5, betaE: 0.5 });
    expect(sg1.sigma).toBeCloseTo(0.816312, 6);
    expect(sg1.flaggedIds).toEqual([]);
  });
});

describe('HB edge cases', () => {
  it('excludes records with x1 <= 0, x2 <= 0 or NaN from the statistics', () => {
    const base = hbUnivOutl(riceIds, y5, y6);
    const ids = [...riceIds, 901, 902, 903, 904];
    const x1 = Float64Array.from([...y5, 0, -5, Number.NaN, 100]);
    const x2 = Float64Array.from([...y6, 100, 100, 100, Number.POSITIVE_INFINITY]);
    const hb = hbUnivOutl(ids, x1, x2);
    expect(hb.n).toBe(171);
    expect(Array.from(hb.flag.slice(171)).map((f) => HB_FLAG_LABELS[f])).toEqual(['excluded', 'excluded', 'excluded', 'excluded']);
    expect(Array.from(hb.effect.slice(171)).every(Number.isNaN)).toBe(true);
    expect(hb.bounds).toEqual(base.bounds);
    expect(hb.flaggedIds).toEqual(publishedOutliers);
  });

  it('flags nothing and reports NaN bounds below minObs', () => {
    const hb = hbBanff(['a', 'b', 'c'], [1, 2, 30], [1, 2, 3]);
    expect(hb.enoughObs).toBe(false);
    expect(hb.flaggedIds).toEqual([]);
    expect(hb.bounds.imputeLow).toBeNaN();
  });

  it('honours side and asymmetric multipliers', () => {
    const left = hbUnivOutl(riceIds, y5, y6, { C: [4, 1e9] });
    expect(left.flaggedIds).toHaveLength(22);
    const rightOnly = hidiroglouBerthelot(riceIds, y5, y6, { side: 'right' });
    expect(rightOnly.flaggedIds).toHaveLength(4);
    expect(() => hbUnivOutl([1], [1, 2], [1, 2])).toThrow(RangeError);
  });
});

describe('HB properties', () => {
  const records = fc.array(fc.tuple(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 })), { minLength: 10, maxLength: 80 });

  it('U = 0: flags, ratios and bounds are invariant when both periods are scaled by the same factor', () => {
    fc.assert(
      fc.property(records, fc.integer({ min: 2, max: 1_000_000 }), fc.constantFrom<'type6' | 'type7'>('type6', 'type7'), (rows, c, quantileType) => {
        const ids = rows.map((_, i) => i);
        const x1 = rows.map((r) => r[0]);
        const x2 = rows.map((r) => r[1]);
        const opts = { exponent: 0, exclude: 2, impute: 3, quantileType } as const;
        const a = hidiroglouBerthelot(ids, x1, x2, opts);
        const b = hidiroglouBerthelot(
          ids,
          x1.map((v) => v * c),
          x2.map((v) => v * c),
          opts,
        );
        expect(b.flag).toEqual(a.flag);
        expect(b.ratio).toEqual(a.ratio);
        expect(b.bounds).toEqual(a.bounds);
      }),
      { numRuns: 300 },
    );
  });

  it('U = 0.5: scaling by 4^k scales every effect and bound by 2^k and keeps the flags', () => {
    fc.assert(
      fc.property(records, fc.integer({ min: -20, max: 20 }), (rows, k) => {
        const ids = rows.map((_, i) => i);
        const x1 = rows.map((r) => r[0]);
        const x2 = rows.map((r) => r[1]);
        const a = hbUnivOutl(ids, x1, x2);
        const b = hbUnivOutl(
          ids,
          x1.map((v) => v * 4 ** k),
          x2.map((v) => v * 4 ** k),
        );
        expect(b.flag).toEqual(a.flag);
        expect(b.effect).toEqual(a.effect.map((e) => e * 2 ** k));
        expect(b.bounds.imputeLow).toBe(a.bounds.imputeLow * 2 ** k);
      }),
      { numRuns: 300 },
    );
  });

  it('flags are exactly the effects outside the bounds', () => {
    fc.assert(
      fc.property(records, (rows) => {
        const hb = hbUnivOutl(
          rows.map((_, i) => i),
          rows.map((r) => r[0]),
          rows.map((r) => r[1]),
        );
        hb.effect.forEach((e, i) => {
          const outside = e < hb.bounds.imputeLow || e > hb.bounds.imputeHigh;
          expect(hb.flag[i] !== HB_FLAG.ok).toBe(outside);
        });
      }),
      { numRuns: 200 },
    );
  });
});
