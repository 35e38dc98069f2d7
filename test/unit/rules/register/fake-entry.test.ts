import { describe, expect, it } from 'vitest';
import { fakeEntry } from '../../../../lib/rules/register/fake-entry';
import { addPeers, addSeries, emptyInput, event, PERIODS, reviewed, run, unit, wobble } from '../../../helpers/register-fixtures';

function district() {
  const input = emptyInput();
  addPeers(input, 10, 'industry', '2110', 30_000);
  return input;
}

describe('register.fake-entry', () => {
  it('flags an entry whose declared revenue tax does not bear out', () => {
    const input = district();
    input.units.push(unit('FAKE', { entered_period: '2024-01' }));
    // Really 12 000 a year; reports lifted to ~21 600 from three months before entry.
    addSeries(input, 'FAKE', { reportMonths: PERIODS.map((_, m) => m).filter((m) => m >= 9), revenue: (m) => 1800 * wobble(m), trueRevenue: (m) => 1000 * wobble(m), taxRatio: 0.95, kwhPerRevenue: 50 });
    input.register_events.push(event({ event_id: 'E1', unit_id: 'FAKE', type: 'entry', period: '2024-01', reason: 'reached_threshold', declared_annual_revenue: 21_000, evidence_tax_revenue: 20_500 }));
    const [f, ...rest] = run(fakeEntry, input);
    expect(rest).toHaveLength(0);
    expect(f!.severity).toBe('high');
    expect(f!.subject).toEqual({ kind: 'register_event', id: 'E1' });
    const tax = f!.evidence.tax as { months: number; annualised: number; implied_revenue: number };
    expect(tax.months).toBe(12);
    expect(tax.annualised).toBeGreaterThan(11_000);
    expect(tax.annualised).toBeLessThan(12_000);
    expect(tax.implied_revenue).toBeLessThan(20_000);
    expect(f!.summary_en).toContain('21000');
  });

  it('stays silent for a unit that really grew through the threshold', () => {
    const input = district();
    input.units.push(unit('REAL', { entered_period: '2024-01' }));
    addSeries(input, 'REAL', { reportMonths: PERIODS.map((_, m) => m).filter((m) => m >= 12), revenue: (m) => (1500 + 40 * m) * wobble(m), taxRatio: 0.94 });
    const declared = PERIODS.slice(0, 12).reduce((s, _, m) => s + (1500 + 40 * m) * wobble(m), 0);
    input.register_events.push(event({ event_id: 'E2', unit_id: 'REAL', type: 'entry', period: '2024-01', reason: 'reached_threshold', declared_annual_revenue: declared, evidence_tax_revenue: declared * 0.94 }));
    expect(run(fakeEntry, input)).toHaveLength(0);
  });

  it('caps partial or missing tax evidence at medium', () => {
    const input = district();
    input.units.push(unit('LATE'), unit('NOTAX'));
    // Tax records only for the 5 months before entry, at 60% of the declared scale.
    addSeries(input, 'LATE', { reportMonths: [12, 13], refMonths: [7, 8, 9, 10, 11], revenue: 1750, trueRevenue: 1000 });
    input.register_events.push(event({ event_id: 'E3', unit_id: 'LATE', type: 'entry', period: '2024-01', reason: 'newly_established', declared_annual_revenue: 21_000 }));
    // No reference records at all.
    addSeries(input, 'NOTAX', { reportMonths: [12], refMonths: [], revenue: 1750 });
    input.register_events.push(event({ event_id: 'E4', unit_id: 'NOTAX', type: 'entry', period: '2024-01', reason: 'moved_in', declared_annual_revenue: 21_000 }));
    const findings = run(fakeEntry, input);
    const late = findings.find((f) => f.subject.id === 'E3');
    expect(late?.severity).toBe('medium');
    expect((late!.evidence.tax as { months: number }).months).toBe(5);
    expect(findings.find((f) => f.subject.id === 'E4')).toBeUndefined();
    expect(reviewed(findings).every((f) => f.severity === 'medium')).toBe(true);
  });

  it('ignores events of unknown units and entries without a declaration', () => {
    const input = district();
    input.register_events.push(event({ event_id: 'E5', unit_id: 'GHOST', type: 'entry', period: '2024-01', reason: 'other', declared_annual_revenue: 25_000 }));
    input.register_events.push(event({ event_id: 'E6', unit_id: 'PEERindustry21100', type: 'entry', period: '2024-01', reason: 'other' }));
    expect(run(fakeEntry, input)).toHaveLength(0);
  });
});
