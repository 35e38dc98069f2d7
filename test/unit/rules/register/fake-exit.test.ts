import { describe, expect, it } from 'vitest';
import { fakeExit } from '../../../../lib/rules/register/fake-exit';
import { addPeers, addSeries, emptyInput, event, PERIODS, run, unit, wobble } from '../../../helpers/register-fixtures';

const EXIT = 18; // 2024-07
const before = PERIODS.map((_, m) => m).filter((m) => m < EXIT);

describe('register.fake-exit', () => {
  it('flags an exit below the threshold while tax and electricity stay above it', () => {
    const input = emptyInput();
    addPeers(input, 10, 'wholesale', '5164', 40_000, 3);
    input.units.push(unit('CUT', { category: 'wholesale', industry_code: '5164', in_register: false, exited_period: '2024-07' }));
    // Really 36 000 a year throughout; reports halved from four months before the exit.
    addSeries(input, 'CUT', { reportMonths: before, revenue: (m) => (m >= EXIT - 4 ? 1500 : 3000) * wobble(m), trueRevenue: (m) => 3000 * wobble(m), kwhPerRevenue: 3 });
    input.register_events.push(event({ event_id: 'X1', unit_id: 'CUT', type: 'exit', category: 'wholesale', period: '2024-07', reason: 'below_threshold', declared_annual_revenue: 15_000 }));
    const [f, ...rest] = run(fakeExit, input);
    expect(rest).toHaveLength(0);
    expect(f!.severity).toBe('high');
    expect(f!.subject).toEqual({ kind: 'register_event', id: 'X1' });
    const tax = f!.evidence.tax as { implied_annual_revenue: number };
    expect(tax.implied_annual_revenue).toBeGreaterThan(33_000);
    expect((f!.evidence.reported as { divergence_vs_tax: number }).divergence_vs_tax).toBeGreaterThan(0.4);
  });

  it('stays silent for a genuine exit where tax and electricity fell too', () => {
    const input = emptyInput();
    addPeers(input, 10, 'wholesale', '5164', 40_000, 3);
    input.units.push(unit('FELL', { category: 'wholesale', industry_code: '5164', in_register: false }));
    const level = (m: number) => (m >= EXIT - 8 ? 1100 : 3000) * wobble(m);
    addSeries(input, 'FELL', { reportMonths: before, revenue: level, kwhPerRevenue: 3 });
    input.register_events.push(event({ event_id: 'X2', unit_id: 'FELL', type: 'exit', category: 'wholesale', period: '2024-07', reason: 'below_threshold', declared_annual_revenue: 13_200 }));
    expect(run(fakeExit, input)).toHaveLength(0);
  });

  it('uses electricity when tax is missing, capped at medium; skips categories without a threshold', () => {
    const input = emptyInput();
    addPeers(input, 10, 'wholesale', '5164', 40_000, 3);
    input.units.push(unit('NOTAX', { category: 'wholesale', industry_code: '5164' }), unit('BUILD', { category: 'construction', industry_code: '4811' }));
    addSeries(input, 'NOTAX', { reportMonths: before, revenue: (m) => (m >= EXIT - 4 ? 1200 : 3000) * wobble(m), trueRevenue: (m) => 3000 * wobble(m), kwhPerRevenue: 3 });
    input.tax = input.tax.filter((r) => r.unit_id !== 'NOTAX');
    input.register_events.push(event({ event_id: 'X3', unit_id: 'NOTAX', type: 'exit', category: 'wholesale', period: '2024-07', reason: 'ceased' }));
    addSeries(input, 'BUILD', { reportMonths: before, revenue: 5000 });
    input.register_events.push(event({ event_id: 'X4', unit_id: 'BUILD', type: 'exit', category: 'construction', period: '2024-07', reason: 'below_threshold' }));
    const findings = run(fakeExit, input);
    expect(findings.map((f) => f.subject.id)).toEqual(['X3']);
    expect(findings[0]!.severity).toBe('medium');
    expect((findings[0]!.evidence.tax as { months: number }).months).toBe(0);
  });

  it('GIVEN an exit as moved out THEN only records after the exit count: still taxed here at scale is flagged, records that stop are silent', () => {
    const input = emptyInput();
    addPeers(input, 10, 'wholesale', '5164', 40_000, 3);
    input.units.push(unit('STAYED', { category: 'wholesale', industry_code: '5164', in_register: false }), unit('LEFT', { category: 'wholesale', industry_code: '5164', in_register: false }));
    const level = (m: number) => 3000 * wobble(m);
    addSeries(input, 'STAYED', { reportMonths: before, revenue: level, kwhPerRevenue: 3 });
    addSeries(input, 'LEFT', { reportMonths: before, revenue: level, kwhPerRevenue: 3 });
    // LEFT's tax and grid records end with the move; STAYED's go on in this district.
    input.tax = input.tax.filter((r) => r.unit_id !== 'LEFT' || PERIODS.indexOf(r.period) < EXIT);
    input.electricity = input.electricity.filter((r) => r.unit_id !== 'LEFT' || PERIODS.indexOf(r.period) < EXIT);
    for (const id of ['STAYED', 'LEFT']) input.register_events.push(event({ event_id: `M-${id}`, unit_id: id, type: 'exit', category: 'wholesale', period: '2024-07', reason: 'moved_out' }));
    const fs = run(fakeExit, input);
    expect(fs.map((f) => f.subject.id)).toEqual(['M-STAYED']);
    expect(fs[0]!.severity).not.toBe('low');
  });
  describe("exits at the start of the data, claims against the unit's own reports, and honest closures", () => {
    const JAN = 12; // 2024-01
    const beforeJan = PERIODS.map((_, m) => m).filter((m) => m < JAN);
    const setup = () => {
      const input = emptyInput();
      addPeers(input, 10, 'wholesale', '5164', 40_000, 3);
      return input;
    };

    it('flags reports cut for seven months before an exit, judging the unit by its ratio before the cut', () => {
      const input = setup();
      input.units.push(unit('HALF', { category: 'wholesale', industry_code: '5164', in_register: false }));
      // Really 22 000 a year throughout (tax and grid); reports halved 2023-06..2023-12, so most of the
      // unit's own history is cut and its whole-history tax/revenue ratio says ~1.9.
      addSeries(input, 'HALF', { reportMonths: beforeJan, revenue: (m) => (m >= 5 ? 917 : 1833) * wobble(m), trueRevenue: (m) => 1833 * wobble(m), kwhPerRevenue: 3 });
      input.register_events.push(event({ event_id: 'H1', unit_id: 'HALF', type: 'exit', category: 'wholesale', period: '2024-01', reason: 'below_threshold', declared_annual_revenue: 16_500 }));
      const [f, ...rest] = run(fakeExit, input);
      expect(rest).toHaveLength(0);
      expect(f!.subject.id).toBe('H1');
      expect(f!.severity).not.toBe('low');
      const rep = f!.evidence.reported as { cut_away_from_tax: boolean; revenue_to_tax_last: number; revenue_to_tax_early: number };
      expect(rep.cut_away_from_tax).toBe(true);
      expect(rep.revenue_to_tax_last / rep.revenue_to_tax_early).toBeLessThan(0.6);
      // With the whole-history ratio (no early months to measure it on) the business is hidden.
      expect(run(fakeExit, input, { ownRatioGap: 1, ownRatioMinMonths: 13 }).filter((x) => x.severity !== 'low')).toHaveLength(0);
    });

    it("flags an exit whose declaration is contradicted by the unit's own reports, tax agreeing", () => {
      const input = setup();
      input.units.push(unit('CLAIM', { category: 'wholesale', industry_code: '5164', in_register: false }));
      // 22 800 a year by its own reports and by tax; the exit declares 14 800.
      addSeries(input, 'CLAIM', { reportMonths: beforeJan, revenue: (m) => 1900 * wobble(m), kwhPerRevenue: 3 });
      input.register_events.push(event({ event_id: 'C1', unit_id: 'CLAIM', type: 'exit', category: 'wholesale', period: '2024-01', reason: 'below_threshold', declared_annual_revenue: 14_800 }));
      const [f] = run(fakeExit, input);
      expect(f!.severity).not.toBe('low');
      expect((f!.evidence.components as { claim_vs_own_reports: number }).claim_vs_own_reports).toBe(1);
      expect(f!.summary_en).toContain('its own reports');
      expect(run(fakeExit, input, { claimFull: 1000 }).filter((x) => x.severity !== 'low')).toHaveLength(0);
    });

    it('stays silent for a large firm that ceases at the end of the data with tax falling to nothing, and for an honest decline', () => {
      const input = setup();
      input.units.push(unit('CLOSE', { category: 'wholesale', industry_code: '5164', in_register: false }), unit('SHRANK', { category: 'wholesale', industry_code: '5164', in_register: false }));
      // Ceases in 2024-12 (the last month): still above the threshold until the month before, tax 0 that month.
      addSeries(input, 'CLOSE', {
        reportMonths: PERIODS.map((_, m) => m).filter((m) => m < 23),
        refMonths: PERIODS.map((_, m) => m).filter((m) => m < 23),
        revenue: (m) => (m >= 16 ? 2800 : 4000) * wobble(m),
        kwhPerRevenue: 3,
      });
      input.tax.push({ unit_id: 'CLOSE', period: '2024-12', taxable_sales: 0 });
      input.electricity.push({ unit_id: 'CLOSE', period: '2024-12', kwh: 0 });
      input.register_events.push(event({ event_id: 'Z1', unit_id: 'CLOSE', type: 'exit', category: 'wholesale', period: '2024-12', reason: 'ceased' }));
      // Shrank to 12 000 a year from mid-2023, tax with it; its declaration is under its own 12 months of reports.
      addSeries(input, 'SHRANK', { reportMonths: beforeJan, revenue: (m) => (m >= 6 ? 1000 : 2400) * wobble(m), kwhPerRevenue: 3 });
      input.register_events.push(event({ event_id: 'Z2', unit_id: 'SHRANK', type: 'exit', category: 'wholesale', period: '2024-01', reason: 'below_threshold', declared_annual_revenue: 12_000 }));
      expect(run(fakeExit, input).filter((x) => x.severity !== 'low')).toEqual([]);
    });

    it('flags a unit that moved out with only two months of data after the exit still showing it here', () => {
      const input = setup();
      input.units.push(unit('LATE', { category: 'wholesale', industry_code: '5164', in_register: false }));
      addSeries(input, 'LATE', { reportMonths: PERIODS.map((_, m) => m).filter((m) => m < 21), revenue: (m) => 3000 * wobble(m), kwhPerRevenue: 3 });
      input.register_events.push(event({ event_id: 'L1', unit_id: 'LATE', type: 'exit', category: 'wholesale', period: '2024-10', reason: 'moved_out' }));
      const [f] = run(fakeExit, input);
      expect(f!.subject.id).toBe('L1');
      expect(f!.severity).not.toBe('low');
      expect((f!.evidence.tax as { months: number }).months).toBe(2);
    });
  });
});
