import { describe, expect, it } from 'vitest';
import type { DistrictInput } from '../../../../lib/engine/district-data';
import type { Rule } from '../../../../lib/engine/rule';
import { copiedFigures } from '../../../../lib/rules/fabrication/copied-figures';
import { addPeers, addUnit, emptyInput, honestSeries, PERIODS, reviewed, rng, round1, run } from '../../../helpers/fabrication-fixtures';

const rule = copiedFigures as unknown as Rule;

/** Sets a unit's wages and profit month by month. */
function patch(input: DistrictInput, id: string, f: (m: number) => { wages?: number; profit?: number }): void {
  for (const s of input.submissions) {
    if (s.unit_id !== id) continue;
    const v = f(PERIODS.indexOf(s.period));
    if (v.wages !== undefined) s.wages = v.wages;
    if (v.profit !== undefined) s.profit = v.profit;
  }
}

function ownFields(seed: number) {
  const r = rng(seed);
  const wages = PERIODS.map(() => round1(300 * (1 + r.normal(0.15))));
  const profit = PERIODS.map(() => round1(200 * (1 + r.normal(0.3))));
  return (m: number) => ({ wages: wages[m]!, profit: profit[m]! });
}

describe('fabricate.copied-figures: identical reports (copy-coincidence)', () => {
  it('finds three months of identical figures with high severity and names both units', () => {
    const input = emptyInput();
    addPeers(input, 12);
    const src = honestSeries(201, 4000, 0.08);
    const own = honestSeries(202, 3500, 0.08);
    const copied = (m: number) => m >= 5 && m <= 7;
    const sf = ownFields(203);
    const of = ownFields(204);
    addUnit(input, { id: 'SRC', revenue: src, employees: () => 44 });
    patch(input, 'SRC', sf);
    addUnit(input, { id: 'COPY', revenue: (m) => (copied(m) ? src(m) : own(m)), trueRevenue: own, employees: (m) => (copied(m) ? 44 : 39) });
    patch(input, 'COPY', (m) => (copied(m) ? sf(m) : of(m)));
    const fs = reviewed(run(rule, input));
    expect(fs).toHaveLength(1);
    expect(fs[0]!.unit_ids.sort()).toEqual(['COPY', 'SRC']);
    expect(fs[0]!.severity).toBe('high');
    const ev = fs[0]!.evidence as { months: number; matched_periods: string[]; calibration: { log10_p: number; looks: number } };
    expect(ev.months).toBe(3);
    expect(ev.matched_periods).toEqual([PERIODS[5], PERIODS[7]]);
    // A headcount kept at 44 counts once; revenue, wages and profit renew every month.
    expect(ev.calibration.log10_p).toBeLessThan(-10);
    expect(ev.calibration.looks).toBeGreaterThan(1);
    expect(fs[0]!.summary_zh).toMatch(/完全相同.*误报率/);
    // A single identical month is not a run.
    const one = emptyInput();
    addPeers(one, 12);
    addUnit(one, { id: 'SRC', revenue: src, employees: () => 44 });
    patch(one, 'SRC', sf);
    addUnit(one, { id: 'COPY', revenue: (m) => (m === 5 ? src(m) : own(m)), trueRevenue: own, employees: (m) => (m === 5 ? 44 : 39) });
    patch(one, 'COPY', (m) => (m === 5 ? sf(m) : of(m)));
    expect(reviewed(run(rule, one))).toEqual([]);
  });

  it('stays silent on units reporting the same zeros and round placeholders in the same months', () => {
    const input = emptyInput();
    addPeers(input, 12);
    // Ten dormant units: zero revenue and profit, wages of 100.0 and a headcount of 5 for six months.
    for (let i = 0; i < 10; i++) {
      const own = honestSeries(300 + i, 2000 + 100 * i, 0.08);
      const idle = (m: number) => m >= 8 && m <= 13;
      addUnit(input, { id: `IDLE${i}`, revenue: (m) => (idle(m) ? 0 : own(m)), employees: (m) => (idle(m) ? 5 : 20 + i) });
      patch(input, `IDLE${i}`, (m) => (idle(m) ? { wages: 100, profit: 0 } : ownFields(400 + i)(m)));
    }
    expect(reviewed(run(rule, input))).toEqual([]);
  });

  it('stays silent on group companies whose figures are related but not identical', () => {
    const input = emptyInput();
    addPeers(input, 12);
    const base = honestSeries(501, 4000, 0.08);
    const sf = ownFields(503);
    addUnit(input, { id: 'HQ', revenue: base, employees: () => 60 });
    patch(input, 'HQ', sf);
    // The branch: the same headcount and wage bill policy, revenue a fixed share plus its own noise.
    const r = rng(502);
    const noise = PERIODS.map(() => 1 + r.normal(0.08));
    addUnit(input, { id: 'BRANCH', revenue: (m) => round1(base(m) * 0.5 * noise[m]!), employees: () => 60 });
    const own = ownFields(504);
    patch(input, 'BRANCH', (m) => ({ wages: round1((sf(m).wages + own(m).wages) / 2), profit: round1(sf(m).profit * 0.4 * noise[m]!) }));
    expect(reviewed(run(rule, input))).toEqual([]);
  });
});
