import { describe, expect, it } from 'vitest';
import { thresholdBunching } from '../../../../lib/rules/falsify/threshold-bunching';
import { addPeers, addSeries, emptyInput, entryEvent, only, PERIODS, run, unit, wobble } from '../../../helpers/falsify-fixtures';

type Tax = { implied_annual_revenue: number; robust_z: number; months: number; peer: { n: number } };
type Density = { reported: { below: number; above: number }; tax_implied: { below: number; above: number } };
/** A monthly series that sums to `annual` over each calendar year (wobble averages out nearly). */
const monthly = (annual: number, k: number) => (m: number) => (annual / 12) * wobble(m, k);

describe('falsify.threshold-bunching', () => {
  it('flags revenue placed just over the threshold while tax and electricity show a smaller business', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 40_000);
    input.units.push(unit('RENT'));
    // Really 15 000 a year; reported ×1.36 in every month, so 2024 lands at about 20 400.
    addSeries(input, 'RENT', { revenue: (m) => monthly(15_000, 5)(m) * 1.36, trueRevenue: monthly(15_000, 5), k: 5 });
    const findings = run(thresholdBunching, input);
    expect(findings.map((f) => f.subject.id)).toEqual(['RENT']);
    const f = findings[0]!;
    expect(f.severity).toBe('high');
    expect(f.period === PERIODS[0] || f.period === PERIODS[12]).toBe(true);
    expect(f.evidence.threshold).toBe(20_000);
    expect(f.evidence.reported_annual as number).toBeGreaterThan(20_000);
    const tax = f.evidence.tax as Tax;
    expect(tax.implied_annual_revenue).toBeLessThan(16_500);
    expect(tax.robust_z).toBeGreaterThan(2);
    expect(tax.peer.n).toBe(12);
    const d = f.evidence.district_density as Density;
    expect(d.reported.above).toBe(1);
    expect(d.tax_implied.above).toBe(0);
  });

  it('stays silent for a unit genuinely just above the threshold whose tax agrees', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 40_000);
    input.units.push(unit('REAL'), unit('LOWTAX'));
    addSeries(input, 'REAL', { revenue: monthly(20_400, 6), k: 6 });
    // Just above, with a tax ratio at the low end of the peers' (0.9): within the peer spread.
    addSeries(input, 'LOWTAX', { revenue: monthly(20_600, 8), taxRatio: 0.9, k: 8 });
    expect(run(thresholdBunching, input)).toHaveLength(0);
  });

  it('defers to the fake-entry rule, skips categories without a threshold, thin tax and lone units', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 40_000);
    input.units.push(unit('ENTRANT'), unit('BUILDER', { category: 'construction', industry_code: '4811' }), unit('NOTAX'), unit('LONE', { category: 'accommodation', industry_code: '6110' }));
    addSeries(input, 'ENTRANT', { revenue: (m) => monthly(15_000, 9)(m) * 1.36, trueRevenue: monthly(15_000, 9), k: 9 });
    input.register_events.push(entryEvent({ event_id: 'E9', unit_id: 'ENTRANT', period: '2024-03' }));
    addSeries(input, 'BUILDER', { revenue: (m) => monthly(15_000, 2)(m) * 1.36, trueRevenue: monthly(15_000, 2) });
    addSeries(input, 'NOTAX', { revenue: (m) => monthly(15_000, 3)(m) * 1.36, trueRevenue: monthly(15_000, 3), taxMonths: [0, 1, 2, 12, 13, 14] });
    addSeries(input, 'LONE', { revenue: (m) => monthly(1_500, 4)(m) * 1.36, trueRevenue: monthly(1_500, 4) });
    const findings = run(thresholdBunching, input);
    const entrant = only(findings, 'ENTRANT');
    expect(entrant).toHaveLength(1);
    expect(entrant[0]!.severity).toBe('low');
    expect(entrant[0]!.evidence.register_entry).toBe('E9');
    expect(only(findings, 'BUILDER')).toHaveLength(0);
    expect(only(findings, 'NOTAX')).toHaveLength(0);
    expect(only(findings, 'LONE')).toHaveLength(0);
  });
});
