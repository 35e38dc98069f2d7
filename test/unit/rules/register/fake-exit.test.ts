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
});
