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
    addSeries(input, 'FAKE', {
      reportMonths: PERIODS.map((_, m) => m).filter((m) => m >= 9),
      revenue: (m) => 1800 * wobble(m),
      trueRevenue: (m) => 1000 * wobble(m),
      taxRatio: 0.95,
      kwhPerRevenue: 50,
    });
    input.register_events.push(
      event({ event_id: 'E1', unit_id: 'FAKE', type: 'entry', period: '2024-01', reason: 'reached_threshold', declared_annual_revenue: 21_000, evidence_tax_revenue: 20_500 }),
    );
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
    input.register_events.push(
      event({ event_id: 'E2', unit_id: 'REAL', type: 'entry', period: '2024-01', reason: 'reached_threshold', declared_annual_revenue: declared, evidence_tax_revenue: declared * 0.94 }),
    );
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

  it('flags a newly established shell whose reports after entry tax and the insured headcount do not follow', () => {
    const input = district();
    input.units.push(unit('SHELL', { entered_period: '2024-01' }), unit('NEWCO', { entered_period: '2024-01' }));
    const after = PERIODS.map((_, m) => m).filter((m) => m >= 12);
    const since = PERIODS.map((_, m) => m).filter((m) => m >= 10);
    // Set up 2023-11: three months of tax before entry (too few to judge), 3 insured; then reports claim ~43 000 a year and 60 staff.
    addSeries(input, 'SHELL', { reportMonths: after, refMonths: [], revenue: (m) => 3_600 * wobble(m), employees: 60 });
    // Look-alike: a real new firm of the same size whose tax and insured staff follow its reports.
    addSeries(input, 'NEWCO', { reportMonths: after, refMonths: [], revenue: (m) => 3_600 * wobble(m, 2), employees: 60 });
    for (const m of since) {
      const period = PERIODS[m]!;
      input.tax.push({ unit_id: 'SHELL', period, taxable_sales: 140 * wobble(m, 3) }, { unit_id: 'NEWCO', period, taxable_sales: 3_600 * 0.94 * wobble(m, 2) });
      input.social_insurance.push({ unit_id: 'SHELL', period, insured_headcount: 3 }, { unit_id: 'NEWCO', period, insured_headcount: 57 });
    }
    input.register_events.push(event({ event_id: 'ES', unit_id: 'SHELL', type: 'entry', period: '2024-01', reason: 'newly_established', declared_annual_revenue: 43_000 }));
    input.register_events.push(event({ event_id: 'EN', unit_id: 'NEWCO', type: 'entry', period: '2024-01', reason: 'newly_established', declared_annual_revenue: 43_000 }));
    const findings = run(fakeEntry, input);
    expect(findings.find((f) => f.subject.id === 'EN')).toBeUndefined();
    const f = findings.find((x) => x.subject.id === 'ES')!;
    expect(f.severity).toBe('medium');
    expect((f.evidence.tax as { months: number }).months).toBe(3);
    const post = f.evidence.after_entry as { months: number; tax_to_revenue: number; reported_staff: number; insured: number; staff_per_insured: number };
    expect(post.months).toBe(12);
    expect(post.tax_to_revenue).toBeLessThan(0.1);
    expect(post.staff_per_insured).toBe(20);
    expect(f.summary_en).toContain('60 staff against 3 insured');
    expect(f.summary_zh).toContain('参保仅3人');
  });

  // Replaces "stays low for an entry pushed just over the threshold" (the old deferral to
  // RENT.THRESHOLD inside this rule): the rule reports on its evidence, attribution picks the owner.
  it('reports an entry pushed just over the threshold on its own evidence, with the calibration', () => {
    const input = district();
    input.units.push(unit('PUSH', { entered_period: '2024-01' }));
    // Really 16 000 a year (20% below the threshold); declared 20 300.
    addSeries(input, 'PUSH', {
      reportMonths: PERIODS.map((_, m) => m).filter((m) => m >= 12),
      revenue: (m) => (16_000 / 12) * 1.27 * wobble(m),
      trueRevenue: (m) => (16_000 / 12) * wobble(m),
      taxRatio: 0.95,
    });
    input.register_events.push(
      event({ event_id: 'EP', unit_id: 'PUSH', type: 'entry', period: '2024-01', reason: 'reached_threshold', declared_annual_revenue: 20_300, evidence_tax_revenue: 20_000 }),
    );
    const [f, ...rest] = run(fakeEntry, input);
    expect(rest).toHaveLength(0);
    expect(f!.severity).toBe('high');
    const cal = f!.evidence.calibration as { false_alarm_rate: number; looks: number };
    expect(cal.false_alarm_rate).toBeLessThanOrEqual(1e-3);
    expect(f!.summary_zh).not.toMatch(/[A-Za-z]{3,}/);
    expect(f!.summary_en).toContain('10 peers');
  });

  it('keeps its tax evidence when the unit and some peers declare VAT by quarter', () => {
    const input = emptyInput();
    const peers = addPeers(input, 10, 'industry', '2110', 30_000);
    // Two of ten peers file VAT by quarter: nothing in two months, the quarter's total in the third.
    const quarterly = (id: string) => {
      const rows = input.tax.filter((r) => r.unit_id === id).sort((a, b) => a.period.localeCompare(b.period));
      let carry = 0;
      for (const r of rows) {
        carry += r.taxable_sales;
        r.taxable_sales = Number(r.period.slice(5)) % 3 === 0 ? carry : 0;
        if (Number(r.period.slice(5)) % 3 === 0) carry = 0;
      }
    };
    quarterly(peers[0]!);
    quarterly(peers[1]!);
    input.units.push(unit('QFAKE', { entered_period: '2024-04' }), unit('QREAL', { entered_period: '2024-04' }));
    // QFAKE: really ~11 400 a year, declares 22 876; QREAL: really ~21 000, declares it. Both quarterly.
    addSeries(input, 'QFAKE', { reportMonths: PERIODS.map((_, m) => m).filter((m) => m >= 15), revenue: (m) => 1900 * wobble(m), trueRevenue: (m) => 950 * wobble(m), taxRatio: 0.95 });
    addSeries(input, 'QREAL', { reportMonths: PERIODS.map((_, m) => m).filter((m) => m >= 15), revenue: (m) => 1750 * wobble(m, 2), taxRatio: 0.94 });
    quarterly('QFAKE');
    quarterly('QREAL');
    const declaredReal = PERIODS.slice(4, 16).reduce((s, _, i) => s + 1750 * wobble(i + 4, 2), 0);
    input.register_events.push(event({ event_id: 'QF', unit_id: 'QFAKE', type: 'entry', period: '2024-04', reason: 'reached_threshold', declared_annual_revenue: 22_876 }));
    input.register_events.push(event({ event_id: 'QR', unit_id: 'QREAL', type: 'entry', period: '2024-04', reason: 'reached_threshold', declared_annual_revenue: declaredReal }));
    const findings = run(fakeEntry, input);
    const f = findings.find((x) => x.subject.id === 'QF');
    expect(f?.severity).toBe('high');
    expect((f!.evidence.tax as { months: number }).months).toBe(12);
    expect(reviewed(findings).map((x) => x.subject.id)).toEqual(['QF']);
  });

  it('reads tax over the 12 months ending with the entry month, as the contract defines the declaration', () => {
    const input = district();
    input.units.push(unit('EDGE'));
    // Tax records 2023-10..2024-01: four months only if the entry month itself counts.
    addSeries(input, 'EDGE', { reportMonths: [12, 13], refMonths: [9, 10, 11, 12], revenue: 1750, trueRevenue: 1000 });
    input.register_events.push(event({ event_id: 'EE', unit_id: 'EDGE', type: 'entry', period: '2024-01', reason: 'newly_established', declared_annual_revenue: 21_000 }));
    const [f] = run(fakeEntry, input);
    expect((f!.evidence.tax as { months: number }).months).toBe(4);
    expect(f!.evidence.window).toBe('2023-02…2024-01');
    expect(f!.severity).toBe('medium');
  });
});
