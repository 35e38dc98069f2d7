import { describe, expect, it } from 'vitest';
import type { SubmissionRecord } from '../../../../lib/contract/schemas';
import type { Rule } from '../../../../lib/engine/rule';
import { inventedSeries } from '../../../../lib/rules/fabrication/invented-series';
import { exactRelation, ghostStats, halfStep, repeatedReports, terminalDigits } from '../../../../lib/rules/fabrication/invention-signals';
import { changeCorrelation } from '../../../../lib/rules/fabrication/series-tools';
import { addPeers, addUnit, build, emptyInput, honestSeries, PERIODS, reviewed, rng, round1, run } from '../../../helpers/fabrication-fixtures';
import type { DistrictInput } from '../../../../lib/engine/district-data';

const rule = inventedSeries as unknown as Rule;

type Sub = SubmissionRecord & { profit?: number; gross_output?: number; electricity_kwh?: number };

/** Sets a field of every report of one unit from its month index and its reported revenue. */
function setField(input: DistrictInput, id: string, field: 'profit' | 'gross_output' | 'electricity_kwh' | 'wages' | 'employees', f: (m: number, revenue: number) => number): void {
  for (const s of input.submissions as Sub[]) {
    if (s.unit_id !== id) continue;
    (s as Record<string, unknown>)[field] = f(PERIODS.indexOf(s.period), s.revenue);
  }
}

/** Peers whose profit is a residual: a margin that wanders month to month, as real books give. */
function peersWithProfit(input: DistrictInput, n = 12): string[] {
  const ids = addPeers(input, n);
  ids.forEach((id, i) => {
    const r = rng(700 + i);
    setField(input, id, 'profit', (_, rev) => round1(rev * 0.06 * Math.exp(r.normal(0.4))));
  });
  return ids;
}

const signals = (f: { evidence: unknown }) => (f.evidence as { signals: string[] }).signals;

/**
 * A headcount that moves like the peers': the fixture's default (40 every month) freezes wages,
 * which against peers whose wages move is evidence of its own and would blur the signal tested.
 */
const peerHeads = (m: number) => 40 + (m % 5 === 0 ? 1 : 0);

describe('fabricate.invented-series — exact field relations', () => {
  it('GIVEN profit exactly 5% of a flat, noisy revenue that tax does not follow THEN review with the relation quoted', () => {
    const input = emptyInput();
    peersWithProfit(input);
    const r = rng(42);
    const flat = PERIODS.map(() => round1(2500 * (1 + r.normal(0.03))));
    addUnit(input, { id: 'RATIO', revenue: (m) => flat[m]!, trueRevenue: honestSeries(43, 2500, 0.1) });
    setField(input, 'RATIO', 'profit', (_, rev) => round1(rev * 0.05));
    const f = run(rule, input).find((x) => x.subject.id === 'RATIO');
    expect(f).toBeDefined();
    expect(f!.severity).toBe('medium');
    expect(signals(f!)).toContain('exact_relation');
    const ev = f!.evidence as { exact_relation: { field: string; ratio: number; months: number; log10_chance: number; revenue_change_correlation: { tracking: boolean } } };
    expect(ev.exact_relation.field).toBe('profit');
    expect(ev.exact_relation.ratio).toBeCloseTo(0.05, 3);
    expect(ev.exact_relation.months).toBe(24);
    expect(ev.exact_relation.log10_chance).toBeLessThan(-10);
    expect(ev.exact_relation.revenue_change_correlation.tracking).toBe(false);
    expect(f!.summary_en).toMatch(/profit is exactly 0\.05× revenue in 24 months/);
    expect(f!.summary_zh).toMatch(/利润总额恰为营业收入的0\.05倍/);
    expect(reviewed(run(rule, input)).map((x) => x.subject.id)).toEqual(['RATIO']);
  });

  it('GIVEN profit estimated as a fixed margin on real revenue that moves with its tax THEN a watch-list item only', () => {
    const input = emptyInput();
    peersWithProfit(input);
    const real = honestSeries(51, 3000, 0.1);
    addUnit(input, { id: 'MARGIN', revenue: real });
    setField(input, 'MARGIN', 'profit', (_, rev) => round1(rev * 0.08));
    const f = run(rule, input).find((x) => x.subject.id === 'MARGIN');
    expect(f?.severity).toBe('low');
    expect(signals(f!)).toEqual(['exact_relation']);
    expect(f!.summary_en).toMatch(/though revenue moves with tax\/electricity/);
  });

  it('GIVEN a district where every unit derives profit as a fixed share of revenue THEN the relation is a convention and silent', () => {
    const input = emptyInput();
    const ids = addPeers(input, 12);
    for (const id of ids) setField(input, id, 'profit', (_, rev) => round1(rev * 0.05));
    const r = rng(42);
    const flat = PERIODS.map(() => round1(2500 * (1 + r.normal(0.03))));
    addUnit(input, { id: 'RATIO', revenue: (m) => flat[m]!, trueRevenue: honestSeries(43, 2500, 0.1) });
    setField(input, 'RATIO', 'profit', (_, rev) => round1(rev * 0.05));
    expect(run(rule, input).filter((f) => signals(f).includes('exact_relation'))).toEqual([]);
  });

  it('keeps main = revenue (identity) and flat pairs out: no relation without a moving revenue', () => {
    const input = emptyInput();
    peersWithProfit(input);
    // Fixed fee: revenue and profit never change — proportional trivially, not evidence.
    addUnit(input, { id: 'FLAT', revenue: () => 1200, trueRevenue: () => 1200 });
    setField(input, 'FLAT', 'profit', () => 60);
    const fs = run(rule, input).filter((f) => f.subject.id === 'FLAT');
    expect(fs.flatMap((f) => signals(f))).not.toContain('exact_relation');
    expect(reviewed(fs)).toEqual([]);
  });
});

