import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../../lib/engine/rule';
import { copiedFigures } from '../../../../lib/rules/fabrication/copied-figures';
import { addPeers, addUnit, emptyInput, honestSeries, PERIODS, reviewed, round1, run } from '../../../helpers/fabrication-fixtures';

const rule = copiedFigures as unknown as Rule;

describe('fabricate.copied-figures', () => {
  it('finds a 12-month proportional copy and names the copier from its own tax records', () => {
    const input = emptyInput();
    addPeers(input, 8);
    const src = honestSeries(11, 4000, 0.06);
    const own = honestSeries(12, 3300, 0.06);
    const heads = (m: number) => 50 + (m % 4);
    addUnit(input, { id: 'SRC', revenue: src, employees: heads });
    // The copier reports its own figures in 2023, then 0.8 × the source's in 2024; tax sees its own business.
    addUnit(input, { id: 'COPIER', revenue: (m) => (m < 12 ? own(m) : round1(src(m) * 0.8)), trueRevenue: own, employees: (m) => (m < 12 ? 41 : Math.round(heads(m) * 0.8)) });
    const fs = run(rule, input);
    expect(fs).toHaveLength(1);
    const f = fs[0]!;
    expect(f.subject).toEqual({ kind: 'unit', id: 'COPIER' });
    expect(f.unit_ids.sort()).toEqual(['COPIER', 'SRC']);
    expect(f.period).toBe('2024-01');
    expect(f.severity).toBe('high');
    const ev = f.evidence as { factor: number; months: number; matched_periods: string[]; copier_basis: string; agreeing_fields: string[]; calibration: { false_alarm_rate: number } };
    expect(ev.factor).toBeCloseTo(0.8, 3);
    expect(ev.months).toBe(12);
    expect(ev.matched_periods).toEqual(['2024-01', '2024-12']);
    expect(ev.copier_basis).toMatch(/tax/);
    expect(ev.agreeing_fields).toContain('employees');
    expect(ev.calibration.false_alarm_rate).toBeLessThan(1e-3);
  });

  it('ignores look-alikes: same seasonality but independent noise, and flat identical series', () => {
    const input = emptyInput();
    addUnit(input, { id: 'A', revenue: honestSeries(21, 3000, 0.02) });
    addUnit(input, { id: 'B', revenue: honestSeries(22, 3000, 0.02) });
    addUnit(input, { id: 'FLAT1', revenue: () => 1000 });
    addUnit(input, { id: 'FLAT2', revenue: () => 1000 });
    expect(reviewed(run(rule, input))).toEqual([]);
    expect(run(rule, input)).toEqual([]);
  });

  it('skips missing months inside the window, and rejects copies shorter than the minimum', () => {
    const input = emptyInput();
    const src = honestSeries(31, 2500, 0.07);
    addUnit(input, { id: 'S', revenue: src });
    addUnit(input, { id: 'C', revenue: (m) => (m === 15 ? undefined : src(m)), trueRevenue: honestSeries(32, 2500, 0.07) });
    const fs = run(rule, input);
    expect(fs).toHaveLength(1);
    expect((fs[0]!.evidence as { months: number }).months).toBe(23);
    const short = emptyInput();
    addUnit(short, { id: 'S', revenue: src });
    const other = honestSeries(33, 2500, 0.07);
    addUnit(short, { id: 'C', revenue: (m) => (m >= 14 ? src(m) : other(m)) });
    expect(run(rule, short)).toEqual([]);
  });

  it('finds a perturbed copy (each month within ±3 %) from the shape of revenue, headcount and wages', () => {
    const input = emptyInput();
    addPeers(input, 8);
    const src = honestSeries(41, 4000, 0.1);
    const heads = (m: number) => 40 + ((m * 7) % 9);
    addUnit(input, { id: 'SRC', revenue: src, employees: heads });
    const jit = PERIODS.map((_, m) => 1 + 0.03 * Math.sin(m * 12.9898));
    addUnit(input, { id: 'COPIER', revenue: (m) => round1(src(m) * jit[m]!), trueRevenue: honestSeries(42, 3000, 0.1), employees: heads });
    const fs = reviewed(run(rule, input, { loose: true }));
    expect(fs).toHaveLength(1);
    const ev = fs[0]!.evidence as { lag_months: number; months: number; agreeing_fields: string[]; max_relative_deviation: number };
    expect(fs[0]!.unit_ids.sort()).toEqual(['COPIER', 'SRC']);
    expect(fs[0]!.subject).toEqual({ kind: 'unit', id: 'COPIER' });
    expect(ev.lag_months).toBe(0);
    expect(ev.months).toBeGreaterThanOrEqual(8);
    expect(ev.agreeing_fields).toEqual(expect.arrayContaining(['employees', 'wages']));
    expect(ev.max_relative_deviation).toBeGreaterThan(0.005);
    expect(fs[0]!.summary_zh).toMatch(/倍/);
    // The exact search alone does not see it.
    expect(reviewed(run(rule, input, { loose: false }))).toEqual([]);
  });

  it('finds a copy filed one month late at 1.3 ×, and names the late unit as the copier', () => {
    const input = emptyInput();
    addPeers(input, 8);
    const src = honestSeries(51, 4000, 0.1);
    const own = honestSeries(52, 5000, 0.1);
    const heads = (m: number) => 40 + ((m * 5) % 7);
    addUnit(input, { id: 'SRC', revenue: src, employees: heads });
    addUnit(input, { id: 'LATE', revenue: (m) => (m >= 1 ? round1(src(m - 1) * 1.3) : own(m)), trueRevenue: own, employees: (m) => (m >= 1 ? Math.round(heads(m - 1) * 1.3) : 60) });
    const fs = reviewed(run(rule, input, { loose: true }));
    expect(fs).toHaveLength(1);
    const ev = fs[0]!.evidence as { lag_months: number; factor: number; copier: string };
    expect(ev.copier).toBe('LATE');
    expect(ev.lag_months).toBe(1);
    expect(ev.factor).toBeCloseTo(1.3, 2);
  });

  it('stays silent on chain stores and seasonal peers: shared seasonality and shocks, independent figures', () => {
    const input = emptyInput();
    addPeers(input, 8, { category: 'retail', industry: '5212' });
    const shock = PERIODS.map((_, m) => 1 + 0.15 * Math.sin(m * 1.7));
    for (let i = 0; i < 5; i++) {
      const own = honestSeries(60 + i, 3000, 0.03);
      addUnit(input, { id: `CHAIN${i}`, category: 'retail', industry: '5212', revenue: (m) => round1(own(m) * shock[m]!), employees: (m) => 30 + (m % 5 === 0 ? 1 : 0), legalRep: '张三' });
    }
    expect(reviewed(run(rule, input, { loose: true }))).toEqual([]);
  });

  it('edge cases: a perturbed copy of a flat series, and a perturbed copy shorter than the minimum, stay silent', () => {
    const input = emptyInput();
    addPeers(input, 8);
    const jit = PERIODS.map((_, m) => 1 + 0.03 * Math.sin(m * 12.9898));
    addUnit(input, { id: 'FEE', revenue: () => 1000, employees: (m) => 40 + ((m * 7) % 9) });
    addUnit(input, { id: 'FEECOPY', revenue: (m) => round1(1000 * jit[m]!), employees: (m) => 40 + ((m * 7) % 9) });
    const src = honestSeries(71, 4000, 0.1);
    const other = honestSeries(72, 4000, 0.1);
    const heads = (m: number) => 40 + ((m * 7) % 9);
    addUnit(input, { id: 'S', revenue: src, employees: heads });
    addUnit(input, { id: 'C', revenue: (m) => (m >= 18 ? round1(src(m) * jit[m]!) : other(m)), employees: (m) => (m >= 18 ? heads(m) : 35) });
    expect(reviewed(run(rule, input, { loose: true }))).toEqual([]);
  });
});
