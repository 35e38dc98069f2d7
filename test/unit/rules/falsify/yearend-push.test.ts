import { describe, expect, it } from 'vitest';
import { yearendPush } from '../../../../lib/rules/falsify/yearend-push';
import { addPeers, addSeries, emptyInput, only, PERIODS, run, unit, wobble } from '../../../helpers/falsify-fixtures';

const level = (m: number, k = 1) => 3000 * wobble(m, k);
const yearEnd = (m: number) => m % 12 === 10 || m % 12 === 11;
const quarterEnd = (m: number) => m % 12 === 2 || m % 12 === 5 || m % 12 === 8;

describe('falsify.yearend-push', () => {
  it('flags revenue lifted above tax in Nov/Dec of every year (and some quarter ends) as INFLATE', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('PUSH'));
    addSeries(input, 'PUSH', { revenue: (m) => level(m) * (yearEnd(m) ? 1.3 : quarterEnd(m) && m > 12 ? 1.2 : 1), trueRevenue: level });
    const findings = run(yearendPush, input);
    expect(findings.map((f) => f.subject.id)).toEqual(['PUSH']);
    const f = findings[0]!;
    expect(yearendPush.pattern).toBe('FALSIFY.INFLATE');
    expect(f.period).toBe(PERIODS[10]);
    expect(f.severity).toBe('high');
    const tax = f.evidence.tax as { excess_log: number; years: number; quarter_end_lifted: number; consistency: number };
    expect(tax.excess_log).toBeCloseTo(Math.log(1.3), 1);
    expect(tax.years).toBe(2);
    expect(tax.quarter_end_lifted).toBe(3);
    expect(tax.consistency).toBe(1);
    expect((f.evidence.electricity as { agrees: boolean }).agrees).toBe(true);
    expect(f.summary_en).toMatch(/30% higher/);
  });

  it('stays silent on a real December peak tax follows, on a lift in one year only, and on tax declared a month late', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('PEAK'), unit('ONCE'), unit('LATE'));
    addSeries(input, 'PEAK', { revenue: (m) => level(m, 2) * (yearEnd(m) ? 1.6 : 1), k: 2 });
    // Lifted from 2024-09 on only (a step, not a yearly push): the cross-source shift rule's case.
    addSeries(input, 'ONCE', { revenue: (m) => level(m, 3) * (m >= 20 ? 1.3 : 1), trueRevenue: (m) => level(m, 3), k: 3 });
    // A seasonal business whose tax is declared one month late: high ratio at year-end, as low the month after.
    const seasonal = (m: number) => 3000 * wobble(m, 4) * (yearEnd(m) ? 1.5 : 1);
    addSeries(input, 'LATE', { revenue: seasonal, taxMonths: [], k: 4 });
    for (let m = 1; m < PERIODS.length; m++) input.tax.push({ unit_id: 'LATE', period: PERIODS[m]!, taxable_sales: Math.round(seasonal(m - 1) * 0.95 * 10) / 10 });
    expect(run(yearendPush, input)).toHaveLength(0);
  });

  it('lowers a year-end excess the peers share, a developer handing over flats, and needs two years of baseline', () => {
    const input = emptyInput();
    // Every unit of the group invoices its December sales in January: a district-wide calendar, not a push.
    for (let i = 0; i < 10; i++) {
      const id = `G${i}`;
      input.units.push(unit(id));
      addSeries(input, id, { revenue: (m) => 2000 * wobble(m, i) * (yearEnd(m) ? 1.3 : 1), trueRevenue: (m) => 2000 * wobble(m, i), k: i + 10 });
    }
    input.units.push(unit('ESTATE', { category: 'real_estate', industry_code: '7010' }), unit('SHORT'));
    addSeries(input, 'ESTATE', { revenue: (m) => 9000 * wobble(m, 5) * (yearEnd(m) ? 1.8 : 1), trueRevenue: (m) => 9000 * wobble(m, 5), k: 5 });
    addSeries(input, 'SHORT', { revenue: (m) => level(m, 6) * (yearEnd(m) ? 1.3 : 1), trueRevenue: (m) => level(m, 6), reportMonths: [14, 15, 16, 17, 18, 19, 20, 21, 22, 23], k: 6 });
    const findings = run(yearendPush, input);
    const group = findings.filter((f) => f.subject.id.startsWith('G'));
    expect(group.length).toBeGreaterThan(0);
    expect(group.every((f) => f.severity === 'low')).toBe(true);
    expect(String(group[0]!.evidence.notes)).toContain('peers');
    expect(only(findings, 'ESTATE')[0]!.severity).toBe('low');
    expect(only(findings, 'SHORT')).toHaveLength(0);
  });
});
