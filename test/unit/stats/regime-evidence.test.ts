import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countRepeats, RepeatHabits, sizeBands, WindowNull } from '../../../lib/stats/regime-evidence';
import { log10BinomialTail } from '../../../lib/stats/tails';

const P = 12;
/** Rows × P months: row r repeats its previous month's figure when pattern(r, t) is true. */
function matrix(rows: number, repeat: (r: number, t: number) => boolean): Float64Array {
  const m = new Float64Array(rows * P);
  for (let r = 0; r < rows; r++) {
    m[r * P] = 10;
    for (let t = 1; t < P; t++) m[r * P + t] = repeat(r, t) ? m[r * P + t - 1]! : m[r * P + t - 1]! + 1;
  }
  return m;
}

describe('countRepeats', () => {
  it('counts exact repeats over positive months, and with `moving` only the months the other record changed', () => {
    const m = Float64Array.from([5, 5, 6, 6, 6, 0, 7, 7]);
    // Pairs 0-1, 1-2, 2-3, 3-4, 6-7 (month 5 is empty); all but 1-2 repeat.
    expect(countRepeats(m, 0, 0, 7)).toEqual({ pairs: 5, repeats: 4 });
    const moving = Float64Array.from([1, 2, 2, 3, 4, 4, 5, 6]);
    // The other record changed into months 1, 3, 4, 6 and 7; 6 has no figure the month before.
    expect(countRepeats(m, 0, 0, 7, moving)).toEqual({ pairs: 4, repeats: 4 });
    expect(countRepeats(m, 0, 2, 4)).toEqual({ pairs: 2, repeats: 2 });
  });
});

describe("RepeatHabits (a mixture of the district's own habits)", () => {
  it('GIVEN peers that never repeat THEN a unit repeating every month is far out; its own habit does not count', () => {
    const rows = 21;
    const m = matrix(rows, (r) => r === 0);
    const h = new RepeatHabits(m, new Int32Array(rows), P);
    const l = h.log10Tail(0, 0, 11, 11);
    // Every other unit has rate (0 + 0.5) / 12, binned to 1/50: about 0.05^11.
    expect(l).toBeCloseTo(log10BinomialTail(11, 11, 0.05), 6);
    expect(l).toBeLessThan(-10);
  });

  it('GIVEN one honest unit in twenty that never updates THEN a unit repeating every month is about 1 in 21 (its share of the habits), not a pooled-rate rarity', () => {
    const rows = 22;
    const m = matrix(rows, (r, t) => r <= 1 || (r > 1 && t % 3 === 0));
    const h = new RepeatHabits(m, new Int32Array(rows), P);
    const l = h.log10Tail(0, 0, 11, 11);
    // The never-updater's rate (11.5 / 12, binned to 0.95) gives 0.95^11; the others next to nothing.
    expect(l).toBeCloseTo(Math.log10(0.95 ** 11 / 21), 3);
    expect(l).toBeGreaterThan(-2);
  });

  it('GIVEN a unit alone in its group or no repeats THEN no evidence', () => {
    const m = matrix(3, () => true);
    const h = new RepeatHabits(m, Int32Array.from([0, 1, 1]), P);
    expect(h.log10Tail(0, 0, 11, 11)).toBe(0);
    expect(h.log10Tail(1, 1, 11, 0)).toBe(0);
  });

  it('the tail is a probability that falls as repeats rise (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2047 }), { minLength: 3, maxLength: 30 }), fc.integer({ min: 1, max: 11 }), fc.integer({ min: 0, max: 10 }), (masks, pairs, k0) => {
        const m = matrix(masks.length, (r, t) => ((masks[r]! >> (t - 1)) & 1) === 1);
        const h = new RepeatHabits(m, new Int32Array(masks.length), P);
        const k = Math.min(k0, pairs - 1);
        const a = h.log10Tail(0, 0, pairs, k);
        const b = h.log10Tail(0, 0, pairs, k + 1);
        expect(a).toBeLessThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(a + 1e-12);
      }),
    );
  });
});

describe('sizeBands', () => {
  it('bands by the first positive headcount, −1 without one', () => {
    const employees = Float64Array.from([0, 3, 3, 0, 0, 0, 1, 0, 0, 40, 40, 40]);
    expect(Array.from(sizeBands({ employees, P: 3, units: [1, 2, 3, 4] }))).toEqual([2, -1, 1, 5]);
  });
});

describe('WindowNull', () => {
  it('ranks a unit within its own group over the same window, counting itself once', () => {
    const value = [5, 1, 2, 3, 4, 100, 200, 300];
    const group = Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1]);
    const calls: number[] = [];
    const w = new WindowNull(
      8,
      (u, t0) => {
        calls.push(t0);
        return value[u]! + t0;
      },
      3000,
      group,
    );
    // Unit 1 is the lowest of its 5: 1 / 5.
    expect(w.lower(0, 1, 1)).toBeCloseTo(Math.log10(1 / 5), 9);
    // Unit 5 in group 1 (not compared with group 0's small values): 1 / 3.
    expect(w.lower(0, 100, 5)).toBeCloseTo(Math.log10(1 / 3), 9);
    expect(w.lower(0, 300, 7)).toBe(0);
    // Cached per window and group.
    const n = calls.length;
    w.lower(0, 2, 2);
    expect(calls.length).toBe(n);
    w.lower(3, 4, 1);
    expect(calls.length).toBe(n + 5);
  });

  it('GIVEN more units than it samples THEN a unit left out of the sample is added to it once', () => {
    const w = new WindowNull(10, (u) => u, 5);
    // Sample: units 0, 2, 4, 6, 8. Unit 1 (not sampled) with value 1: (1 + 1) / (1 + 5).
    expect(w.lower(0, 1, 1)).toBeCloseTo(Math.log10(2 / 6), 9);
    // Unit 2 (sampled) with value 2: 2 / 5.
    expect(w.lower(0, 2, 2)).toBeCloseTo(Math.log10(2 / 5), 9);
  });
});