describe('fabricate.invented-series — carried-forward reports', () => {
  it('GIVEN whole reports repeated for months while tax and the meter move THEN review', () => {
    const input = emptyInput();
    peersWithProfit(input);
    const real = honestSeries(61, 4000, 0.1);
    const block = (m: number) => (m < 3 ? m : 3 + Math.floor((m - 3) / 5) * 5);
    addUnit(input, { id: 'CARRY', revenue: (m) => real(block(m)), trueRevenue: real });
    setField(input, 'CARRY', 'profit', (m) => round1(200 + 13 * block(m)));
    setField(input, 'CARRY', 'electricity_kwh', (m) => Math.round(real(block(m)) * 50 + 300));
    const f = run(rule, input).find((x) => x.subject.id === 'CARRY');
    expect(f).toBeDefined();
    expect(f!.severity).toBe('medium');
    expect(signals(f!)).toContain('carried_forward');
    const ev = f!.evidence as { carried_forward: { repeated_months: number; outside_moved: number; reported_kwh_frozen_while_meter_moved: number; longest_block: number } };
    expect(ev.carried_forward.repeated_months).toBe(16);
    expect(ev.carried_forward.longest_block).toBe(5);
    expect(ev.carried_forward.outside_moved).toBeGreaterThanOrEqual(12);
    expect(ev.carried_forward.reported_kwh_frozen_while_meter_moved).toBeGreaterThanOrEqual(12);
    expect(f!.period).toBe('2023-04');
  });

  it('GIVEN a fixed-fee unit whose identical reports are matched by identical tax THEN no review', () => {
    const input = emptyInput();
    peersWithProfit(input, 12);
    addUnit(input, { id: 'FEE', revenue: (m) => (m < 12 ? 1500 : 1600), trueRevenue: (m) => (m < 12 ? 1500 : 1600), employees: () => 8 });
    setField(input, 'FEE', 'profit', (m) => (m < 12 ? 90 : 96));
    const fs = run(rule, input).filter((f) => f.subject.id === 'FEE');
    expect(fs.flatMap((f) => signals(f))).not.toContain('carried_forward');
    expect(reviewed(fs)).toEqual([]);
  });
});

