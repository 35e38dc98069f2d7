import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calmAt, lateCalmSegment, lateMarkedSegment } from '../../../lib/stats/late-regime';
import { log10HypergeometricUpper, log10MannWhitneyLower } from '../../../lib/stats/permutation-tails';
import { log10BinomialTail } from '../../../lib/stats/tails';

/** Deterministic uniform numbers (LCG). */
function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
}

const marksOf = (bits: number[]) => Uint8Array.from(bits);

describe('lateMarkedSegment', () => {
  it('GIVEN no marks THEN nothing; GIVEN marks through the whole series THEN start 0 with no switch evidence', () => {
    expect(lateMarkedSegment(marksOf(new Array(24).fill(0)), 24, 0.1, 6, -2)).toBeNull();
    const all = lateMarkedSegment(marksOf(new Array(24).fill(1)), 24, 0.1, 6, -2)!;
    expect(all.start).toBe(0);
    expect(all.marked).toBe(24);
    expect(all.log10Switch).toBe(0);
    expect(all.log10Level).toBeCloseTo(-24, 6);
    // Starts 0 and 3..18 are tried.
    expect(all.looks).toBe(1 + (24 - 6 - 3 + 1));
  });

  it('GIVEN round figures from month 8 on THEN the segment starts there with level and switch tails', () => {
    const bits = new Array(24).fill(0).map((_, i) => (i >= 8 ? 1 : 0));
    bits[2] = 1;
    const s = lateMarkedSegment(marksOf(bits), 24, 0.1, 6, -2)!;
    expect(s.start).toBe(8);
    expect(s.marked).toBe(16);
    expect(s.log10Level).toBeCloseTo(log10BinomialTail(16, 16, 0.1), 9);
    expect(s.log10Switch).toBeCloseTo(log10HypergeometricUpper(24, 17, 16, 16), 9);
  });

  it('GIVEN too few marks for the gate THEN nothing', () => {
    const bits = new Array(24).fill(0);
    bits[5] = bits[17] = 1;
    expect(lateMarkedSegment(marksOf(bits), 24, 0.1, 6, -3)).toBeNull();
  });

  it('the segment counts the marks it spans and its tails are probabilities (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 6, maxLength: 36 }), fc.double({ min: 0.01, max: 0.5, noNaN: true }), (bits, base) => {
        const s = lateMarkedSegment(marksOf(bits), bits.length, base, 6, 0);
        if (!s) return;
        expect(s.marked).toBe(bits.slice(s.start).reduce((a, b) => a + b, 0));
        expect(s.months).toBe(bits.length - s.start);
        expect(s.log10Level).toBeLessThanOrEqual(0);
        expect(s.log10Switch).toBeLessThanOrEqual(0);
        if (s.start === 0) expect(s.log10Switch).toBe(0);
      }),
    );
  });

  it('GIVEN honest figures (marks at the base rate) THEN level after the looks reaches 1e-2 in at most ~1% of series', () => {
    const r = lcg(11);
    const n = 24;
    let alarms = 0;
    const runs = 3000;
    for (let k = 0; k < runs; k++) {
      const m = new Uint8Array(n);
      for (let i = 0; i < n; i++) m[i] = r() < 0.1 ? 1 : 0;
      const s = lateMarkedSegment(m, n, 0.1, 6, -2);
      if (s && s.log10Level + Math.log10(s.looks) <= -2) alarms++;
    }
    expect(alarms / runs).toBeLessThanOrEqual(0.012);
  });
});

describe('lateCalmSegment and calmAt', () => {
  it('GIVEN large changes then small ones THEN the calm starts at the switch with a small exact tail', () => {
    const abs = Float64Array.from([...Array.from({ length: 10 }, (_, i) => 0.1 + 0.01 * i), ...Array.from({ length: 12 }, (_, i) => 0.001 * (i + 1))]);
    const c = lateCalmSegment(abs, abs.length, 5)!;
    expect(c.start).toBe(10);
    expect(c.inside).toBe(12);
    expect(c.before).toBe(10);
    expect(c.log10P).toBeCloseTo(log10MannWhitneyLower(12, 10, 0), 9);
    expect(calmAt(abs, abs.length, 10)).toBeCloseTo(c.log10P, 9);
    expect(c.looks).toBe(22 - 5 - 4 + 1);
  });

  it('GIVEN too short a series THEN nothing; calmAt outside the series is 0', () => {
    expect(lateCalmSegment(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 8, 5)).toBeNull();
    const abs = Float64Array.from([1, 2, 3]);
    expect(calmAt(abs, 3, 0)).toBe(0);
    expect(calmAt(abs, 3, 3)).toBe(0);
  });

  it('ties count half and the tail stays a probability (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 10, maxLength: 30 }), (xs) => {
        const abs = Float64Array.from(xs);
        const c = lateCalmSegment(abs, abs.length, 5);
        if (!c) return;
        expect(c.log10P).toBeLessThanOrEqual(0);
        expect(c.inside + c.before).toBe(abs.length);
        expect(calmAt(abs, abs.length, c.start)).toBeCloseTo(c.log10P, 9);
      }),
    );
  });

  it('GIVEN exchangeable changes THEN the chosen calm, after its looks, reaches 1e-2 in at most ~1% of series', () => {
    const r = lcg(5);
    let alarms = 0;
    const runs = 1500;
    for (let k = 0; k < runs; k++) {
      const abs = Float64Array.from({ length: 23 }, () => -Math.log(r()));
      const c = lateCalmSegment(abs, 23, 5)!;
      if (c.log10P + Math.log10(c.looks) <= -2) alarms++;
    }
    expect(alarms / runs).toBeLessThanOrEqual(0.012);
  });
});
