import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../../lib/engine/rule';
import { copiedFigures } from '../../../../lib/rules/fabrication/copied-figures';
import { addPeers, addUnit, emptyInput, honestSeries, reviewed, round1, run } from '../../../helpers/fabrication-fixtures';

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
    const ev = f.evidence as { factor: number; months: number; matched_periods: string[]; copier_basis: string; fields: Record<string, { matched: number; months: number }> };
    expect(ev.factor).toBeCloseTo(0.8, 3);
    expect(ev.months).toBe(12);
    expect(ev.matched_periods).toEqual(['2024-01', '2024-12']);
    expect(ev.copier_basis).toMatch(/tax/);
    expect(ev.fields.employees!.matched).toBe(12);
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
});
