import { describe, expect, it } from 'vitest';
import type { DistrictInput } from '../../../../lib/engine/district-data';
import { noTaxShift } from '../../../../lib/rules/falsify/no-tax-shift';
import { addPeers, addSeries, emptyInput, only, PERIODS, run, unit, wobble } from '../../../helpers/falsify-fixtures';

/** A restaurant's month: holidays in revenue, weather in the meter (the season the peers share). */
const dine = (m: number, k = 1) => 300 * wobble(m, k) * (m % 12 === 0 ? 1.3 : m % 12 === 6 || m % 12 === 7 ? 1.1 : 1);
const summerKwh = (m: number) => (m % 12 >= 5 && m % 12 <= 7 ? 1.25 : 1);

/** Catering peers with monthly tax, whose meters follow the same weather. */
function cateringPeers(input: DistrictInput, n = 10): void {
  for (let i = 0; i < n; i++) {
    const id = `CAT-${i}`;
    input.units.push(unit(id, { category: 'catering', industry_code: '6210' }));
    addSeries(input, id, { revenue: (m) => dine(m, i + 3) * (1 + 0.1 * (i % 4)), kwhPerRevenue: 60 * (0.9 + 0.05 * (i % 3)), k: i + 20 });
    // The meter's weather: overwrite the kWh rows just added with a summer peak.
    for (const e of input.electricity) if (e.unit_id === id) e.kwh = Math.round(e.kwh * summerKwh(PERIODS.indexOf(e.period)));
  }
}

/** A small-scale taxpayer: tax rows only at quarter ends, each the quarter's true sales. */
function quarterlyTax(input: DistrictInput, id: string, truth: (m: number) => number, ratio = 0.97): void {
  for (let m = 2; m < 24; m += 3) input.tax.push({ unit_id: id, period: PERIODS[m]!, taxable_sales: Math.round((truth(m) + truth(m - 1) + truth(m - 2)) * ratio * 10) / 10 });
}

function addWeatherKwh(input: DistrictInput, id: string): void {
  for (const e of input.electricity) if (e.unit_id === id) e.kwh = Math.round(e.kwh * summerKwh(PERIODS.indexOf(e.period)));
}

