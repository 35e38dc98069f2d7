import { describe, expect, it } from 'vitest';
import type { DistrictInput } from '../../../../lib/engine/district-data';
import type { Rule } from '../../../../lib/engine/rule';
import { copiedFigures } from '../../../../lib/rules/fabrication/copied-figures';
import { addPeers, addUnit, emptyInput, honestSeries, PERIODS, reviewed, rng, round1, run } from '../../../helpers/fabrication-fixtures';

const rule = copiedFigures as unknown as Rule;

/** Overwrites a unit's wages and profit month by month (the fixture ties wages to headcount). */
function patch(input: DistrictInput, id: string, f: { wages?: (m: number) => number; profit?: (m: number) => number }): void {
  for (const s of input.submissions) {
    if (s.unit_id !== id) continue;
    const m = PERIODS.indexOf(s.period);
    if (f.wages) s.wages = f.wages(m);
    if (f.profit) s.profit = f.profit(m);
  }
}

/** A unit's own wages and profit: noisy, moving independently of its revenue and headcount. */
function ownFields(seed: number, rev: (m: number) => number) {
  const r = rng(seed);
  const wages = PERIODS.map(() => round1(300 * (1 + r.normal(0.15))));
  const profit = PERIODS.map((_, m) => round1(rev(m) * 0.1 * (1 + r.normal(0.2))));
  return { wages: (m: number) => wages[m]!, profit: (m: number) => profit[m]! };
}

