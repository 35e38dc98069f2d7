import { describe, expect, it } from 'vitest';
import { crossSourceShift } from '../../../../lib/rules/falsify/cross-source-shift';
import { addPeers, addSeries, emptyInput, entryEvent, only, PERIODS, run, unit, wobble } from '../../../helpers/falsify-fixtures';

type Src = { shift_log: number; baseline_ratio: number; episode_ratio: number; t: number } | null;
type Peers = { n: number; robust_z: number; hidiroglou_berthelot: { status: string | null } } | null;
const level = (m: number, k = 1) => 3000 * wobble(m, k) * (m % 12 === 1 ? 0.8 : m % 12 === 11 ? 1.2 : 1);

describe('falsify.cross-source-shift', () => {
  it('flags revenue lifted (and cut) against tax and electricity as INFLATE (and CONCEAL), with peer statistics', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('UP'), unit('DOWN'));
    addSeries(input, 'UP', { revenue: (m) => level(m) * (m >= 12 ? 1.5 : 1), trueRevenue: level, employees: (m) => (m >= 12 ? 70 : 50) });
    addSeries(input, 'DOWN', { revenue: (m) => level(m, 2) * (m >= 9 ? 0.55 : 1), trueRevenue: (m) => level(m, 2), k: 7 });
    const findings = run(crossSourceShift, input);
    expect(findings.map((f) => f.subject.id).sort()).toEqual(['DOWN', 'UP']);
    const up = only(findings, 'UP')[0]!;
    expect(up.pattern).toBe('FALSIFY.INFLATE');
    expect(up.severity).toBe('high');
    expect(up.period).toBe(PERIODS[12]);
    const tax = up.evidence.tax as Src;
    expect(tax!.shift_log).toBeCloseTo(Math.log(1.5), 1);
    expect((up.evidence.electricity as Src)!.shift_log).toBeCloseTo(Math.log(1.5), 1);
    const peers = up.evidence.peers as Peers;
    expect(peers!.n).toBe(13); // the twelve peers and DOWN
    expect(peers!.robust_z).toBeGreaterThan(5);
    expect(peers!.hidiroglou_berthelot.status).toBe('FTI');
    expect(up.evidence.employees_vs_insured_shift_log as number).toBeGreaterThan(0.3);
    const down = only(findings, 'DOWN')[0]!;
    expect(down.pattern).toBe('FALSIFY.CONCEAL');
    expect(down.period).toBe(PERIODS[9]);
    expect(down.severity).toBe('high');
    expect(down.summary_en).toContain('down');
  });

  it('stays silent on real booms, real declines and a town-wide shock that tax and the meter see too', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('BOOM'), unit('FALL'));
    const boom = (m: number) => level(m) * (m >= 12 ? 1 + 0.8 * Math.min(1, (m - 11) / 3) : 1);
    addSeries(input, 'BOOM', { revenue: boom, employees: (m) => (m >= 12 ? 65 : 50) });
    addSeries(input, 'FALL', { revenue: (m) => level(m, 3) * (m >= 14 ? 0.5 : 1), k: 4 });
    // A road closure: every unit of a town down a third for three months, in every source.
    addPeers(input, 8, 'retail', '5212', 8_000, { prefix: 'TOWN', town: '371302011000', trueRevenue: (m, i) => (8_000 / 12) * wobble(m, i) * (m >= 15 && m <= 17 ? 0.68 : 1) });
    expect(run(crossSourceShift, input)).toHaveLength(0);
  });

  it('caps a single cross source at medium, leaves threshold placement, entries and copies to their rules, and ignores thin data', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('NOKWH'), unit('OVER'), unit('ENTRY'), unit('COPY'), unit('THIN'), unit('ALONE', { category: 'catering', industry_code: '6210' }));
    addSeries(input, 'NOKWH', { revenue: (m) => level(m) * (m >= 10 ? 1.6 : 1), trueRevenue: level, kwhMonths: [] });
    // Lifted from three months before a register entry: REGISTER.FAKE_ENTRY's case.
    addSeries(input, 'ENTRY', { revenue: (m) => level(m, 5) * (m >= 13 ? 1.6 : 1), trueRevenue: (m) => level(m, 5), k: 9 });
    input.register_events.push(entryEvent({ event_id: 'E1', unit_id: 'ENTRY', period: PERIODS[15]! }));
    // From 2024-01 reports copy a peer's figures (same month-to-month changes), 30% above its own business.
    const source = 'PEER-industry-2110-3';
    const peerRevenue = (m: number) => (36_000 / 12) * 1.3 * wobble(m, 3);
    addSeries(input, 'COPY', { revenue: (m) => (m >= 12 ? peerRevenue(m) * 0.9 : (peerRevenue(m) * 0.9) / 1.3 * wobble(m, 11) / wobble(m, 3)), trueRevenue: (m) => (peerRevenue(m) * 0.9) / 1.3 * wobble(m, 11) / wobble(m, 3), k: 11 });
    // Honest in 2023, then lifted so that 2024 lands just over the 20 000 threshold: RENT.THRESHOLD's case.
    addSeries(input, 'OVER', { revenue: (m) => (m >= 12 ? 1700 : 1250) * wobble(m, 17), trueRevenue: (m) => 1250 * wobble(m, 17), k: 17 });
    // Only five months of anything.
    addSeries(input, 'THIN', { revenue: (m) => level(m) * (m >= 21 ? 1.6 : 1), trueRevenue: level, reportMonths: [19, 20, 21, 22, 23] });
    // No peers at all (a group of one): judged on its own history.
    addSeries(input, 'ALONE', { revenue: (m) => 500 * wobble(m, 13) * (m >= 12 ? 1.7 : 1), trueRevenue: (m) => 500 * wobble(m, 13), kwhPerRevenue: 30, k: 13 });
    const findings = run(crossSourceShift, input);
    const nokwh = only(findings, 'NOKWH')[0]!;
    expect(nokwh.severity).toBe('medium');
    expect(nokwh.evidence.sources).toBe('tax_only');
    expect(only(findings, 'ENTRY')[0]!.severity).toBe('low');
    expect(String(only(findings, 'ENTRY')[0]!.evidence.notes)).toContain('REGISTER.FAKE_ENTRY');
    const over = only(findings, 'OVER')[0]!;
    expect(over.pattern).toBe('FALSIFY.INFLATE');
    expect(over.severity).toBe('low');
    expect(String(over.evidence.notes)).toContain('RENT.THRESHOLD');
    const copy = only(findings, 'COPY')[0]!;
    expect(copy.severity).toBe('low');
    expect(copy.evidence.copied_from).toBe(source);
    expect(only(findings, 'THIN')).toHaveLength(0);
    const alone = only(findings, 'ALONE')[0]!;
    expect(alone.pattern).toBe('FALSIFY.INFLATE');
    expect(alone.evidence.peers).toBeNull();
    expect(alone.severity).not.toBe('low');
  });

  it('GIVEN a developer whose revenue is booked at handover while tax follows presales THEN at most low; a service unit moved against electricity alone is low', () => {
    const input = emptyInput();
    addPeers(input, 12, 'real_estate', '7010', 60_000);
    addPeers(input, 12, 'services', '7020', 12_000);
    input.units.push(unit('DEV', { category: 'real_estate', industry_code: '7010' }), unit('SVC', { category: 'services', industry_code: '7020' }));
    // Handover months 10–12: revenue jumps thirty-fold against presales-driven tax.
    const presales = (m: number) => 5000 * wobble(m, 4);
    addSeries(input, 'DEV', { revenue: (m) => (m >= 10 && m <= 12 ? presales(m) * 30 : presales(m) * 0.1), trueRevenue: presales, k: 4 });
    // No tax on file; reported revenue down 45% against the meter from month 12.
    const svc = (m: number) => 1000 * wobble(m, 6);
    addSeries(input, 'SVC', { revenue: (m) => svc(m) * (m >= 12 ? 0.55 : 1), trueRevenue: svc, taxMonths: [], k: 6 });
    const findings = run(crossSourceShift, input);
    for (const f of findings) expect({ id: f.subject.id, severity: f.severity }).toEqual({ id: f.subject.id, severity: 'low' });
    const dev = only(findings, 'DEV')[0];
    if (dev) expect((dev.evidence.notes as string[]).join(' ')).toContain('handover');
  });

  it('GIVEN the same reported cut in an industry unit with no tax on file THEN electricity alone still makes it medium', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('IND'));
    addSeries(input, 'IND', { revenue: (m) => level(m, 6) * (m >= 12 ? 0.55 : 1), trueRevenue: (m) => level(m, 6), taxMonths: [], k: 6 });
    const [f] = only(run(crossSourceShift, input), 'IND');
    expect(f!.pattern).toBe('FALSIFY.CONCEAL');
    expect(f!.severity).toBe('medium');
  });
});
