import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../../lib/engine/rule';
import { episodeMembers, synchronisedGrowth } from '../../../../lib/rules/interference/synchronised-growth';
import { addUnit, honestSeries, PERIODS, round1 } from '../../../helpers/fabrication-fixtures';
import { emptyInput, reviewed, run, town } from '../../../helpers/interference-fixtures';

const rule = synchronisedGrowth as unknown as Rule;

function district(mod?: (t: number, i: number) => Partial<Parameters<typeof addUnit>[1]> | null) {
  const input = emptyInput();
  for (let t = 1; t <= 8; t++) {
    for (let i = 0; i < 12; i++) {
      const rev = honestSeries(1000 * t + i, 2000 + 150 * i, 0.07);
      addUnit(input, { id: `T${t}U${i}`, town: town(t), revenue: rev, ...(mod?.(t, i) ?? {}) });
    }
  }
  return input;
}

describe('interfere.synchronised-growth', () => {
  it('flags a town whose units all report the same year-on-year growth while tax disperses', () => {
    const input = district((t, i) => {
      if (t !== 3 || i >= 9) return null;
      const real = honestSeries(1000 * t + i, 2000 + 150 * i, 0.07);
      return { revenue: (m) => (m < 12 ? real(m) : round1(real(m - 12) * 1.1)), trueRevenue: real };
    });
    const fs = run(rule, input);
    expect(fs).toHaveLength(1);
    const f = fs[0]!;
    expect(f.subject).toEqual({ kind: 'town', id: town(3) });
    expect(f.period).toBe('2024-01');
    expect(f.severity).not.toBe('low');
    expect(f.unit_ids).toHaveLength(9);
    const ev = f.evidence as { months: string[]; by_month: { growth: number }[] };
    expect(ev.months.length).toBeGreaterThanOrEqual(10);
    expect(ev.by_month[0]!.growth).toBeCloseTo(0.1, 2);
  });

  it('GIVEN a four-month target and one honest unit landing in the band once THEN names only the synchronised units, as one episode', () => {
    const input = district((t, i) => {
      if (t !== 3 || i > 9) return null;
      const real = honestSeries(1000 * t + i, 2000 + 150 * i, 0.07);
      const synced = i < 9 ? (m: number) => m >= 14 && m <= 17 : (m: number) => m === 15;
      return { revenue: (m) => (synced(m) ? round1(real(m - 12) * 1.1 * (1 + 0.001 * (i % 3))) : real(m)), trueRevenue: real };
    });
    const fs = run(rule, input).filter((f) => f.severity !== 'low');
    expect(fs).toHaveLength(1);
    expect(fs[0]!.unit_ids).toHaveLength(9);
    expect(fs[0]!.unit_ids).not.toContain('T3U9');
    const ev = fs[0]!.evidence as { months: string[]; calibration: { looks: number } };
    expect(ev.months).toEqual(PERIODS.slice(14, 18));
    expect(ev.calibration.looks).toBeGreaterThan(1);
  });

  it('stays silent on a real town-wide shock that tax sees too', () => {
    const input = district((t, i) => {
      if (t !== 5) return null;
      const base = honestSeries(1000 * t + i, 2000 + 150 * i, 0.07);
      const shocked = (m: number) => (m >= 14 && m <= 16 ? round1(base(m) * 0.68) : base(m));
      return { revenue: shocked, trueRevenue: shocked };
    });
    expect(reviewed(run(rule, input))).toEqual([]);
    expect(run(rule, district())).toEqual([]);
  });

  it('stays silent on units whose revenue and tax both grow 10% (an indexed contract: a common cause tax sees)', () => {
    const input = district((t, i) => {
      if (t !== 3 || i >= 9) return null;
      const real = honestSeries(1000 * t + i, 2000 + 150 * i, 0.07);
      const indexed = (m: number) => (m < 12 ? real(m) : round1(real(m - 12) * 1.1));
      return { revenue: indexed, trueRevenue: indexed };
    });
    expect(reviewed(run(rule, input))).toEqual([]);
    // It is the tax test that silences it: without it the band is as strong as a target's.
    expect(reviewed(run(rule, input, { commonCauseP: 0 }))).toHaveLength(1);
  });

  it('names a unit in the band in two of four months when it sits at the centre, not a chance visitor at the band edge', () => {
    // Twenty-four units of the town; 10 synchronised units at the centre every month (closeness
    // 10^-4), unit 10 at the centre in two months only, unit 11 at the edge in two months.
    const month = (t: number, close: Map<number, number>) => ({
      t,
      townUnits: 24,
      synchronised: 11,
      center: 0.1,
      townMedian: 0,
      expectedShare: 0.05,
      log10P: -6,
      taxSpread: 0.2,
      districtTaxSpread: 0.2,
      taxTightLog10P: -0.3,
      cluster: [...close.keys()],
      closeness: close,
    });
    const months = [0, 1, 2, 3].map((k) => {
      const close = new Map<number, number>();
      for (let u = 0; u < 10; u++) close.set(u, -4);
      if (k < 2) close.set(10, -3.3);
      if (k >= 2) close.set(11, Math.log10(0.05));
      return month(12 + k, close);
    });
    const named = episodeMembers(months, 0.05).map((x) => x.u);
    expect(named).toContain(10);
    expect(named).not.toContain(11);
    expect(named).toHaveLength(11);
  });

  it('needs 13 months and enough units', () => {
    const input = emptyInput();
    for (let i = 0; i < 3; i++) addUnit(input, { id: `S${i}`, town: town(1), revenue: (m) => (m < 12 ? 1000 + m : undefined) });
    expect(run(rule, input)).toEqual([]);
    expect(PERIODS).toHaveLength(24);
  });
});