describe('fabricate.copied-figures loose search (copy-shape)', () => {
  it('finds a 9-month copy of every figure by default, which the 12-month exact search cannot see', () => {
    const input = emptyInput();
    addPeers(input, 8);
    const src = honestSeries(81, 4000, 0.08);
    const own = honestSeries(82, 3000, 0.08);
    const heads = (m: number) => 40 + ((m * 7) % 9);
    const sf = ownFields(83, src);
    const of = ownFields(84, own);
    const copied = (m: number) => m >= 3 && m <= 11;
    addUnit(input, { id: 'SRC', revenue: src, employees: heads });
    patch(input, 'SRC', sf);
    addUnit(input, { id: 'COPIER', revenue: (m) => (copied(m) ? src(m) : own(m)), trueRevenue: own, employees: (m) => (copied(m) ? heads(m) : 35) });
    patch(input, 'COPIER', { wages: (m) => (copied(m) ? sf.wages(m) : of.wages(m)), profit: (m) => (copied(m) ? sf.profit(m) : of.profit(m)) });
    const fs = reviewed(run(rule, input));
    expect(fs).toHaveLength(1);
    const ev = fs[0]!.evidence as { months: number; lag_months: number; factor: number; agreeing_fields: string[]; matched_periods: string[] };
    expect(fs[0]!.unit_ids.sort()).toEqual(['COPIER', 'SRC']);
    expect(fs[0]!.subject).toEqual({ kind: 'unit', id: 'COPIER' });
    expect(ev.months).toBeGreaterThanOrEqual(9);
    expect(ev.months).toBeLessThan(12);
    expect(ev.lag_months).toBe(0);
    expect(ev.factor).toBeCloseTo(1, 3);
    expect(ev.agreeing_fields.length).toBeGreaterThanOrEqual(2);
    // Before: the loose search was off by default and the exact search needs 12 months.
    expect(reviewed(run(rule, input, { loose: false }))).toEqual([]);
  });

  it('finds a ±2 % perturbed copy of a source that moves only moderately on its own', () => {
    const input = emptyInput();
    addPeers(input, 8);
    const src = honestSeries(91, 4000, 0.05);
    const heads = (m: number) => 40 + ((m * 7) % 9);
    const sf = ownFields(93, src);
    const jit = (k: number) => PERIODS.map((_, m) => 1 + 0.02 * Math.sin(m * 12.9898 + k));
    const [j1, j2, j3] = [jit(0), jit(1), jit(2)];
    addUnit(input, { id: 'SRC', revenue: src, employees: heads });
    patch(input, 'SRC', sf);
    addUnit(input, { id: 'COPIER', revenue: (m) => round1(src(m) * j1[m]!), trueRevenue: honestSeries(92, 3000, 0.05), employees: heads });
    patch(input, 'COPIER', { wages: (m) => round1(sf.wages(m) * j2[m]!), profit: (m) => round1(sf.profit(m) * j3[m]!) });
    const fs = reviewed(run(rule, input));
    expect(fs).toHaveLength(1);
    const ev = fs[0]!.evidence as { compared_field: string; months: number; source_peer_adjusted_change_spread: number; max_relative_deviation: number };
    expect(fs[0]!.unit_ids.sort()).toEqual(['COPIER', 'SRC']);
    expect(ev.months).toBeGreaterThanOrEqual(20);
    expect(ev.max_relative_deviation).toBeGreaterThan(0.01);
    // The old bar (shape ≥ 2 × the 4.5 % tolerance) would have rejected this source.
    expect(ev.source_peer_adjusted_change_spread).toBeLessThan(0.09);
    expect(reviewed(run(rule, input, { looseShapeRatio: 20 }))).toEqual([]);
  });

  it('finds a partial copy: headcount, wages and profit copied, revenue the unit\'s own', () => {
    const input = emptyInput();
    addPeers(input, 8);
    const src = honestSeries(101, 4000, 0.08);
    const own = honestSeries(102, 2500, 0.08);
    const heads = (m: number) => 40 + ((m * 5) % 7);
    const sf = ownFields(103, src);
    const of = ownFields(104, own);
    const copied = (m: number) => m >= 12;
    addUnit(input, { id: 'SRC', revenue: src, employees: heads });
    patch(input, 'SRC', sf);
    addUnit(input, { id: 'PART', revenue: own, employees: (m) => (copied(m) ? heads(m) : 30) });
    patch(input, 'PART', { wages: (m) => (copied(m) ? sf.wages(m) : of.wages(m)), profit: (m) => (copied(m) ? sf.profit(m) : of.profit(m)) });
    const fs = reviewed(run(rule, input));
    expect(fs).toHaveLength(1);
    const ev = fs[0]!.evidence as { compared_field: string; agreeing_fields: string[]; months: number };
    expect(fs[0]!.unit_ids.sort()).toEqual(['PART', 'SRC']);
    expect(ev.compared_field).toBe('wages');
    expect(ev.agreeing_fields).toContain('profit');
    expect(ev.months).toBeGreaterThanOrEqual(12);
    // Two confirming fields besides wages (the old requirement) are not there: revenue is the unit's own.
    expect(reviewed(run(rule, input, { looseFieldsWages: 2 }))).toEqual([]);
  });

  it('stays silent on look-alikes: one group\'s units with identical headcount and wage rate, and fixed fees', () => {
    const input = emptyInput();
    addPeers(input, 8);
    // Same headcount, same wage per head (identical wage bills), independent revenue and profit.
    const heads = (m: number) => 40 + ((m * 7) % 9);
    for (let i = 0; i < 3; i++) {
      const rev = honestSeries(110 + i, 3000, 0.08);
      addUnit(input, { id: `GROUP${i}`, revenue: rev, employees: heads, legalRep: '李四' });
      patch(input, `GROUP${i}`, { profit: ownFields(120 + i, rev).profit });
    }
    // The same fixed contract income every month, headcount and wages of their own.
    for (let i = 0; i < 2; i++) {
      addUnit(input, { id: `FEE${i}`, revenue: () => 1000, employees: (m) => 20 + ((m * (3 + i)) % 5) });
      patch(input, `FEE${i}`, ownFields(130 + i, () => 1000));
    }
    expect(reviewed(run(rule, input))).toEqual([]);
  });

  it('edge cases: a 7-month copy, and a wages copy confirmed only by headcount, stay silent', () => {
    const input = emptyInput();
    addPeers(input, 8);
    const src = honestSeries(141, 4000, 0.08);
    const own = honestSeries(142, 3000, 0.08);
    const heads = (m: number) => 40 + ((m * 7) % 9);
    const sf = ownFields(143, src);
    const of = ownFields(144, own);
    const copied = (m: number) => m >= 5 && m <= 11;
    addUnit(input, { id: 'SRC', revenue: src, employees: heads });
    patch(input, 'SRC', sf);
    addUnit(input, { id: 'SHORT', revenue: (m) => (copied(m) ? src(m) : own(m)), trueRevenue: own, employees: (m) => (copied(m) ? heads(m) : 35) });
    patch(input, 'SHORT', { wages: (m) => (copied(m) ? sf.wages(m) : of.wages(m)), profit: (m) => (copied(m) ? sf.profit(m) : of.profit(m)) });
    // Wages and headcount follow SRC's; revenue and profit are its own.
    const w = honestSeries(145, 2000, 0.08);
    addUnit(input, { id: 'WAGES', revenue: w, employees: heads });
    patch(input, 'WAGES', { wages: sf.wages, profit: ownFields(146, w).profit });
    expect(reviewed(run(rule, input))).toEqual([]);
    // An 8-month copy of the same figures is found.
    const longer = (m: number) => m >= 4 && m <= 11;
    const input2 = emptyInput();
    addPeers(input2, 8);
    addUnit(input2, { id: 'SRC', revenue: src, employees: heads });
    patch(input2, 'SRC', sf);
    addUnit(input2, { id: 'EIGHT', revenue: (m) => (longer(m) ? src(m) : own(m)), trueRevenue: own, employees: (m) => (longer(m) ? heads(m) : 35) });
    patch(input2, 'EIGHT', { wages: (m) => (longer(m) ? sf.wages(m) : of.wages(m)), profit: (m) => (longer(m) ? sf.profit(m) : of.profit(m)) });
    expect(reviewed(run(rule, input2)).map((f) => f.subject.id)).toEqual(['EIGHT']);
  });
});