describe('falsify.no-tax-shift', () => {
  it('flags a quarterly declarer whose quarters of revenue leave its declared sales (and the meter), and a no-tax plant against its meter, as INFLATE', () => {
    const input = emptyInput();
    cateringPeers(input);
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('QTR', { category: 'catering', industry_code: '6210' }), unit('PLANT'));
    // Reported ×1.3 from 2024-04; tax (quarterly) and the meter follow the real business.
    addSeries(input, 'QTR', { revenue: (m) => dine(m, 2.5) * (m >= 15 ? 1.3 : 1), trueRevenue: (m) => dine(m, 2.5), taxMonths: [], k: 4 });
    quarterlyTax(input, 'QTR', (m) => dine(m, 2.5));
    addWeatherKwh(input, 'QTR');
    // No tax record at all: a plant whose meter follows its output; reported ×1.3 from 2024-03.
    const out = (m: number) => 3000 * wobble(m, 5.5, 0.05) * (m % 12 === 1 ? 0.6 : 1);
    addSeries(input, 'PLANT', { revenue: (m) => out(m) * (m >= 14 ? 1.3 : 1), trueRevenue: out, taxMonths: [], k: 6 });
    for (const m of Array.from({ length: 24 }, (_, i) => i)) input.social_insurance.push({ unit_id: 'PLANT', period: PERIODS[m]!, insured_headcount: 48 });
    const findings = run(noTaxShift, input);
    expect(findings.map((f) => f.subject.id).sort()).toEqual(['PLANT', 'QTR']);
    const q = only(findings, 'QTR')[0]!;
    expect(q.pattern).toBe('FALSIFY.INFLATE');
    expect(q.severity).toBe('high');
    expect(q.period).toBe(PERIODS[15]);
    const ev = q.evidence as { basis: string; quarterly_tax: { shift_log: number; episode_quarters: number }; kwh_ratio_shift_season_adjusted_log: number };
    expect(ev.basis).toBe('quarterly_tax');
    expect(ev.quarterly_tax.shift_log).toBeCloseTo(Math.log(1.3), 1);
    expect(ev.quarterly_tax.episode_quarters).toBe(3);
    expect(ev.kwh_ratio_shift_season_adjusted_log).toBeGreaterThan(0.15);
    expect(q.summary_zh).toContain('按季申报');
    const p = only(findings, 'PLANT')[0]!;
    expect(p.severity).toBe('medium'); // electricity alone
    expect(p.period).toBe(PERIODS[14]);
    const pe = p.evidence as { basis: string; tracking_corr: number; year_on_year: { gap_log: number } };
    expect(pe.basis).toBe('electricity_only');
    expect(pe.tracking_corr).toBeGreaterThan(0.6);
    expect(pe.year_on_year.gap_log).toBeCloseTo(Math.log(1.3), 1);
    expect(p.summary_en).toContain('no tax record');
  });

  it('stays silent (or low) on a real boom that tax or the meter follows, a meter that does not track sales, a modest shift the meter moved with, and monthly declarers', () => {
    const input = emptyInput();
    cateringPeers(input);
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(
      unit('QBOOM', { category: 'catering', industry_code: '6210' }),
      unit('PBOOM'),
      unit('SHOP', { category: 'wholesale', industry_code: '5191' }),
      unit('QFLAT', { category: 'catering', industry_code: '6210' }),
      unit('MONTHLY'),
    );
    // A real boom of a quarterly declarer: tax follows.
    const qb = (m: number) => dine(m, 3) * (m >= 15 ? 1.35 : 1);
    addSeries(input, 'QBOOM', { revenue: qb, taxMonths: [], k: 5 });
    quarterlyTax(input, 'QBOOM', qb);
    addWeatherKwh(input, 'QBOOM');
    // A real boom of a plant with no tax: the meter follows.
    const pb = (m: number) => 3000 * wobble(m, 7) * (m % 12 === 1 ? 0.6 : 1) * (m >= 14 ? 1.3 : 1);
    addSeries(input, 'PBOOM', { revenue: pb, taxMonths: [], k: 7 });
    // A trader with no tax whose meter (lights, a cold room) does not follow its sales: its ratio can neither confirm nor deny.
    const sales = (m: number) => 2000 * (1 + 0.05 * Math.sin(m * 2.1));
    addSeries(input, 'SHOP', { revenue: (m) => sales(m) * (m >= 14 ? 1.3 : 1), trueRevenue: () => 2000, taxMonths: [], k: 8 });
    // Quarterly tax shows a modest shift while the meter moved with revenue: a real change whose tax lags.
    const qf = (m: number) => dine(m, 4.5);
    addSeries(input, 'QFLAT', { revenue: (m) => qf(m) * (m >= 15 ? 1.15 : 1), trueRevenue: (m) => qf(m) * (m >= 15 ? 1.15 : 1), taxMonths: [], k: 9.5 });
    quarterlyTax(input, 'QFLAT', qf);
    addWeatherKwh(input, 'QFLAT');
    // Monthly tax: the cross-source shift rule's case.
    addSeries(input, 'MONTHLY', { revenue: (m) => 3000 * wobble(m, 9) * (m >= 12 ? 1.4 : 1), trueRevenue: (m) => 3000 * wobble(m, 9), k: 10 });
    const findings = run(noTaxShift, input);
    expect(findings.filter((f) => f.severity !== 'low')).toEqual([]);
    expect(only(findings, 'QBOOM')).toHaveLength(0);
    expect(only(findings, 'PBOOM')).toHaveLength(0);
    expect(only(findings, 'MONTHLY')).toHaveLength(0);
    expect(String(only(findings, 'SHOP')[0]!.evidence.notes)).toContain('does not follow its revenue');
    expect(String(only(findings, 'QFLAT')[0]!.evidence.notes)).toContain('metered electricity itself rose');
  });

  it("reads a real change through base load: the meter moving a third of revenue's way year on year is the business, not the report", () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('BASELOAD'));
    // A plant with no tax that really grew ×1.6 from 2024-03; its meter rose only ×1.25 (the base
    // load does not grow with output): kWh followed 47 % of revenue's move in log terms.
    const base = (m: number) => 3000 * wobble(m, 5.5, 0.05) * (m % 12 === 1 ? 0.6 : 1);
    addSeries(input, 'BASELOAD', { revenue: (m) => base(m) * (m >= 14 ? 1.6 : 1), trueRevenue: (m) => base(m) * (m >= 14 ? 1.25 : 1), taxMonths: [], k: 6 });
    for (let m = 0; m < 24; m++) input.social_insurance.push({ unit_id: 'BASELOAD', period: PERIODS[m]!, insured_headcount: 48 });
    expect(only(run(noTaxShift, input), 'BASELOAD').filter((f) => f.severity !== 'low')).toEqual([]);
    // Asking the meter to follow half of revenue's move (version 1) reported it.
    expect(only(run(noTaxShift, input, { kwhFollowShare: 0.5 }), 'BASELOAD').filter((f) => f.severity !== 'low')).toHaveLength(1);
  });

  it('reads a jump of the latest quarter only when large, and ignores a declarer with too few quarters', () => {
    const input = emptyInput();
    cateringPeers(input);
    input.units.push(
      unit('LAST', { category: 'catering', industry_code: '6210' }),
      unit('SMALLQ', { category: 'catering', industry_code: '6210' }),
      unit('FEWQ', { category: 'catering', industry_code: '6210' }),
    );
    addSeries(input, 'LAST', { revenue: (m) => dine(m, 5.5) * (m >= 21 ? 1.35 : 1), trueRevenue: (m) => dine(m, 5.5), taxMonths: [], k: 11 });
    quarterlyTax(input, 'LAST', (m) => dine(m, 5.5));
    addWeatherKwh(input, 'LAST');
    addSeries(input, 'SMALLQ', { revenue: (m) => dine(m, 6) * (m >= 21 ? 1.15 : 1), trueRevenue: (m) => dine(m, 6), taxMonths: [], k: 12 });
    quarterlyTax(input, 'SMALLQ', (m) => dine(m, 6));
    addWeatherKwh(input, 'SMALLQ');
    const fewMonths = [15, 16, 17, 18, 19, 20, 21, 22, 23];
    addSeries(input, 'FEWQ', { revenue: (m) => dine(m, 7) * (m >= 18 ? 1.4 : 1), trueRevenue: (m) => dine(m, 7), reportMonths: fewMonths, taxMonths: [], kwhMonths: fewMonths, k: 13 });
    for (const m of [17, 20, 23]) input.tax.push({ unit_id: 'FEWQ', period: PERIODS[m]!, taxable_sales: Math.round((dine(m, 7) + dine(m - 1, 7) + dine(m - 2, 7)) * 0.97) });
    const findings = run(noTaxShift, input);
    const last = only(findings, 'LAST')[0]!;
    expect(last.severity).not.toBe('low');
    expect(last.period).toBe(PERIODS[21]);
    expect(only(findings, 'SMALLQ')).toHaveLength(0);
    expect(only(findings, 'FEWQ')).toHaveLength(0);
  });

  it("GIVEN a quarter's sale declared in the next quarter THEN silent; a cut after a quarter or two is not read as a lift of the quarter before it", () => {
    const input = emptyInput();
    cateringPeers(input);
    for (const id of ['QLATE', 'QCUT']) input.units.push(unit(id, { category: 'catering', industry_code: '6210' }));
    // Honest, but 35% of the third quarter of 2023 declared with the fourth.
    addSeries(input, 'QLATE', { revenue: (m) => dine(m, 8), taxMonths: [], k: 14 });
    addWeatherKwh(input, 'QLATE');
    const late: Record<number, number> = {};
    for (let m = 2; m < 24; m += 3) late[m] = (dine(m, 8) + dine(m - 1, 8) + dine(m - 2, 8)) * 0.97;
    late[11] = late[11]! + 0.35 * late[8]!;
    late[8] = 0.65 * late[8]!;
    for (let m = 2; m < 24; m += 3) input.tax.push({ unit_id: 'QLATE', period: PERIODS[m]!, taxable_sales: Math.round(late[m]! * 10) / 10 });
    // Revenue cut by 40% from 2023-07, the second quarter of 2023 20% high: no quarter was lifted against the quarters around it.
    addSeries(input, 'QCUT', { revenue: (m) => dine(m, 9) * (m >= 6 ? 0.6 : m >= 3 ? 1.2 : 1), trueRevenue: (m) => dine(m, 9), taxMonths: [], k: 15 });
    quarterlyTax(input, 'QCUT', (m) => dine(m, 9));
    addWeatherKwh(input, 'QCUT');
    const findings = run(noTaxShift, input);
    expect(only(findings, 'QLATE')).toHaveLength(0);
    expect(only(findings, 'QCUT').filter((f) => f.pattern === 'FALSIFY.INFLATE')).toHaveLength(0);
    // Without the realignment the late sale alone is an episode; without the two sides' agreement the quarter before the cut is a lift.
    const loose = run(noTaxShift, input, { lateK: 1e9, sideAgreement: 1e9 });
    expect(only(loose, 'QLATE')).not.toHaveLength(0);
    expect(only(loose, 'QCUT').filter((f) => f.pattern === 'FALSIFY.INFLATE')).not.toHaveLength(0);
  });
});
