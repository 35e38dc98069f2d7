import { describe, expect, it } from 'vitest';
import type { DistrictInput } from '../../../../lib/engine/district-data';
import type { Rule } from '../../../../lib/engine/rule';
import { buildDistrictData } from '../../../../lib/engine/district-data';
import { copiedFigures } from '../../../../lib/rules/fabrication/copied-figures';
import { findLooseCopies, LOOSE_SEARCH, type LooseOptions } from '../../../../lib/rules/fabrication/copy-shape';
import { addPeers, addUnit, emptyInput, honestSeries, PERIODS, reviewed, rng, round1, run } from '../../../helpers/fabrication-fixtures';

const rule = copiedFigures as unknown as Rule;

/** The rule with its search for identical reports switched off, so that the loose search is what is tested. */
const runLoose = (input: DistrictInput, o: Record<string, unknown> = {}) => run(rule, input, { identicalMinMonths: 99, ...o });

/** The loose search alone with the rule's options and some of its fixed settings changed (what the rule no longer exposes as parameters). */
function looseWith(input: DistrictInput, o: Partial<LooseOptions>) {
  const base: LooseOptions = { ...LOOSE_SEARCH, fields: ['revenue', 'wages'], maxLag: 2, tol: 0.045, wagesTol: 0.01, maxMisses: 2, minMonths: 8 };
  return findLooseCopies(buildDistrictData(input), { ...base, ...o }, () => false);
}

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