describe('fabricate.invented-series — last-digit preference', () => {
  const LUCKY = [8800.8, 6600.8, 8600, 9800.8, 1800, 3800.8, 5800, 6800.8, 2800.8, 1600.8, 7800.8, 4800, 9800, 2800, 5800.8, 8800, 3800, 6800, 1800.8, 7800, 4800.8, 8600.8, 9600.8, 2600.8];

  it('GIVEN revenue that keeps ending in 8 and does not follow monthly tax THEN review', () => {
    const input = emptyInput();
    peersWithProfit(input);
    addUnit(input, { id: 'LUCKY', revenue: (m) => LUCKY[m]!, trueRevenue: honestSeries(71, 5000, 0.08), employees: peerHeads });
    const f = run(rule, input).find((x) => x.subject.id === 'LUCKY');
    expect(f).toBeDefined();
    expect(f!.severity).toBe('medium');
    expect(signals(f!)).toContain('digit_preference');
    const ev = f!.evidence as { digit_preference: { digit: number; count: number; distinct_figures: number } };
    expect(ev.digit_preference.digit).toBe(8);
    expect(ev.digit_preference.count).toBeGreaterThanOrEqual(18);
  });

  it('GIVEN the same digits but only quarterly tax (no monthly record to show revenue unfollowed) THEN a watch-list item only', () => {
    const input = emptyInput();
    peersWithProfit(input);
    addUnit(input, { id: 'LUCKY', revenue: (m) => LUCKY[m]!, trueRevenue: honestSeries(71, 5000, 0.08), employees: peerHeads });
    input.tax = input.tax.filter((t) => t.unit_id !== 'LUCKY' || ['03', '06', '09', '12'].includes(t.period.slice(5)));
    input.electricity = input.electricity.filter((t) => t.unit_id !== 'LUCKY');
    const f = run(rule, input).find((x) => x.subject.id === 'LUCKY');
    expect(f?.severity).toBe('low');
  });
});

describe('fabricate.invented-series — ghost units', () => {
  const ghostInput = (revenue: (m: number) => number, status: 'abnormal' | 'active') => {
    const input = emptyInput();
    peersWithProfit(input);
    addUnit(input, { id: 'GHOST', revenue, trueRevenue: null, employees: (m) => 32 + (m % 5 === 0 ? 1 : 0) });
    input.market_status.push({ unit_id: 'GHOST', status: 'active', status_date: '2010-05-01' } as DistrictInput['market_status'][number]);
    if (status === 'abnormal') input.market_status.push({ unit_id: 'GHOST', status: 'abnormal', status_date: '2023-03-10' } as DistrictInput['market_status'][number]);
    return input;
  };

  it('GIVEN smooth round reports with staff but not one tax, grid or insurance record and an abnormal licence THEN review', () => {
    const input = ghostInput((m) => Math.round((2800 * 1.008 ** m) / 10) * 10, 'abnormal');
    const f = run(rule, input).find((x) => x.subject.id === 'GHOST');
    expect(f).toBeDefined();
    expect(f!.severity).toBe('medium');
    expect(signals(f!)).toEqual(expect.arrayContaining(['heaping', 'ghost']));
    const ev = f!.evidence as { ghost: { tax_grid_insurance_records: number; licence_status: string; staffed_months: number } };
    expect(ev.ghost).toMatchObject({ tax_grid_insurance_records: 0, licence_status: 'abnormal', staffed_months: 24 });
  });

  it('GIVEN the same reports with no outside records but an active licence (tax filed elsewhere) THEN no review', () => {
    const input = ghostInput((m) => Math.round((2800 * 1.008 ** m) / 10) * 10, 'active');
    const fs = run(rule, input).filter((x) => x.subject.id === 'GHOST');
    expect(fs.flatMap((f) => signals(f))).not.toContain('ghost');
    expect(reviewed(fs)).toEqual([]);
  });

  it('GIVEN an abnormal licence and no records but noisy, seasonal, unrounded figures THEN nothing', () => {
    const input = ghostInput(honestSeries(81, 2800, 0.1), 'abnormal');
    expect(run(rule, input).filter((x) => x.subject.id === 'GHOST')).toEqual([]);
  });
});

