import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../../lib/engine/rule';
import { townTaxGap } from '../../../../lib/rules/interference/town-tax-gap';
import { addUnit, honestSeries, PERIODS, rng, round1 } from '../../../helpers/fabrication-fixtures';
import { emptyInput, reviewed, run, town } from '../../../helpers/interference-fixtures';

const rule = townTaxGap as unknown as Rule;

type Mod = (t: number, i: number) => { report?: (m: number, r: number) => number; tax?: (m: number, r: number) => number } | null;

/** Six towns of 20 units; tax sees each unit's business with its own 3% noise. */
function district(mod?: Mod) {
  const input = emptyInput();
  for (let t = 1; t <= 6; t++) {
    for (let i = 0; i < 20; i++) {
      const business = honestSeries(1000 * t + i, 2000 + 100 * i, 0.06);
      const noise = rng(7000 + 100 * t + i);
      const taxNoise = PERIODS.map(() => 1 + noise.normal(0.03));
      const m0 = mod?.(t, i);
      addUnit(input, {
        id: `T${t}U${i}`,
        town: town(t),
        revenue: (m) => round1(m0?.report ? m0.report(m, business(m)) : business(m)),
        trueRevenue: (m) => (m0?.tax ? m0.tax(m, business(m)) : business(m)) * taxNoise[m]!,
      });
    }
  }
  return input;
}

describe('interfere.town-tax-gap', () => {
  it('flags a town where half the units report 12% more for December while tax stays flat', () => {
    const input = district((t, i) => (t === 2 && i < 10 ? { report: (m, r) => (m === 11 ? r * 1.12 : r) } : null));
    const fs = run(rule, input);
    expect(fs).toHaveLength(1);
    const f = fs[0]!;
    expect(f.subject).toEqual({ kind: 'town', id: town(2) });
    expect(f.period).toBe('2023-12');
    expect(f.severity).not.toBe('low');
    expect(f.unit_ids.length).toBeGreaterThanOrEqual(8);
    expect(f.unit_ids.every((u) => /^T2U\d$/.test(u))).toBe(true);
    const ev = f.evidence as { months: string[]; by_month: { raised_units: number; other_towns_share: number; median_excess_over_tax: number }[] };
    expect(ev.months).toEqual(['2023-12']);
    expect(ev.by_month[0]!.median_excess_over_tax).toBeGreaterThan(0.08);
    expect(ev.by_month[0]!.other_towns_share).toBeLessThan(0.1);
    expect(f.summary_en).toContain('2023-12');
    expect(f.summary_zh).toContain('税务');
  });

  it("names the pushed units, not those that rose past the jump as often as the other towns' units do", () => {
    // A 3% jump: tax's own 3% noise lifts about one unit in six past it anywhere in the district.
    const input = district((t, i) => (t === 2 && i < 10 ? { report: (m, r) => (m === 11 ? r * 1.25 : r) } : null));
    const f = reviewed(run(rule, input, { jump: 0.03 }))[0]!;
    const raised = (f.evidence as { by_month: { raised: { unit_id: string }[] }[] }).by_month[0]!.raised.map((r) => r.unit_id);
    const chance = raised.filter((u) => !/^T2U\d$/.test(u));
    expect(chance.length).toBeGreaterThan(0);
    expect(f.unit_ids.filter((u) => chance.includes(u))).toEqual([]);
    expect(f.unit_ids).toHaveLength(10);
  });

  it('groups a lift kept for three months into one episode', () => {
    const input = district((t, i) => (t === 4 && i < 14 ? { report: (m, r) => (m >= 17 && m <= 19 ? r * 1.13 : r) } : null));
    const fs = reviewed(run(rule, input));
    expect(fs).toHaveLength(1);
    expect((fs[0]!.evidence as { months: string[] }).months).toEqual(['2024-06', '2024-07', '2024-08']);
  });

  it('stays silent on a real town-wide boom or shutdown that tax sees too, and on a district-wide December push', () => {
    expect(run(rule, district())).toEqual([]);
    const boom = district((t) => (t === 3 ? { report: (m, r) => (m >= 14 && m <= 16 ? r * 1.3 : r), tax: (m, r) => (m >= 14 && m <= 16 ? r * 1.3 : r) } : null));
    expect(reviewed(run(rule, boom))).toEqual([]);
    const shutdown = district((t) => (t === 5 ? { report: (m, r) => (m === 10 || m === 11 ? r * 0.4 : r), tax: (m, r) => (m === 10 || m === 11 ? r * 0.4 : r) } : null));
    expect(reviewed(run(rule, shutdown))).toEqual([]);
    // Every town's units report more than tax in December (a district-wide calendar effect).
    const everywhere = district((_t, i) => (i < 10 ? { report: (m, r) => (m === 11 ? r * 1.12 : r) } : null));
    expect(reviewed(run(rule, everywhere))).toEqual([]);
  });

  it('needs many raised units, and discounts a town whose tax swings every month', () => {
    // Seven units only: a handful can coincide.
    const few = district((t, i) => (t === 2 && i < 7 ? { report: (m, r) => (m === 11 ? r * 1.12 : r) } : null));
    expect(run(rule, few)).toEqual([]);
    // Town 6 settles tax lumpily: every month a different part of its units sits well above tax.
    const lumpy = district((t, i) => (t === 6 ? { tax: (m, r) => ((m + i) % 3 === 0 ? r * 0.8 : r * 1.1) } : null));
    expect(reviewed(run(rule, lumpy))).toEqual([]);
    // Too few months for a baseline.
    const short = emptyInput();
    for (let i = 0; i < 12; i++) addUnit(short, { id: `S${i}`, town: town(1), revenue: (m) => (m < 6 ? 1000 + i : undefined) });
    expect(run(rule, short)).toEqual([]);
  });
});