/** A profit that is a loss every third month, noisy, moving on its own. */
function signedProfit(seed: number) {
  const r = rng(seed);
  const profit = PERIODS.map((_, m) => round1((m % 3 === 0 ? -150 : 300) * (1 + r.normal(0.2))));
  return (m: number) => profit[m]!;
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
    // Identical figure for figure: the search for identical reports finds it first, with overwhelming evidence.
    const fs = reviewed(run(rule, input));
    expect(fs).toHaveLength(1);
    expect(fs[0]!.unit_ids.sort()).toEqual(['COPIER', 'SRC']);
    expect(fs[0]!.severity).toBe('high');
    const idf = fs[0]!.evidence as { months: number; identical_fields: Record<string, { months: number; identical: number }>; calibration: { log10_p: number } };
    expect(idf.months).toBe(9);
    expect(idf.identical_fields.revenue).toEqual({ months: 9, identical: 9 });
    expect(idf.calibration.log10_p).toBeLessThan(-20);
    // The loose search alone finds it as well.
    const lf = reviewed(runLoose(input));
    expect(lf).toHaveLength(1);
    const ev = lf[0]!.evidence as { months: number; lag_months: number; factor: number; agreeing_fields: string[] };
    expect(lf[0]!.subject).toEqual({ kind: 'unit', id: 'COPIER' });
    expect(ev.months).toBeGreaterThanOrEqual(9);
    expect(ev.months).toBeLessThan(12);
    expect(ev.lag_months).toBe(0);
    expect(ev.factor).toBeCloseTo(1, 3);
    expect(ev.agreeing_fields.length).toBeGreaterThanOrEqual(2);
    // Neither search: the 12-month proportional search cannot see it.
    expect(reviewed(runLoose(input, { loose: false }))).toEqual([]);
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
    const fs = reviewed(runLoose(input));
    expect(fs).toHaveLength(1);
    const ev = fs[0]!.evidence as { compared_field: string; months: number; source_peer_adjusted_change_spread: number; max_relative_deviation: number };
    expect(fs[0]!.unit_ids.sort()).toEqual(['COPIER', 'SRC']);
    expect(ev.months).toBeGreaterThanOrEqual(20);
    expect(ev.max_relative_deviation).toBeGreaterThan(0.01);
    // The old bar (shape ≥ 2 × the 4.5 % tolerance) would have rejected this source.
    expect(ev.source_peer_adjusted_change_spread).toBeLessThan(0.09);
    expect(looseWith(input, { shapeRatio: 20 })).toEqual([]);
  });

  it("finds a partial copy: headcount, wages and profit copied, revenue the unit's own", () => {
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
    const fs = reviewed(runLoose(input));
    expect(fs).toHaveLength(1);
    const ev = fs[0]!.evidence as { compared_field: string; agreeing_fields: string[]; months: number };
    expect(fs[0]!.unit_ids.sort()).toEqual(['PART', 'SRC']);
    expect(ev.compared_field).toBe('wages');
    expect(ev.agreeing_fields).toContain('profit');
    expect(ev.months).toBeGreaterThanOrEqual(12);
    // Two confirming fields besides wages (the old requirement) are not there: revenue is the unit's own.
    expect(looseWith(input, { fieldsWages: 2 })).toEqual([]);
  });

  it('confirms on wages a pair that revenue did not confirm (the pairs tried are kept per field)', () => {
    const input = emptyInput();
    addPeers(input, 8);
    const src = honestSeries(111, 4000, 0.08);
    const own = honestSeries(112, 3000, 0.08);
    const heads = (m: number) => 40 + ((m * 7) % 9);
    const sf = ownFields(113, src);
    const of = ownFields(114, own);
    const copied = (m: number) => m >= 6 && m <= 17;
    const jit = PERIODS.map((_, m) => 1 + 0.03 * Math.sin(m * 7.31 + 1));
    addUnit(input, { id: 'SRC', revenue: src, employees: heads });
    patch(input, 'SRC', sf);
    addUnit(input, { id: 'COPIER', revenue: (m) => (copied(m) ? round1(src(m) * jit[m]!) : own(m)), trueRevenue: own, employees: (m) => (copied(m) ? heads(m) : 35) });
    patch(input, 'COPIER', { wages: (m) => (copied(m) ? sf.wages(m) : of.wages(m)), profit: (m) => (copied(m) ? sf.profit(m) : of.profit(m)) });
    // A shape bar the ±3 % revenue copy cannot meet, its exact wages easily: revenue is verified
    // first and fails; before, that settled the pair and its wages were never compared.
    const fs = looseWith(input, { shapeRatio: 10 });
    expect(fs).toHaveLength(1);
    expect(fs[0]!.field).toBe('wages');
    expect(fs[0]!.agreeing).toContain('profit');
    expect(fs[0]!.months).toBeGreaterThanOrEqual(12);
  });

  it('counts a copied profit with loss months as a confirming field (levels with one factor), not only log changes', () => {
    const input = emptyInput();
    addPeers(input, 8);
    const src = honestSeries(151, 4000, 0.08);
    const sf = ownFields(153, src);
    const profit = signedProfit(155);
    addUnit(input, { id: 'SRC', revenue: src, employees: (m) => 40 + ((m * 7) % 9) });
    patch(input, 'SRC', { wages: sf.wages, profit });
    // Wages and profit copied; revenue and headcount the unit's own. The profit is a loss every
    // third month, so a window has too few log changes of it: before, the window's other-fields
    // test gave it up and the pair was never verified.
    const own = honestSeries(152, 2500, 0.08);
    addUnit(input, { id: 'PART', revenue: own, employees: (m) => 30 + ((m * 5) % 7) });
    patch(input, 'PART', { wages: sf.wages, profit });
    const fs = reviewed(runLoose(input));
    expect(fs).toHaveLength(1);
    const ev = fs[0]!.evidence as { compared_field: string; agreeing_fields: string[]; months: number };
    expect(fs[0]!.unit_ids.sort()).toEqual(['PART', 'SRC']);
    expect(ev.compared_field).toBe('wages');
    expect(ev.agreeing_fields).toEqual(['profit']);
    expect(ev.months).toBeGreaterThanOrEqual(12);
  });

  it("stays silent on one group's units with identical wage bills whose losses fall in the same months", () => {
    const input = emptyInput();
    addPeers(input, 8);
    const sf = ownFields(163, honestSeries(161, 4000, 0.08));
    // The same wages (one group's pay scale), losses in the same months, otherwise profit of their own.
    for (let i = 0; i < 3; i++) {
      addUnit(input, { id: `GROUP${i}`, revenue: honestSeries(170 + i, 3000, 0.08), employees: (m) => 30 + i + ((m * (5 + i)) % 7), legalRep: '王五' });
      patch(input, `GROUP${i}`, { wages: sf.wages, profit: signedProfit(180 + i) });
    }
    expect(reviewed(runLoose(input))).toEqual([]);
  });

  it('lets through the prefilter a copy of small figures whose one-decimal rounding exceeds the tolerance', () => {
    const input = emptyInput();
    addPeers(input, 8);
    const src = honestSeries(191, 4000, 0.08);
    const sf = ownFields(193, src);
    // Small wage bills: rounding to one decimal moves the copy's 1.2 by up to 4 % a month, more
    // than the ±1 % wages tolerance, which the month-by-month verification allows for (rounding
    // of both figures) and the window prefilter now does too.
    const r = rng(195);
    const wages = PERIODS.map(() => round1(4 * (1 + r.normal(0.15))));
    addUnit(input, { id: 'SRC', revenue: src, employees: (m) => 40 + ((m * 7) % 9) });
    patch(input, 'SRC', { wages: (m) => wages[m]!, profit: sf.profit });
    addUnit(input, { id: 'SMALL', revenue: honestSeries(192, 2500, 0.08), employees: (m) => 30 + ((m * 5) % 7) });
    patch(input, 'SMALL', { wages: (m) => round1(0.3 * wages[m]!), profit: (m) => round1(0.3 * sf.profit(m)) });
    const fs = reviewed(runLoose(input));
    expect(fs).toHaveLength(1);
    const ev = fs[0]!.evidence as { compared_field: string; agreeing_fields: string[]; factor: number };
    expect(fs[0]!.unit_ids.sort()).toEqual(['SMALL', 'SRC']);
    expect(ev.compared_field).toBe('wages');
    expect(ev.agreeing_fields).toContain('profit');
    expect(ev.factor).toBeCloseTo(0.3, 2);
  });

  it('stays silent when small figures track each other within their rounding but nothing else follows', () => {
    const input = emptyInput();
    addPeers(input, 8);
    const src = honestSeries(201, 4000, 0.08);
    const r = rng(205);
    const wages = PERIODS.map(() => round1(4 * (1 + r.normal(0.15))));
    addUnit(input, { id: 'SRC', revenue: src, employees: (m) => 40 + ((m * 7) % 9) });
    patch(input, 'SRC', { wages: (m) => wages[m]!, profit: ownFields(203, src).profit });
    const own = honestSeries(202, 2500, 0.08);
    addUnit(input, { id: 'ALIKE', revenue: own, employees: (m) => 30 + ((m * 5) % 7) });
    patch(input, 'ALIKE', { wages: (m) => round1(0.3 * wages[m]!), profit: ownFields(204, own).profit });
    expect(reviewed(runLoose(input))).toEqual([]);
    // It is the missing confirmation that keeps it silent: the wages themselves pass.
    expect(looseWith(input, { fieldsWages: 0 }).length).toBe(1);
  });

  it('accepts a near-exact revenue copy confirmed by one other field', () => {
    const input = emptyInput();
    addPeers(input, 8);
    const src = honestSeries(211, 4000, 0.08);
    const own = honestSeries(212, 3000, 0.08);
    const sf = ownFields(213, src);
    const of = ownFields(214, own);
    // Ten months (too short for the exact search) of revenue × 1.3 and profit; headcount and
    // wages the unit's own. The ratio stays within the rounding: one field confirms enough.
    const copied = (m: number) => m >= 6 && m <= 15;
    addUnit(input, { id: 'SRC', revenue: src, employees: (m) => 40 + ((m * 7) % 9) });
    patch(input, 'SRC', sf);
    addUnit(input, { id: 'EXACT', revenue: (m) => (copied(m) ? round1(1.3 * src(m)) : own(m)), trueRevenue: own, employees: (m) => 30 + ((m * 5) % 7) });
    patch(input, 'EXACT', { wages: of.wages, profit: (m) => (copied(m) ? round1(1.3 * sf.profit(m)) : of.profit(m)) });
    const fs = reviewed(runLoose(input));
    expect(fs).toHaveLength(1);
    const ev = fs[0]!.evidence as { compared_field: string; agreeing_fields: string[]; months: number; factor: number };
    expect(fs[0]!.subject).toEqual({ kind: 'unit', id: 'EXACT' });
    expect(ev.compared_field).toBe('revenue');
    expect(ev.agreeing_fields).toEqual(['profit']);
    expect(ev.months).toBeGreaterThanOrEqual(10);
    expect(ev.factor).toBeCloseTo(1.3, 3);
    expect(looseWith(input, { exactDev: 0 })).toEqual([]);
  });

  it('stays silent on a perturbed revenue copy with one confirming field, and on a near-exact one with none', () => {
    const input = emptyInput();
    addPeers(input, 8);
    const src = honestSeries(221, 4000, 0.08);
    const sf = ownFields(223, src);
    const copied = (m: number) => m >= 6 && m <= 15;
    addUnit(input, { id: 'SRC', revenue: src, employees: (m) => 40 + ((m * 7) % 9) });
    patch(input, 'SRC', sf);
    // ±2 % around 1.3 × the source's revenue, its profit copied: not near-exact, two fields needed.
    const own1 = honestSeries(222, 3000, 0.08);
    const of1 = ownFields(224, own1);
    const jit = PERIODS.map((_, m) => 1 + 0.02 * Math.sin(m * 12.9898 + 3));
    addUnit(input, { id: 'NOISY', revenue: (m) => (copied(m) ? round1(1.3 * src(m) * jit[m]!) : own1(m)), trueRevenue: own1, employees: (m) => 30 + ((m * 5) % 7) });
    patch(input, 'NOISY', { wages: of1.wages, profit: (m) => (copied(m) ? round1(1.3 * sf.profit(m)) : of1.profit(m)) });
    // Near-exact revenue, nothing else follows: at least one field is still needed.
    const own2 = honestSeries(225, 3000, 0.08);
    addUnit(input, { id: 'BARE', revenue: (m) => (copied(m) ? round1(0.7 * src(m)) : own2(m)), trueRevenue: own2, employees: (m) => 25 + ((m * 3) % 8) });
    patch(input, 'BARE', ownFields(226, own2));
    expect(reviewed(runLoose(input))).toEqual([]);
    // Each misses on exactly that: the noisy copy is found once ±2 % counts as near-exact.
    expect(looseWith(input, { exactDev: 0.05 }).length).toBe(1);
  });

  it("stays silent on look-alikes: one group's units with identical headcount and wage rate, and fixed fees", () => {
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
      patch(
        input,
        `FEE${i}`,
        ownFields(130 + i, () => 1000),
      );
    }
    expect(reviewed(runLoose(input))).toEqual([]);
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
    expect(reviewed(runLoose(input))).toEqual([]);
    // An 8-month copy of the same figures is found.
    const longer = (m: number) => m >= 4 && m <= 11;
    const input2 = emptyInput();
    addPeers(input2, 8);
    addUnit(input2, { id: 'SRC', revenue: src, employees: heads });
    patch(input2, 'SRC', sf);
    addUnit(input2, { id: 'EIGHT', revenue: (m) => (longer(m) ? src(m) : own(m)), trueRevenue: own, employees: (m) => (longer(m) ? heads(m) : 35) });
    patch(input2, 'EIGHT', { wages: (m) => (longer(m) ? sf.wages(m) : of.wages(m)), profit: (m) => (longer(m) ? sf.profit(m) : of.profit(m)) });
    expect(reviewed(runLoose(input2)).map((f) => f.subject.id)).toEqual(['EIGHT']);
  });
});
