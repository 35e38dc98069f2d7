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

  it('owns an entry pushed just over the threshold when tax shows a business not far below it', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 40_000);
    input.units.push(unit('PUSH'));
    // Really 17 000 a year; reports only from the entry (2024-01), kept 16% high so 2024 lands just under 20 000.
    const months2024 = PERIODS.map((_, m) => m).filter((m) => m >= 12);
    addSeries(input, 'PUSH', { reportMonths: months2024, revenue: (m) => monthly(17_000, 4)(m) * 1.16, trueRevenue: monthly(17_000, 4), k: 4 });
    input.register_events.push(entryEvent({ event_id: 'EP', unit_id: 'PUSH', period: '2024-01', declared_annual_revenue: 20_300, evidence_tax_revenue: 16_150 }));
    const [f, ...rest] = only(run(thresholdBunching, input), 'PUSH');
    expect(rest).toHaveLength(0);
    expect(f!.severity).not.toBe('low');
    expect(f!.evidence.kind).toBe('entry');
    expect(f!.evidence.register_entry).toBe('EP');
    expect(f!.evidence.entry_pushed_over).toBe(true);
    expect(f!.evidence.reported_annual).toBe(20_300);
    const tax = f!.evidence.tax as Tax & { basis: { kind: string } };
    expect(tax.basis.kind).toBe('peer');
    expect(tax.implied_annual_revenue).toBeGreaterThan(15_000);
    expect(tax.implied_annual_revenue).toBeLessThan(19_000);
    expect(f!.summary_en).toContain('EP');
    expect(f!.summary_zh).toContain('入库申报');
    // Severity follows the calibrated rarity of the gap among the 12 peers (Student t, 11 df).
    const cal = f!.evidence.calibration as { false_alarm_rate: number; severity: string; null: string };
    expect(cal.severity).toBe(f!.severity);
    expect(cal.false_alarm_rate).toBeLessThanOrEqual(1e-2);
    expect(cal.null).toContain('n = 12');
    expect(f!.summary_en).toContain('rate of about');
  });

  it('stays silent for a real grower that crosses the threshold at entry with tax following', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 40_000);
    input.units.push(unit('GROW'));
    const grow = (m: number) => (1_450 + 40 * m) * wobble(m, 3);
    addSeries(input, 'GROW', { reportMonths: PERIODS.map((_, m) => m).filter((m) => m >= 12), revenue: grow, k: 3 });
    const declared = PERIODS.slice(1, 13).reduce((s, _, i) => s + grow(i + 1), 0);
    expect(declared).toBeGreaterThan(20_000);
    expect(declared).toBeLessThan(22_000);
    input.register_events.push(entryEvent({ event_id: 'EG', unit_id: 'GROW', period: '2024-01', declared_annual_revenue: declared }));
    expect(only(run(thresholdBunching, input), 'GROW')).toHaveLength(0);
  });

  it("judges an honest exporter by its own long-stable revenue/tax ratio, not the peers'", () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 40_000);
    input.units.push(unit('EXPORT'), unit('NEWEXP'));
    // Zero-rated exports: taxable sales steadily half of revenue; electricity fits the revenue.
    addSeries(input, 'EXPORT', { revenue: monthly(20_400, 7), taxRatio: 0.5, k: 7 });
    // Edge: the same trade with no history outside the window — only the peers' ratio is there.
    addSeries(input, 'NEWEXP', { reportMonths: PERIODS.map((_, m) => m).filter((m) => m >= 12), revenue: monthly(20_400, 10), taxRatio: 0.5, k: 10 });
    const findings = run(thresholdBunching, input);
    expect(only(findings, 'EXPORT')).toHaveLength(0);
    const [n] = only(findings, 'NEWEXP');
    expect((n!.evidence.tax as { basis: { kind: string } }).basis.kind).toBe('peer');
  });

  it('leaves an entry declared just over the threshold by a far smaller business to the fake-entry rule', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 40_000);
    input.units.push(unit('SMALL'));
    // Really 13 000 a year (35% below the threshold): entered without real scale, not pushed over.
    addSeries(input, 'SMALL', { revenue: (m) => monthly(13_000, 6)(m) * 1.56, trueRevenue: monthly(13_000, 6), k: 6 });
    input.register_events.push(entryEvent({ event_id: 'ES', unit_id: 'SMALL', period: '2024-01', declared_annual_revenue: 20_300 }));
    const [f] = only(run(thresholdBunching, input), 'SMALL');
    expect(f!.severity).toBe('low');
    expect(f!.evidence.register_entry).toBe('ES');
    expect(f!.evidence.entry_pushed_over).toBe(false);
  });
  it('keeps low an exporter whose ratio is the same in a year reported well clear of the threshold', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 40_000);
    input.units.push(unit('EXP2'));
    // Zero-rated exports: taxable sales 62% of revenue in both years (less departure from the peers'
    // ratio than the own-ratio rule needs); 2023 lands at 20 800, 2024 at 26 000 — nothing to push there.
    addSeries(input, 'EXP2', { revenue: (m) => (m < 12 ? monthly(20_800, 3)(m) : monthly(26_000, 3)(m)), taxRatio: 0.62, k: 3 });
    const fs = only(run(thresholdBunching, input), 'EXP2');
    expect(fs.filter((f) => f.severity !== 'low')).toHaveLength(0);
    // Without the other year's testimony it would be reviewed.
    expect(only(run(thresholdBunching, input, { sameRatioLog: 1e-9 }), 'EXP2').filter((f) => f.severity !== 'low')).toHaveLength(1);
  });

  describe("late push: the last months of a year raised over the unit's own revenue/tax ratio", () => {
    type Late = { from: string; to: string; mean_excess_over_own_ratio: number; annual_without_excess: number; z: number };
    /** Really `annual` a year throughout; reports raised ×`lift` in the months `raised`. */
    function pushed(id: string, annual: number, raised: (m: number) => boolean, lift: number, k: number, over: { trueLift?: boolean; reportMonths?: number[] } = {}) {
      const input = emptyInput();
      addPeers(input, 12, 'industry', '2110', 40_000);
      input.units.push(unit(id));
      const real = monthly(annual, k);
      const truth = over.trueLift ? (m: number) => real(m) * (raised(m) ? lift : 1) : real;
      addSeries(input, id, { revenue: (m) => real(m) * (raised(m) ? lift : 1), trueRevenue: truth, k, ...(over.reportMonths ? { reportMonths: over.reportMonths } : {}) });
      return input;
    }

    it('flags a year lifted just over the threshold by its last four months, tax unchanged', () => {
      // Really 19 300 (96.5% of 20 000: within the whole-year margin); Sep–Dec 2023 reported 20% high.
      const input = pushed('LATE', 19_300, (m) => m >= 8 && m <= 11, 1.2, 4);
      const [f, ...rest] = only(run(thresholdBunching, input), 'LATE');
      expect(rest).toHaveLength(0);
      expect(f!.severity).not.toBe('low');
      expect(f!.evidence.kind).toBe('late_push');
      // Calibrated against the unit's own other months, charged for the block lengths tried.
      const cal = f!.evidence.calibration as { looks: number; false_alarm_rate: number; severity: string };
      expect(cal.looks).toBeGreaterThanOrEqual(1);
      expect(cal.severity).toBe(f!.severity);
      expect(cal.false_alarm_rate).toBeLessThanOrEqual(1e-2);
      expect(f!.evidence.reported_annual as number).toBeGreaterThan(20_000);
      const late = f!.evidence.late_push as Late;
      expect(late.to).toBe('2023-12');
      expect(['2023-08', '2023-09', '2023-10']).toContain(late.from);
      expect(late.mean_excess_over_own_ratio).toBeGreaterThan(0.15);
      expect(late.annual_without_excess).toBeLessThan(20_000);
      expect(f!.summary_en).toContain('2023-12');
      expect(f!.summary_zh).toContain('低于标准');
      // Without the late path the whole-year test alone does not reach it.
      expect(only(run(thresholdBunching, input, { ownSigmaMax: 1e-6 }), 'LATE').filter((x) => x.severity !== 'low')).toHaveLength(0);
    });

    it('stays silent for a real late-year surge that tax sees too, and for a lasting shift', () => {
      const surge = pushed('SURGE', 19_300, (m) => m >= 8 && m <= 11, 1.2, 4, { trueLift: true });
      expect(only(run(thresholdBunching, surge), 'SURGE')).toHaveLength(0);
      // Raised from 2023-06 to the end of the data: the unit's own ratio is the raised one (not a late push).
      const shift = pushed('SHIFT', 17_500, (m) => m >= 5, 1.16, 5);
      expect(only(run(thresholdBunching, shift), 'SHIFT').filter((f) => f.evidence.kind === 'late_push')).toHaveLength(0);
      // Raised 2023-09..2024-06: the lift goes on into the next year — a step inflation, not a push to land 2023.
      const step = pushed('STEP', 19_300, (m) => m >= 8 && m <= 17, 1.2, 4);
      expect(only(run(thresholdBunching, step), 'STEP').filter((f) => f.evidence.kind === 'late_push')).toHaveLength(0);
      expect(only(run(thresholdBunching, step, { latePriorShare: 1 }), 'STEP').filter((f) => f.evidence.kind === 'late_push')).toHaveLength(1);
    });

    it('judges a year with a month missing by the reports as filed when they land just over', () => {
      // Really 19 800 a year; March 2023 not filed; Sep–Dec raised 35%: the 11 filed months sum just
      // over 20 000, while scaled to 12 months they would lie beyond the band.
      const months = PERIODS.map((_, m) => m).filter((m) => m !== 2);
      const input = pushed('GAP', 19_800, (m) => m >= 8 && m <= 11, 1.35, 6, { reportMonths: months });
      const filed = input.submissions.filter((x) => x.unit_id === 'GAP' && x.period < '2024-01').reduce((a, x) => a + x.revenue, 0);
      expect(filed).toBeGreaterThan(20_000);
      expect((filed * 12) / 11).toBeGreaterThan(22_000);
      const [f, ...rest] = only(run(thresholdBunching, input), 'GAP');
      expect(rest).toHaveLength(0);
      expect(f!.severity).not.toBe('low');
      expect(f!.evidence.reported_annual as number).toBeCloseTo(filed, 0);
    });
  });
});
