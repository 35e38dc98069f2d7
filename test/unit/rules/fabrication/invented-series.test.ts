import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../../lib/engine/rule';
import { inventedSeries } from '../../../../lib/rules/fabrication/invented-series';
import { addPeers, addUnit, emptyInput, honestSeries, PERIODS, reviewed, rng, round1, run } from '../../../helpers/fabrication-fixtures';

const rule = inventedSeries as unknown as Rule;

describe('fabricate.invented-series', () => {
  /** A headcount that moves like the peers' (so that the unit's wages are not frozen by the fixture). */
  const peerHeads = (m: number) => 40 + (m % 5 === 0 ? 1 : 0);

  // A district-estimated null cannot make a tail smaller than 1 / (units + 1): a 13-unit district
  // can never show "smoother than every unit" at p ≤ 0.01, so these cases are set among 250 peers.
  it('flags round, smoothly growing revenue with a frozen headcount while insurance and tax move', () => {
    const input = emptyInput();
    addPeers(input, 250);
    const real = honestSeries(77, 8000, 0.08);
    addUnit(input, {
      id: 'FAKE',
      revenue: (m) => Math.round((8000 * 1.008 ** m) / 100) * 100,
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
    const ev = f!.evidence as {
      signals: string[];
      calibration: { log10_p: number; cap?: unknown };
      regime: { heaping: { step: number; round_figures: number }; repeats: { employees: { pairs: number; repeats: number } } };
    };
    expect(ev.regime.heaping.step).toBe(100);
    expect(ev.regime.repeats.employees).toMatchObject({ pairs: 23, repeats: 23 });
    expect(ev.calibration.log10_p).toBeLessThan(-3);
    expect(ev.calibration.cap).toBeUndefined();
    expect(ev.signals).toEqual(expect.arrayContaining(['heaping', 'frozen_headcount']));
    expect(reviewed(fs).map((x) => x.subject.id)).toEqual(['FAKE']);
  });

  it('GIVEN a figure held for months at a round level THEN the repeats count as one round figure (carried forward, smooth), not as heaping', () => {
    const input = emptyInput();
    addPeers(input, 250);
    addUnit(input, { id: 'HELD', revenue: (m) => Math.round((8000 * 1.008 ** m) / 1000) * 1000, trueRevenue: honestSeries(77, 8000, 0.08), employees: () => 60, insured: (m) => 50 + (m % 7) });
    const f = run(rule, input).find((x) => x.subject.id === 'HELD');
    expect(f?.severity).toBe('high');
    expect((f!.evidence as { signals: string[] }).signals).toEqual(expect.arrayContaining(['smooth', 'frozen_headcount', 'carried_forward']));
    expect((f!.evidence as { signals: string[] }).signals).not.toContain('heaping');
  });

  it('flags an implausibly smooth series without rounding only when tax shows a moving business', () => {
    const input = emptyInput();
    addPeers(input, 250);
    addUnit(input, { id: 'SMOOTH', revenue: (m) => round1(3000 * 1.01 ** m) + 0.3, trueRevenue: honestSeries(99, 3000, 0.1), employees: peerHeads });
    const f = run(rule, input).find((x) => x.subject.id === 'SMOOTH');
    expect(f).toBeDefined();
    expect((f!.evidence as { signals: string[] }).signals).toEqual(['smooth']);
    expect(f!.severity).not.toBe('low');
    // The same smooth revenue, but tax as smooth: a calm business (e.g. a fixed contract).
    const calm = emptyInput();
    addPeers(calm, 250);
    addUnit(calm, { id: 'CALM', revenue: (m) => round1(3000 * 1.01 ** m) + 0.3, employees: peerHeads });
    expect(run(rule, calm).find((x) => x.subject.id === 'CALM')?.severity ?? 'low').toBe('low');
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

  it('GIVEN a small firm that reports real, seasonal revenue rounded to whole 10 yuan THEN a watch-list item only; with a headcount frozen while insurance moves, review', () => {
    const input = emptyInput();
    addPeers(input, 12);
    const real = honestSeries(31, 900, 0.12);
    addUnit(input, { id: 'ROUNDER', revenue: (m) => Math.round(real(m) / 10) * 10, trueRevenue: real, employees: peerHeads });
    // Headcount within the peers' size band: its repeats are judged against their habits.
    addUnit(input, { id: 'ROUNDER-FROZEN', revenue: (m) => Math.round(real(m) / 10) * 10, trueRevenue: real, employees: () => 35, insured: (m) => 32 + (m % 4) });
    const fs = run(rule, input);
    const low = fs.find((x) => x.subject.id === 'ROUNDER');
    expect(low?.severity).toBe('low');
    expect((low!.evidence as { calibration: { cap?: { reason_zh: string } } }).calibration.cap?.reason_zh).toMatch(/估算习惯/);
    expect(fs.find((x) => x.subject.id === 'ROUNDER-FROZEN')?.severity).not.toBe('low');
  });

  it('every finding carries its calibration and a Chinese summary without English words', () => {
    const input = emptyInput();
    addPeers(input, 12);
    const real = honestSeries(31, 900, 0.12);
    addUnit(input, { id: 'R', revenue: (m) => Math.round(real(m) / 10) * 10, trueRevenue: real, employees: () => 35, insured: (m) => 32 + (m % 4) });
    const fs = run(rule, input);
    expect(fs.length).toBeGreaterThan(0);
    for (const f of fs) {
      expect(f.summary_zh).not.toMatch(/[A-Za-z]{2,}/);
      expect((f.evidence as { calibration?: unknown }).calibration).toBeDefined();
    }
  });
});
