import { describe, expect, it } from 'vitest';
import { lastDigitTest, roundNumberShare } from '../../../lib/stats/benford';
import { mulberry32, readColumn } from './reference';

describe('lastDigitTest', () => {
  it('is exactly uniform for 10..109 and strongly non-uniform for heaped figures', () => {
    const uniform = lastDigitTest(Array.from({ length: 100 }, (_, i) => String(10 + i)));
    expect(uniform.n).toBe(100);
    expect(Array.from(uniform.observed)).toEqual(new Array(10).fill(10));
    expect(uniform.statistic).toBe(0);
    expect(uniform.pValue).toBe(1);
    expect(uniform.mad).toBe(0);
    const heaped = lastDigitTest(Array.from({ length: 100 }, (_, i) => String((i + 1) * 50)));
    expect(heaped.df).toBe(9);
    expect(heaped.observed[0]).toBe(100);
    expect(heaped.statistic).toBeCloseTo(900, 10);
    expect(heaped.pValue).toBeLessThan(1e-100);
  });

  it('skips values whose integer part is too short and reads cents only in "written" mode', () => {
    const r = lastDigitTest(['7', '12.34', '0.5', 'x', '-25'], { digits: 1 });
    expect(r.n).toBe(2);
    expect(r.observed[2]).toBe(1);
    expect(r.observed[5]).toBe(1);
    const w = lastDigitTest(['7', '12.34', '0.50', 'x', '0'], { digits: 2, part: 'written' });
    expect(w.n).toBe(3);
    expect(w.observed[34]).toBe(1);
    expect(w.observed[50]).toBe(1);
    expect(w.observed[7]).toBe(1);
    expect(w.df).toBe(99);
  });

  it('accepts a uniform simulated sample (p > 0.001)', () => {
    const rand = mulberry32(7);
    const xs = Array.from({ length: 5000 }, () => 100 + Math.floor(rand() * 100000));
    expect(lastDigitTest(xs).pValue).toBeGreaterThan(0.001);
  });

  it('flags the whole-dollar heaping of corporate_payment cents', () => {
    const amounts = readColumn('benford/corporate_payment.csv', 3);
    const cents = lastDigitTest(amounts, { digits: 2, part: 'written' });
    expect(cents.pValue).toBe(0);
    expect(cents.observed[0]).toBeGreaterThan(cents.n / 10);
  });
});

describe('roundNumberShare', () => {
  it('counts multiples of 10^k among nonzero values', () => {
    const r = roundNumberShare(['100', '150', '1000.00', '12.5', '0', 'junk', '-300'], 2);
    expect(r).toEqual({ n: 5, count: 3, share: 0.6 });
    expect(roundNumberShare(['12.50', '12.55', '13'], -1)).toEqual({ n: 3, count: 2, share: 2 / 3 });
    expect(roundNumberShare([], 1).share).toBeNaN();
  });
});
