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

  it('caps a single cross source at medium, reports lifts before an entry, over a threshold or in copied figures on their cross-source evidence alone (attribution owns them), and ignores thin data', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('NOKWH'), unit('OVER'), unit('ENTRY'), unit('COPY'), unit('THIN'), unit('ALONE', { category: 'catering', industry_code: '6210' }));
    addSeries(input, 'NOKWH', { revenue: (m) => level(m) * (m >= 10 ? 1.6 : 1), trueRevenue: level, kwhMonths: [] });
    // Lifted from three months before a register entry: REGISTER.FAKE_ENTRY's case.
    addSeries(input, 'ENTRY', { revenue: (m) => level(m, 5) * (m >= 13 ? 1.6 : 1), trueRevenue: (m) => level(m, 5), k: 9 });
    input.register_events.push(entryEvent({ event_id: 'E1', unit_id: 'ENTRY', period: PERIODS[15]! }));
    // From 2024-01 reports copy a peer's figures (same month-to-month changes), 30% above its own business.
    const peerRevenue = (m: number) => (36_000 / 12) * 1.3 * wobble(m, 3);
    addSeries(input, 'COPY', {
      revenue: (m) => (m >= 12 ? peerRevenue(m) * 0.9 : (((peerRevenue(m) * 0.9) / 1.3) * wobble(m, 11)) / wobble(m, 3)),
      trueRevenue: (m) => (((peerRevenue(m) * 0.9) / 1.3) * wobble(m, 11)) / wobble(m, 3),
      k: 11,
    });
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
    // Entry, threshold placement and copying are not this rule's to judge: it reports the
    // cross-source evidence as it stands, and the engine's attribution step (after all rules)
    // hands the story to REGISTER.FAKE_ENTRY, RENT.THRESHOLD or FALSIFY.COPY when they fire.
    for (const id of ['ENTRY', 'OVER', 'COPY']) {
      const f = only(findings, id)[0]!;
      expect(f.pattern).toBe('FALSIFY.INFLATE');
      expect(f.severity).toBe('high');
      expect(String(f.evidence.notes)).not.toMatch(/REGISTER\.|RENT\.|FALSIFY\.COPY/);
      expect(f.evidence).not.toHaveProperty('copied_from');
    }
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

  it('GIVEN no tax on file and a real boom the meter follows through its base load THEN silent; a flat meter under the same lift is still medium', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('BOOM'), unit('LIFT'));
    // kWh = half base load + half proportional: a real ×1.6 moves the meter ×1.3, so revenue/kWh rises 23%.
    const boom = (m: number) => level(m, 7) * (m >= 12 ? 1.6 : 1);
    addSeries(input, 'BOOM', { revenue: boom, taxMonths: [], kwhMonths: [], k: 7 });
    for (let m = 0; m < PERIODS.length; m++) input.electricity.push({ unit_id: 'BOOM', period: PERIODS[m]!, kwh: Math.round(50 * (0.5 * level(m, 7) + 0.5 * boom(m)) * wobble(m, 9, 0.02)) });
    addSeries(input, 'LIFT', { revenue: (m) => level(m, 8) * (m >= 12 ? 1.3 : 1), trueRevenue: (m) => level(m, 8), taxMonths: [], k: 8 });
    const findings = run(crossSourceShift, input);
    expect(only(findings, 'BOOM')).toHaveLength(0);
    expect(only(findings, 'LIFT')[0]!.severity).toBe('medium');
    // Without the base-load check (the meter must move as much as revenue) the boom was reported.
    const before = only(run(crossSourceShift, input, { kwhFollowShare: 1 }), 'BOOM');
    expect(before[0]!.severity).toBe('medium');
  });

  it("GIVEN an emergency output cut across a town's industry, tax and revenue down together and the meter less (base load) THEN at most low", () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    const town = '371302011000';
    // Seven of the town's eight industrial units are cut to 40% for three months.
    for (let i = 0; i < 8; i++) {
      const id = `CUT${i}`;
      const cut = (m: number) => (i < 7 && m >= 11 && m <= 13 ? 0.4 : 1);
      input.units.push(unit(id, { town_code: town }));
      const real = (m: number) => 2000 * wobble(m, i) * cut(m);
      addSeries(input, id, { revenue: real, kwhMonths: [], taxMonths: [], k: i + 30 });
      // Tax falls with revenue (a little more: deferred invoices), the meter only halfway (base load).
      for (let m = 0; m < PERIODS.length; m++)
        input.tax.push({ unit_id: id, period: PERIODS[m]!, taxable_sales: Math.round(real(m) * 0.95 * (cut(m) < 1 ? 1.1 : 1) * wobble(m, i + 7, 0.02) * 10) / 10 });
      for (let m = 0; m < PERIODS.length; m++) input.social_insurance.push({ unit_id: id, period: PERIODS[m]!, insured_headcount: 48 });
      for (let m = 0; m < PERIODS.length; m++) input.electricity.push({ unit_id: id, period: PERIODS[m]!, kwh: Math.round(100_000 * wobble(m, i) * (0.5 + 0.5 * cut(m)) * wobble(m, i + 3, 0.02)) });
    }
    const findings = run(crossSourceShift, input);
    for (const f of findings) expect({ id: f.subject.id, severity: f.severity }).toEqual({ id: f.subject.id, severity: 'low' });
    const noted = findings.find((f) => String(f.evidence.notes).includes('town-wide shock'));
    expect(noted).toBeDefined();
    expect(noted!.summary_zh).toContain('全镇性冲击');
    expect(noted!.summary_zh).not.toContain('town-wide');
    // Without the town check (a shock would need every other unit of the town) these were reported.
    expect(run(crossSourceShift, input, { townShockShare: 1 }).some((f) => f.severity !== 'low')).toBe(true);
  });

  it('GIVEN a cluster boom across a town and one unit marking up on top of it THEN the boom stays silent and the mark-up against tax still stands', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    const town = '371302012000';
    const boom = (m: number) => (m >= 12 ? 2 : 1);
    for (let i = 0; i < 8; i++) {
      const id = `CL${i}`;
      input.units.push(unit(id, { town_code: town }));
      const real = (m: number) => 2000 * wobble(m, i + 0.37) * boom(m);
      // Unit CL0 reports 35% over its real business from the boom on.
      addSeries(input, id, { revenue: (m) => real(m) * (i === 0 && m >= 12 ? 1.35 : 1), trueRevenue: real, kwhMonths: [], k: i + 40 });
      for (let m = 0; m < PERIODS.length; m++)
        input.electricity.push({ unit_id: id, period: PERIODS[m]!, kwh: Math.round(100_000 * wobble(m, i + 0.37) * (0.5 + 0.5 * boom(m)) * wobble(m, i + 3, 0.02)) });
    }
    const findings = run(crossSourceShift, input);
    const serious = findings.filter((f) => f.severity !== 'low').map((f) => f.subject.id);
    expect(serious).toEqual(['CL0']);
    expect(only(findings, 'CL0')[0]!.pattern).toBe('FALSIFY.INFLATE');
  });

  it('GIVEN a mark-up tax shows while the meter of a unit whose power use never tracked its sales stays noisy THEN medium on tax alone', () => {
    const input = emptyInput();
    addPeers(input, 12, 'retail', '5261', 12_000);
    input.units.push(unit('SHOP', { category: 'retail', industry_code: '5261' }));
    const shop = (m: number) => 1000 * wobble(m, 0.4);
    // Air-conditioning and heating: the shop's kWh swings ±35% with the weather, not with its sales.
    addSeries(input, 'SHOP', { revenue: (m) => shop(m) * (m >= 9 ? 1.28 : 1), trueRevenue: shop, kwhMonths: [], k: 21 });
    for (let m = 0; m < PERIODS.length; m++) input.electricity.push({ unit_id: 'SHOP', period: PERIODS[m]!, kwh: Math.round(50_000 * (1 + 0.35 * Math.sin(m * 2.1 + 1))) });
    const findings = run(crossSourceShift, input);
    const f = only(findings, 'SHOP')[0]!;
    expect(f.pattern).toBe('FALSIFY.INFLATE');
    expect(f.severity).toBe('medium');
    expect(f.evidence.sources).toBe('tax_only');
    expect(String(f.evidence.notes)).toContain('does not track');
  });

  it('GIVEN a quarterly tax declarer THEN its quarters are compared with quarterly revenue: silent when honest, a lift still shows', () => {
    const input = emptyInput();
    addPeers(input, 12, 'catering', '6210', 6_000);
    input.units.push(unit('QTR', { category: 'catering', industry_code: '6210' }), unit('QUP', { category: 'catering', industry_code: '6210' }));
    const quarterEnds = PERIODS.map((_, m) => m).filter((m) => m % 3 === 2);
    for (const [id, lift, k] of [
      ['QTR', 1, 23],
      ['QUP', 1.35, 24],
    ] as const) {
      // A real decline from 2024-04, month after month (within each quarter too).
      const real = (m: number) => 500 * wobble(m, k) * (m >= 15 ? Math.pow(0.88, m - 14) : 1);
      addSeries(input, id, { revenue: (m) => real(m) * (m >= 12 ? lift : 1), trueRevenue: real, taxMonths: [], k });
      for (const m of quarterEnds) input.tax.push({ unit_id: id, period: PERIODS[m]!, taxable_sales: Math.round((real(m) + real(m - 1) + real(m - 2)) * 0.97 * 10) / 10 });
    }
    const findings = run(crossSourceShift, input);
    expect(only(findings, 'QTR').filter((f) => f.severity !== 'low')).toHaveLength(0);
    const up = only(findings, 'QUP')[0]!;
    expect(up.pattern).toBe('FALSIFY.INFLATE');
    expect((up.evidence.tax as { shift_log: number }).shift_log).toBeCloseTo(Math.log(1.35), 1);
    // The ratio is the quarter's revenue over the quarter's tax (≈ 1/0.97), not one month over a quarter (≈ 0.34).
    expect((up.evidence.tax as { baseline_ratio: number }).baseline_ratio).toBeCloseTo(1 / 0.97, 1);
  });

  it('GIVEN sales declared a month late (tax down one month, up the next) THEN the pair is read at its pooled ratio: a mark-up under them still shows, the honest unit stays silent, and a step is never smoothed away', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('LATEUP'), unit('LATE'), unit('STEP'));
    // Tax noise of a real declarer (±3%), and two sales declared a month late in each unit.
    const noisy = (m: number, k: number) => 1 + 0.03 * Math.sin(m * 2.9 + k);
    for (const [id, lift, k] of [
      ['LATEUP', 1.2, 31],
      ['LATE', 1, 32],
    ] as const) {
      // A business that moves month to month (±8%), as real ones do.
      const real = (m: number) => level(m, k) * (1 + 0.08 * Math.sin(m * 1.1 + k));
      addSeries(input, id, { revenue: (m) => real(m) * (m >= 16 ? lift : 1), trueRevenue: real, taxMonths: [], k });
      const tax = PERIODS.map((_, m) => real(m) * 0.95 * noisy(m, k));
      for (const m of [6, 19]) {
        const moved = tax[m]! * 0.45;
        tax[m] = tax[m]! - moved;
        tax[m + 1] = tax[m + 1]! + moved;
      }
      PERIODS.forEach((p, m) => input.tax.push({ unit_id: id, period: p, taxable_sales: Math.round(tax[m]! * 10) / 10 }));
    }
    // A plain step from month 12 (×1.4), tax and meter unchanged: the edge of the step is no dipole.
    addSeries(input, 'STEP', { revenue: (m) => level(m, 33) * (m >= 12 ? 1.4 : 1), trueRevenue: (m) => level(m, 33), k: 33 });
    const findings = run(crossSourceShift, input);
    const up = only(findings, 'LATEUP');
    expect(up).toHaveLength(1);
    expect(up[0]!.pattern).toBe('FALSIFY.INFLATE');
    expect(up[0]!.severity).not.toBe('low');
    expect(up[0]!.period).toBe(PERIODS[16]);
    expect((up[0]!.evidence.tax as { shift_log: number }).shift_log).toBeCloseTo(Math.log(1.2), 1);
    expect(only(findings, 'LATE').filter((f) => f.severity !== 'low')).toHaveLength(0);
    const step = only(findings, 'STEP')[0]!;
    expect(step.period).toBe(PERIODS[12]);
    expect((step.evidence.tax as { shift_log: number }).shift_log).toBeCloseTo(Math.log(1.4), 1);
  });
});
