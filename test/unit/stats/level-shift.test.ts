import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignLateDeclarations, calibrateMax, poolShifts, studentToNormal } from '../../../lib/stats/level-shift';
import { normalUpper } from '../../../lib/stats/tails';

describe('studentToNormal', () => {
  it('matches the t distribution at published quantiles and tends to the identity', () => {
    // t(10) upper 0.001 quantile 4.144 → z 3.090; t(5) upper 0.01 quantile 3.365 → z 2.326.
    expect(studentToNormal(4.144, 10)).toBeCloseTo(3.09, 1);
    expect(studentToNormal(3.365, 5)).toBeCloseTo(2.326, 1);
    expect(studentToNormal(3, 1e6)).toBeCloseTo(3, 3);
    expect(studentToNormal(-2, 8)).toBeCloseTo(-studentToNormal(2, 8), 12);
    expect(studentToNormal(2, 0)).toBeNaN();
  });
  it('never exceeds |t| and is increasing in t (a few months cannot pass for a normal deviate)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        fc.double({ min: 1, max: 200, noNaN: true }),
        (t, d, df) => studentToNormal(t, df) <= t + 1e-9 && studentToNormal(t + d, df) > studentToNormal(t, df),
      ),
    );
  });
});

describe('poolShifts', () => {
  it('pools by inverse variance and measures disagreement', () => {
    const p = poolShifts([0.2, 0.2], [0.05, 0.1], [4, 2])!;
    expect(p.shift).toBeCloseTo(0.2, 12);
    expect(p.q).toBeCloseTo(0, 12);
    expect(p.se).toBeCloseTo(1 / Math.sqrt(400 + 100), 12);
    expect(poolShifts([0.3, 0], [0.05, 0.05], [6, 0])!.q).toBeGreaterThan(3.84);
    expect(poolShifts([0.1], [Number.NaN], [1])).toBeNull();
  });
  it('lies between the sources and is at least as significant as the better one when they agree exactly', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (a, b, s1, s2) => {
          const p = poolShifts([a, b], [s1, s2], [a / s1, b / s2])!;
          const same = poolShifts([a, a], [s1, s2], [a / s1, a / s2])!;
          return p.shift >= Math.min(a, b) - 1e-9 && p.shift <= Math.max(a, b) + 1e-9 && Math.abs(same.z) >= Math.max(Math.abs(a / s1), Math.abs(a / s2)) - 1e-9;
        },
      ),
    );
  });
});

describe('calibrateMax', () => {
  /** Deterministic normal deviates (Box–Muller on a linear congruential stream). */
  function normals(n: number, seed: number): Float64Array {
    let s = seed;
    const u = () => ((s = (s * 1103515245 + 12345) % 2147483648) + 1) / 2147483649;
    return Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
  }
  it('recovers the looks of a maximum of L independent two-sided normal deviates, with scale 1', () => {
    const L = 10;
    const n = 4000;
    const z = normals(n * L, 7);
    const m = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let k = 0; k < L; k++) m[i] = Math.max(m[i]!, Math.abs(z[i * L + k]!));
    const c = calibrateMax(m, n, 1e6);
    expect(c.scale).toBeLessThan(1.15);
    expect(c.looks).toBeGreaterThan(0.6 * 2 * L);
    expect(c.looks).toBeLessThan(1.6 * 2 * L);
  });
  it('widens the scale when the honest statistic is heavier-tailed, and falls back to Bonferroni on few units', () => {
    const n = 4000;
    const z = normals(n, 11);
    const heavy = Float64Array.from(z, (v, i) => Math.abs(v) * (i % 2 ? 2 : 1));
    expect(calibrateMax(heavy, n, 1e6).scale).toBeGreaterThan(1.2);
    expect(calibrateMax(new Float64Array(50).fill(1), 50, 600)).toMatchObject({ looks: 600, scale: 1 });
  });
  it('keeps the implied false-alarm rate at the median near one half', () => {
    const n = 1000;
    const m = Float64Array.from(normals(n, 3), Math.abs);
    const c = calibrateMax(Float64Array.from(m), n, 1e6);
    const rate = c.looks * normalUpper(c.q50 / c.scale);
    expect(rate).toBeGreaterThan(0.4);
    expect(rate).toBeLessThan(1);
  });
});

