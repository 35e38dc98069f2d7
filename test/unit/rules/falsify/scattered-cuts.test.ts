import { describe, expect, it } from 'vitest';
import { scatteredCuts } from '../../../../lib/rules/falsify/scattered-cuts';
import { binomialTail, shorthBand } from '../../../../lib/rules/falsify/scattered-band';
import { addPeers, addSeries, emptyInput, only, PERIODS, run, unit, wobble } from '../../../helpers/falsify-fixtures';

const level = (m: number, k = 1) => 3000 * wobble(m, k);
/** Scattered months (none adjacent to a year-apart twin) cut by 25–50%. */
const CUTS: Record<number, number> = { 2: 0.6, 5: 0.7, 9: 0.55, 11: 0.65, 13: 0.5, 16: 0.72, 19: 0.6, 22: 0.7 };
const cut = (m: number) => CUTS[m] ?? 1;

describe('falsify.scattered-cuts', () => {
  it('flags revenue cut in eight scattered months while tax those months is ordinary as CONCEAL', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('HIDE'));
    addSeries(input, 'HIDE', { revenue: (m) => level(m) * cut(m), trueRevenue: level, k: 5 });
    const findings = run(scatteredCuts, input);
    expect(findings.map((f) => f.subject.id)).toEqual(['HIDE']);
    const f = findings[0]!;
    expect(scatteredCuts.pattern).toBe('FALSIFY.CONCEAL');
    expect(f.severity).toBe('high');
    expect(f.period).toBe(PERIODS[2]);
    const ev = f.evidence as { low_periods: string[]; runs: number; binomial_p: number; months_far_above: number; kwh_low: { seen: number; low: number } };
    expect(ev.low_periods).toEqual(Object.keys(CUTS).map((m) => PERIODS[Number(m)]));
    expect(ev.runs).toBe(8);
    expect(ev.binomial_p).toBeLessThan(1e-6);
    expect(ev.months_far_above).toBe(0);
    expect(ev.kwh_low).toEqual({ seen: 8, low: 8 });
    expect(f.summary_zh).toContain('税务申报正常');
    expect(f.summary_en).toContain('8 of 24 months');
  });

  it('stays silent on a seasonal ratio, lumpy booking, tax spikes, a level shift at the start and a few odd months', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('SEASON'), unit('LUMPY'), unit('SPIKE'), unit('STEP'), unit('FEW'));
    // Revenue books low against tax in the same calendar months each year (tax smoother than a seasonal trade).
    addSeries(input, 'SEASON', { revenue: (m) => level(m, 2) * ([1, 4, 8, 10].includes(m % 12) ? 0.65 : 1), trueRevenue: (m) => level(m, 2), k: 6 });
    // Revenue booked in lumps: as many months far above as below.
    const lump: Record<number, number> = { 2: 0.6, 3: 1.5, 9: 0.6, 10: 1.5, 13: 0.6, 14: 1.5, 19: 0.6, 20: 1.5, 22: 0.6, 23: 1.5 };
    addSeries(input, 'LUMPY', { revenue: (m) => level(m, 3) * (lump[m] ?? 1), trueRevenue: (m) => level(m, 3), k: 7 });
    // Honest revenue; tax jumps in scattered months (back taxes, a refund reversed).
    addSeries(input, 'SPIKE', { revenue: (m) => level(m, 4), trueRevenue: (m) => level(m, 4) * (cut(m) < 1 ? 1.6 : 1), kwhMonths: [], k: 8 });
    // The ratio changed once after the first ten months (the shift rule's question, not scattered cuts).
    addSeries(input, 'STEP', { revenue: (m) => level(m, 5) * (m < 10 ? (m === 3 || m === 6 ? 0.9 : 0.7) : 1), trueRevenue: (m) => level(m, 5), k: 9 });
    // Three odd months are within what noise allows.
    addSeries(input, 'FEW', { revenue: (m) => level(m, 6) * ([4, 12, 20].includes(m) ? 0.6 : 1), trueRevenue: (m) => level(m, 6), k: 10 });
    expect(run(scatteredCuts, input)).toHaveLength(0);
  });

  it('reads half the months cut from the tightest third, compares quarterly declarers quarter by quarter, keeps real estate low and ignores thin series', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('HALF'), unit('QUARTER', { category: 'catering', industry_code: '6210' }), unit('ESTATE', { category: 'real_estate', industry_code: '7010' }), unit('THIN'));
    // Twelve of 24 months cut: the median would sit between the two clusters.
    const half = new Set([0, 2, 3, 6, 8, 11, 12, 14, 17, 18, 21, 23]);
    addSeries(input, 'HALF', { revenue: (m) => level(m, 7) * (half.has(m) ? 0.55 + 0.01 * (m % 5) : 1), trueRevenue: (m) => level(m, 7), k: 11 });
    // A small-scale taxpayer: tax rows only at quarter ends, each the quarter's sales; cut months in four quarters.
    const qCut: Record<number, number> = { 1: 0.5, 7: 0.55, 16: 0.5, 22: 0.5 };
    const qTrue = (m: number) => 300 * wobble(m, 2);
    addSeries(input, 'QUARTER', { revenue: (m) => qTrue(m) * (qCut[m] ?? 1), trueRevenue: qTrue, taxMonths: [], k: 12 });
    for (let m = 2; m < 24; m += 3) input.tax.push({ unit_id: 'QUARTER', period: PERIODS[m]!, taxable_sales: Math.round((qTrue(m) + qTrue(m - 1) + qTrue(m - 2)) * 0.97 * 10) / 10 });
    addSeries(input, 'ESTATE', { revenue: (m) => level(m, 8) * cut(m), trueRevenue: (m) => level(m, 8), k: 13 });
    addSeries(input, 'THIN', { revenue: (m) => level(m, 9) * cut(m), trueRevenue: (m) => level(m, 9), reportMonths: [0, 1, 2, 3, 4, 5, 9, 11, 13], taxMonths: [0, 1, 2, 3, 4, 5, 9, 11, 13], k: 14 });
    const findings = run(scatteredCuts, input);
    const h = only(findings, 'HALF')[0]!;
    expect(h.severity).toBe('high');
    expect(h.evidence.band_from).toBe('shortest third');
    expect((h.evidence.low_periods as string[]).length).toBe(12);
    const q = only(findings, 'QUARTER')[0]!;
    expect(q.evidence.basis).toBe('quarterly_tax');
    expect(q.evidence.low_periods).toEqual([PERIODS[2], PERIODS[8], PERIODS[17], PERIODS[23]]);
    expect(q.summary_en).toContain('quarters');
    const e = only(findings, 'ESTATE')[0]!;
    expect(e.severity).toBe('low');
    expect(only(findings, 'THIN')).toHaveLength(0);
  });

  it('band and binomial helpers: the shortest half ignores a cut minority, and the tail is exact', () => {
    const buf = Float64Array.from([0, 0.01, -0.01, 0.02, -0.02, 0, 0.01, -0.5, -0.4, -0.6]);
    const b = shorthBand(buf, buf.length);
    expect(Math.abs(b.centre)).toBeLessThan(0.011);
    expect(b.sigma).toBeLessThan(0.04);
    expect(binomialTail(4, 2, 0.5)).toBeCloseTo(11 / 16, 10);
    expect(binomialTail(24, 0, 0.1)).toBe(1);
    expect(binomialTail(24, 25, 0.1)).toBe(0);
  });
});
