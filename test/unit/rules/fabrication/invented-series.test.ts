import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../../lib/engine/rule';
import { inventedSeries } from '../../../../lib/rules/fabrication/invented-series';
import { addPeers, addUnit, emptyInput, honestSeries, PERIODS, reviewed, rng, round1, run } from '../../../helpers/fabrication-fixtures';

const rule = inventedSeries as unknown as Rule;

describe('fabricate.invented-series', () => {
  it('flags round, smoothly growing revenue with a frozen headcount while tax moves', () => {
    const input = emptyInput();
    addPeers(input, 12);
    const real = honestSeries(77, 8000, 0.08);
    addUnit(input, {
      id: 'FAKE',
      revenue: (m) => Math.round((8000 * 1.008 ** m) / 1000) * 1000,
      trueRevenue: real,
      employees: () => 60,
      insured: (m) => 50 + (m % 7),
    });
    const fs = run(rule, input);
    const f = fs.find((x) => x.subject.id === 'FAKE');
    expect(f).toBeDefined();
    expect(f!.severity).toBe('high');
    expect(f!.subject.kind).toBe('unit');
    expect(f!.period).toBe('2023-01');
    const ev = f!.evidence as { signals: string[]; heaping: { step: number; round_figures: number }; headcount: { frozen: boolean } };
    expect(ev.heaping.step).toBe(1000);
    expect(ev.heaping.round_figures).toBe(24);
    expect(ev.signals).toEqual(expect.arrayContaining(['heaping', 'smooth', 'frozen_headcount']));
    expect(reviewed(fs).map((x) => x.subject.id)).toEqual(['FAKE']);
  });

  it('flags an implausibly smooth series without rounding only when tax shows a moving business', () => {
    const input = emptyInput();
    addPeers(input, 12);
    addUnit(input, { id: 'SMOOTH', revenue: (m) => round1(3000 * 1.01 ** m) + 0.3, trueRevenue: honestSeries(99, 3000, 0.1) });
    const f = run(rule, input).find((x) => x.subject.id === 'SMOOTH');
    expect(f).toBeDefined();
    expect((f!.evidence as { signals: string[] }).signals).toEqual(['smooth']);
    expect(f!.severity).toBe('medium');
  });

  it('stays silent on near-constant contract fees that are not round (tax equally flat)', () => {
    const input = emptyInput();
    addPeers(input, 12, { category: 'services', industry: '7020' });
    const r = rng(3);
    const fees = PERIODS.map(() => round1(1234.5 * (1 + r.normal(0.01))));
    const taxNoise = PERIODS.map(() => 1 + r.normal(0.03));
    addUnit(input, { id: 'FEES', category: 'services', industry: '7020', revenue: (m) => fees[m]!, trueRevenue: (m) => fees[m]! * taxNoise[m]! });
    expect(run(rule, input).filter((x) => x.subject.id === 'FEES')).toEqual([]);
    expect(reviewed(run(rule, input))).toEqual([]);
  });

  it('handles short histories, zero months and a district without peers', () => {
    const input = emptyInput();
    addUnit(input, { id: 'SHORT', revenue: (m) => (m < 6 ? 1003.7 + m : undefined) });
    addUnit(input, { id: 'ZERO', revenue: () => 0 });
    addUnit(input, { id: 'LONE', revenue: (m) => Math.round((5000 * 1.01 ** m) / 100) * 100, trueRevenue: honestSeries(5, 5000, 0.1) });
    const fs = run(rule, input);
    expect(fs.map((f) => f.subject.id)).toEqual(['LONE']);
    // Heaping alone (no peers to judge smoothness): coarse steps go to review at medium at most.
    expect(fs[0]!.severity).not.toBe('high');
    expect((fs[0]!.evidence as { signals: string[] }).signals).toEqual(['heaping']);
  });

  it('GIVEN a small firm that reports real, seasonal revenue rounded to whole 10 000 yuan THEN a watch-list item only; with a frozen headcount, review', () => {
    const input = emptyInput();
    addPeers(input, 12);
    const real = honestSeries(31, 900, 0.12);
    addUnit(input, { id: 'ROUNDER', revenue: (m) => Math.round(real(m) / 10) * 10, trueRevenue: real });
    addUnit(input, { id: 'ROUNDER-FROZEN', revenue: (m) => Math.round(real(m) / 10) * 10, trueRevenue: real, employees: () => 12, insured: (m) => 9 + (m % 4) });
    const fs = run(rule, input);
    expect(fs.find((x) => x.subject.id === 'ROUNDER')?.severity).toBe('low');
    expect(fs.find((x) => x.subject.id === 'ROUNDER-FROZEN')?.severity).toBe('medium');
  });
});