describe('alignLateDeclarations', () => {
  // Revenue and tax of 24 months at a ratio of 1.05 with a small deterministic wobble.
  const rev = Array.from({ length: 24 }, (_, t) => 1000 * (1 + 0.1 * Math.sin(t)));
  const honestTax = rev.map((r, t) => (r / 1.05) * (1 + 0.03 * Math.cos(2.3 * t)));
  const ratio = (num: number[], den: number[]) => Float64Array.from(num, (r, t) => Math.log(r / den[t]!));

  it("reads a sale declared a month late as one month at the pair's pooled ratio", () => {
    const tax = honestTax.slice();
    const moved = tax[8]! * 0.4;
    tax[8] = tax[8]! - moved;
    tax[9] = tax[9]! + moved;
    const x = ratio(rev, tax);
    expect(alignLateDeclarations(x, rev, tax, 1, 2.5, 0.03)).toBe(1);
    expect(x[8]).toBeCloseTo(Math.log((rev[8]! + rev[9]!) / (tax[8]! + tax[9]!)), 12);
    expect(x[9]).toBeNaN();
    // Every other month untouched.
    const plain = ratio(rev, tax);
    for (let t = 0; t < 24; t++) if (t !== 8 && t !== 9) expect(x[t]).toBe(plain[t]);
  });

  it('never touches a level shift, the month it starts, or an honest series', () => {
    // Revenue marked up ×1.3 from month 12: the ratio steps, neighbours on the two sides disagree.
    const up = rev.map((r, t) => (t >= 12 ? r * 1.3 : r));
    const x = ratio(up, honestTax);
    const before = Float64Array.from(x);
    expect(alignLateDeclarations(x, up, honestTax, 1, 2.5, 0.03)).toBe(0);
    expect(Array.from(x)).toEqual(Array.from(before));
    const h = ratio(rev, honestTax);
    expect(alignLateDeclarations(h, rev, honestTax, 1, 2.5, 0.03)).toBe(0);
    // A single wild month (no opposite partner) is not a dipole either.
    const wild = honestTax.slice();
    wild[5] = wild[5]! * 0.6;
    expect(alignLateDeclarations(ratio(rev, wild), rev, wild, 1, 2.5, 0.03)).toBe(0);
  });

  it('works on quarters kept at quarter-end months (step 3) and does nothing on too short a series', () => {
    const n = 24;
    const q = new Float64Array(n).fill(Number.NaN);
    const num = new Float64Array(n);
    const den = new Float64Array(n);
    for (let t = 2; t < n; t += 3) {
      num[t] = 3000 * (1 + 0.05 * Math.sin(t));
      den[t] = (num[t]! / 1.05) * (1 + 0.02 * Math.cos(t));
    }
    // A sale of the third quarter declared in the fourth.
    const moved = den[8]! * 0.3;
    den[8] = den[8]! - moved;
    den[11] = den[11]! + moved;
    for (let t = 2; t < n; t += 3) q[t] = Math.log(num[t]! / den[t]!);
    expect(alignLateDeclarations(q, num, den, 3, 2.5, 0.03)).toBe(1);
    expect(q[8]).toBeCloseTo(Math.log((num[8]! + num[11]!) / (den[8]! + den[11]!)), 12);
    expect(q[11]).toBeNaN();
    const short = Float64Array.from([0.1, 0.5, -0.3]);
    expect(alignLateDeclarations(short, [1, 1, 1], [1, 1, 1], 1, 2.5, 0.03)).toBe(0);
  });
});
