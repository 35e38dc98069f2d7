import { describe, expect, it } from 'vitest';
import { scaledMad } from '../../../lib/stats/robust';
import { log10SubsetSpreadAtMost, robustSpread } from '../../../lib/stats/subset-spread';

function pool(n: number, seed = 7): number[] {
  let s = seed;
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return Array.from({ length: n }, () => (rand() + rand() + rand() - 1.5) * 0.3);
}

describe('log10SubsetSpreadAtMost', () => {
  it('agrees with scaledMad on the spread itself', () => {
    const v = pool(11);
    expect(robustSpread(v)).toBeCloseTo(scaledMad(v), 12);
    expect(robustSpread([])).toBeNaN();
  });

  it('finds ten identical values far tighter than ten drawn from a dispersed pool, and a typical draw unremarkable', () => {
    const p = pool(400);
    expect(log10SubsetSpreadAtMost(p, 10, 0, 399)).toBeCloseTo(Math.log10(1 / 400), 6);
    expect(log10SubsetSpreadAtMost(p, 10, robustSpread(p), 399)).toBeGreaterThan(-0.5);
  });

  it('is a valid p-value for groups drawn from the pool (rejects about as often as its level)', () => {
    const p = pool(300, 3);
    let s = 99;
    const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    let below = 0;
    const trials = 200;
    for (let i = 0; i < trials; i++) {
      const g = Array.from({ length: 8 }, () => p[Math.floor(rand() * p.length)]!);
      if (log10SubsetSpreadAtMost(p, 8, robustSpread(g), 199, i + 1) <= Math.log10(0.1)) below++;
    }
    expect(below / trials).toBeLessThan(0.18);
  });

  it('is deterministic and no evidence for k < 2 or a pool smaller than k (edge)', () => {
    const p = pool(50);
    expect(log10SubsetSpreadAtMost(p, 6, 0.05, 99, 5)).toBe(log10SubsetSpreadAtMost(p, 6, 0.05, 99, 5));
    expect(log10SubsetSpreadAtMost(p, 1, 0)).toBe(0);
    expect(log10SubsetSpreadAtMost(p.slice(0, 3), 6, 0)).toBe(0);
    expect(log10SubsetSpreadAtMost(p, 6, Number.NaN)).toBe(0);
  });
});