describe('invention signals (helpers)', () => {
  it('halfStep reads the precision a figure is written in', () => {
    expect(halfStep(2682.3)).toBe(0.05);
    expect(halfStep(2682)).toBe(0.5);
    expect(halfStep(2680)).toBe(5);
    expect(halfStep(27400)).toBe(50);
    expect(halfStep(3000)).toBe(500);
    expect(halfStep(0.5)).toBe(0.05);
    expect(halfStep(2725.7000000000003)).toBe(0.05);
  });

  it('exactRelation finds the run, skips missing months, honours rounding and ignores identity ratios', () => {
    const rev = Float64Array.from([1000, 1100, Number.NaN, 1210, 1331, 1500.5, 1800]);
    const prof = Float64Array.from([50, 55, Number.NaN, 60.5, 66.6, 75, 99]);
    const r = exactRelation(prof, rev, 0, 7, 0.4);
    expect(r).not.toBeNull();
    expect(r!.t0).toBe(0);
    expect(r!.t1).toBe(5);
    expect(r!.months).toBe(5);
    expect(r!.ratio).toBeCloseTo(0.05, 3);
    expect(r!.log10P).toBeLessThan(0);
    // Rounded to 10 / 100: consistent within the rounding windows.
    const rr = Float64Array.from([2800, 3500, 3200, 3700, 2900]);
    const pr = Float64Array.from([110, 130, 120, 140, 110]);
    expect(exactRelation(pr, rr, 0, 5, 0.4)!.months).toBe(5);
    // Identity (main = revenue) is a convention.
    expect(exactRelation(rev, rev, 0, 7, 0.4)).toBeNull();
    // Short runs are not returned when a minimum is asked.
    expect(exactRelation(prof, rev, 0, 7, 0.4, 0.005, 6)).toBeNull();
    // A negative profit breaks the run.
    const neg = Float64Array.from([50, -5, 60.5, 66.6]);
    expect(exactRelation(neg, Float64Array.from([1000, 1100, 1210, 1331]), 0, 4, 0.4)!.months).toBe(2);
  });

  it('terminalDigits counts distinct figures, sets rounding 5s and 0s aside', () => {
    const v = Float64Array.from([8800.8, 8800.8, 6800, 1800, 650, 700, 750, 3800.8]);
    const d = terminalDigits(v, 0, v.length)!;
    // Distinct: 8800.8, 6800, 1800, 650 (5: set aside), 700, 750 (5: set aside), 3800.8 → 5 counted.
    expect(d.distinct).toBe(5);
    expect(d.digit).toBe(8);
    expect(d.count).toBe(4);
    expect(terminalDigits(Float64Array.from([Number.NaN, 0, -3]), 0, 3)).toBeNull();
  });

  it('repeatedReports needs the whole report equal, not revenue alone', () => {
    const input = emptyInput();
    addUnit(input, { id: 'A', revenue: (m) => (m >= 4 && m < 8 ? 1000 : 900 + m), trueRevenue: (m) => 900 + 37 * m });
    setField(input, 'A', 'profit', (m) => (m >= 4 && m < 8 ? 50 : 40 + m));
    addUnit(input, { id: 'B', revenue: (m) => (m >= 4 && m < 8 ? 1000 : 900 + m), trueRevenue: (m) => 900 + 37 * m });
    setField(input, 'B', 'profit', (m) => 40 + m);
    const data = build(input);
    const a = repeatedReports(data, data.unitIndex.get('A')! * data.P, 3, 0.03);
    expect(a).toMatchObject({ repeats: 3, longestBlock: 4, firstRepeat: 4 });
    expect(a.movedOutside).toBe(3);
    const b = repeatedReports(data, data.unitIndex.get('B')! * data.P, 3, 0.03);
    expect(b.repeats).toBe(0);
  });

  it('ghostStats reads only an abnormal or revoked latest status dated before the last report', () => {
    const input = emptyInput();
    addUnit(input, { id: 'G', revenue: () => 100, trueRevenue: null });
    input.market_status.push({ unit_id: 'G', status: 'revoked', status_date: '2023-02-01' } as DistrictInput['market_status'][number]);
    input.market_status.push({ unit_id: 'G', status: 'active', status_date: '2023-09-01' } as DistrictInput['market_status'][number]);
    addUnit(input, { id: 'H', revenue: () => 100, trueRevenue: null });
    input.market_status.push({ unit_id: 'H', status: 'revoked', status_date: '2023-02-01' } as DistrictInput['market_status'][number]);
    const data = build(input);
    expect(ghostStats(data, data.unitIndex.get('G')!).status).toBeNull();
    expect(ghostStats(data, data.unitIndex.get('H')!)).toMatchObject({ status: 'revoked', outsideRecords: 0, months: 24, staffedMonths: 24 });
  });

  it('changeCorrelation ranks changes, so that one spike does not decide it', () => {
    const flat = Float64Array.from([100, 101, 99, 100.5, 99.5, 100, 101, 100, 99, 100.2]);
    const taxSpike = Float64Array.from([90, 92, 89, 91, 40, 92, 90, 91, 89, 90]);
    const rho = changeCorrelation(flat, taxSpike, 0, 0, 9, 6);
    expect(Math.abs(rho)).toBeLessThan(0.9);
    expect(changeCorrelation(flat, flat, 0, 0, 9, 6)).toBeCloseTo(1, 6);
    expect(changeCorrelation(flat, taxSpike, 0, 0, 3, 6)).toBeNaN();
  });
});
