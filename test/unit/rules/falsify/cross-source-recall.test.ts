import { describe, expect, it } from 'vitest';
import { crossSourceShift } from '../../../../lib/rules/falsify/cross-source-shift';
import { rampStart, ratioTrend, theilSen } from '../../../../lib/rules/falsify/cross-source-trend';
import { diffNoise, segmentShift, segmentShiftWeighted } from '../../../../lib/rules/falsify/shift-search';
import { addPeers, addSeries, emptyInput, only, PERIODS, run, unit, wobble } from '../../../helpers/falsify-fixtures';

const level = (m: number, k = 1) => 3000 * wobble(m, k) * (m % 12 === 1 ? 0.8 : m % 12 === 11 ? 1.2 : 1);
const serious = <T extends { severity: string }>(fs: T[]) => fs.filter((f) => f.severity !== 'low');
type Trend = { tax_mann_kendall_z: number; rise_log: number; ramp_from: string } | null;

describe('falsify.cross-source-shift — small steps seen by both sources', () => {
  it('GIVEN revenue marked up by only 10% from 2024-01 while tax and the meter stay put THEN INFLATE (medium) on the two sources pooled', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('SMALL'));
    addSeries(input, 'SMALL', { revenue: (m) => level(m, 3) * (m >= 12 ? 1.1 : 1), trueRevenue: (m) => level(m, 3), k: 3 });
    const [f] = serious(only(run(crossSourceShift, input), 'SMALL'));
    expect(f).toBeDefined();
    expect(f!.pattern).toBe('FALSIFY.INFLATE');
    expect(f!.period).toBe(PERIODS[12]);
    expect(f!.evidence.sources).toBe('both');
    // Without the pooled small-step test the step is below minShift for either source alone.
    expect(serious(only(run(crossSourceShift, input, { smallT: 99 }), 'SMALL'))).toHaveLength(0);
  });

  it('GIVEN tax declared 10% below revenue from 2024-01 while the meter follows the reported revenue THEN silent (one source drifting is no small step)', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('DRIFT'));
    // Reported revenue is the business; tax declarations drop 10% (exempt sales, a declaration change).
    addSeries(input, 'DRIFT', { revenue: (m) => level(m, 4), taxMonths: [], k: 4 });
    for (let m = 0; m < PERIODS.length; m++) input.tax.push({ unit_id: 'DRIFT', period: PERIODS[m]!, taxable_sales: Math.round(level(m, 4) * 0.95 * (m >= 12 ? 0.9 : 1) * 10) / 10 });
    expect(serious(only(run(crossSourceShift, input), 'DRIFT'))).toHaveLength(0);
  });

  it('GIVEN a mark-up of 5% (below smallShift) in both sources, and a 10% one for only two months THEN not medium', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('TINY'), unit('SHORT'));
    addSeries(input, 'TINY', { revenue: (m) => level(m, 5) * (m >= 12 ? 1.05 : 1), trueRevenue: (m) => level(m, 5), k: 5 });
    addSeries(input, 'SHORT', { revenue: (m) => level(m, 2) * (m >= 22 ? 1.1 : 1), trueRevenue: (m) => level(m, 2), k: 2 });
    const findings = run(crossSourceShift, input);
    expect(serious(only(findings, 'TINY'))).toHaveLength(0);
    expect(serious(only(findings, 'SHORT'))).toHaveLength(0);
  });
});

describe('falsify.cross-source-shift — creep against tax', () => {
  const creep = (m: number) => (m >= 8 ? Math.exp(0.013 * (m - 7)) : 1);

  it('GIVEN revenue creeping up about 1.3% a month from 2023-09 (+23% by 2024-12) while tax and the meter stay put THEN INFLATE with the trend as evidence', () => {
    const input = emptyInput();
    addPeers(input, 12, 'wholesale', '5132', 24_000);
    input.units.push(unit('CREEP', { category: 'wholesale', industry_code: '5132' }));
    // No meter on file (a trading office): only tax can tell.
    addSeries(input, 'CREEP', { revenue: (m) => 2000 * wobble(m, 6) * creep(m), trueRevenue: (m) => 2000 * wobble(m, 6), kwhMonths: [], k: 6 });
    const [f] = serious(only(run(crossSourceShift, input), 'CREEP'));
    expect(f).toBeDefined();
    expect(f!.pattern).toBe('FALSIFY.INFLATE');
    const trend = f!.evidence.trend as Trend;
    expect(trend).not.toBeNull();
    expect(trend!.tax_mann_kendall_z).toBeGreaterThan(4);
    expect(trend!.rise_log).toBeGreaterThan(0.15);
    expect(f!.summary_en).toContain('creep');
    expect(f!.summary_zh).toContain('逐月爬升');
    expect(serious(only(run(crossSourceShift, input, { trendZ: 99 }), 'CREEP'))).toHaveLength(0);
  });

  it('GIVEN a fast-growing firm whose tax and meter grow with its revenue, and a unit whose meter follows a revenue that creeps away from tax THEN silent', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('GROW'), unit('METERED'));
    // Growing 2% a month for real: every source sees it, the ratios stay put.
    addSeries(input, 'GROW', { revenue: (m) => level(m, 7) * Math.exp(0.02 * m), k: 7 });
    // The meter follows the reported revenue month by month: the business did grow; tax lags it.
    addSeries(input, 'METERED', { revenue: (m) => level(m, 8) * creep(m), taxMonths: [], k: 8 });
    for (let m = 0; m < PERIODS.length; m++) input.tax.push({ unit_id: 'METERED', period: PERIODS[m]!, taxable_sales: Math.round(level(m, 8) * 0.95 * 10) / 10 });
    const findings = run(crossSourceShift, input);
    expect(serious(only(findings, 'GROW'))).toHaveLength(0);
    expect(serious(only(findings, 'METERED'))).toHaveLength(0);
  });

  it('GIVEN a creep with fewer than trendMonths months of tax THEN no trend test; trend helpers on edge input', () => {
    const input = emptyInput();
    addPeers(input, 12, 'wholesale', '5132', 24_000);
    input.units.push(unit('FEW', { category: 'wholesale', industry_code: '5132' }));
    const months = PERIODS.map((_, m) => m).filter((m) => m >= 13);
    addSeries(input, 'FEW', { revenue: (m) => 2000 * wobble(m, 9) * creep(m), trueRevenue: (m) => 2000 * wobble(m, 9), kwhMonths: [], reportMonths: months, taxMonths: months, k: 9 });
    for (const f of only(run(crossSourceShift, input), 'FEW')) expect(f.evidence.trend).toBeNull();
    // Helpers: too few months, a flat series, a ramp.
    expect(ratioTrend(Float64Array.from([0.1, 0.2, Number.NaN]), 3)).toBeNull();
    const flat = Float64Array.from({ length: 24 }, (_, t) => 0.02 * Math.sin(t * 2.3));
    expect(Math.abs(ratioTrend(flat, 12)!.z)).toBeLessThan(2);
    const ramp = Float64Array.from({ length: 24 }, (_, t) => (t >= 10 ? 0.02 * (t - 9) : 0) + 0.005 * Math.sin(t * 2.3));
    expect(ratioTrend(ramp, 12)!.z).toBeGreaterThan(4);
    expect(Math.abs(rampStart(ramp, 4, 6) - 10)).toBeLessThanOrEqual(1);
    expect(theilSen(ramp.subarray(10))).toBeCloseTo(0.02, 2);
  });
});

describe('falsify.cross-source-shift — inverse-noise weighted search', () => {
  it('GIVEN a whole year reported 20% low while the meter ratio swings with the weather THEN CONCEAL from 2024-01 (the noisy meter does not drag the block away)', () => {
    const input = emptyInput();
    addPeers(input, 12, 'retail', '5261', 12_000);
    input.units.push(unit('YEAR', { category: 'retail', industry_code: '5261' }));
    const shop = (m: number) => 1000 * wobble(m, 2.5);
    addSeries(input, 'YEAR', { revenue: (m) => shop(m) * (m >= 12 ? 0.8 : 1), trueRevenue: shop, kwhMonths: [], k: 25 });
    // Cold stores and air-conditioning: kWh swings far more than with sales, month after month.
    for (let m = 0; m < PERIODS.length; m++)
      input.electricity.push({ unit_id: 'YEAR', period: PERIODS[m]!, kwh: Math.round(shop(m) * 50 * (1 + 0.5 * Math.sin(m * 2.9)) * (1 + 0.3 * Math.cos(m * 1.3))) });
    const [f] = serious(only(run(crossSourceShift, input), 'YEAR'));
    expect(f).toBeDefined();
    expect(f!.pattern).toBe('FALSIFY.CONCEAL');
    expect(f!.period).toBe(PERIODS[12]);
    expect((f!.evidence.months as { count: number }).count).toBe(12);
    // The plain average alone puts the block where the meter happens to swing and finds nothing to report.
    expect(serious(only(run(crossSourceShift, input, { searchMin: 99 }), 'YEAR'))).toHaveLength(0);
  });

  it('weights sources by their month-to-month noise and equals the plain search with equal weights', () => {
    const P = 24;
    const a = Float64Array.from({ length: P }, (_, t) => (t >= 15 ? 0.2 : 0) + 0.01 * Math.sin(t * 2.3));
    const b = Float64Array.from({ length: P }, (_, t) => 0.5 * Math.cos((t * Math.PI) / 6) + 0.05 * Math.sin(t * 1.1));
    const p = { minBaseline: 4, minRun: 3, minShift: 0.15, sigmaFloor: 0.03, edgeMonths: 4, minSide: 3 };
    const buf = new Float64Array(P);
    const buf2 = new Float64Array(P);
    expect(diffNoise(a, 0.03, buf)).toBeCloseTo(0.03, 5); // floored
    expect(diffNoise(b, 0.03, buf)).toBeGreaterThan(0.1);
    expect(diffNoise(Float64Array.from([1, Number.NaN, 2]), 0.03, buf)).toBeNaN();
    const w = segmentShiftWeighted(a, b, p, buf, buf2, 0.06)!;
    expect([w.start, w.end, w.direction]).toEqual([15, 23, 1]);
    // With only one source the weights cannot matter.
    const none = new Float64Array(P).fill(Number.NaN);
    const plain = segmentShift(a, none, p, buf, buf2)!;
    const weighted = segmentShiftWeighted(a, none, p, buf, buf2, p.minShift / 2)!;
    expect([weighted.start, weighted.end, weighted.direction]).toEqual([plain.start, plain.end, plain.direction]);
  });
});

describe('falsify.cross-source-shift — the other source: noisy but agreeing, leaning, or contradicting', () => {
  const noisyShop = (input: ReturnType<typeof emptyInput>, id: string, k: number, cutFrom: number, meterFollowsReport = false) => {
    input.units.push(unit(id, { category: 'retail', industry_code: '5261' }));
    const shop = (m: number) => 1000 * wobble(m, k);
    const reported = (m: number) => shop(m) * (m >= cutFrom ? 0.8 : 1);
    addSeries(input, id, { revenue: reported, trueRevenue: shop, kwhMonths: [], k: 25 });
    const meter = meterFollowsReport ? reported : shop;
    for (let m = 0; m < PERIODS.length; m++)
      input.electricity.push({ unit_id: id, period: PERIODS[m]!, kwh: Math.round(meter(m) * 50 * (1 + 0.16 * Math.sin(m * 2.9)) * (1 + 0.08 * Math.cos(m * 1.3))) });
  };

  it('GIVEN a year reported 20% low against tax while a noisy meter moved the same way within its noise THEN CONCEAL medium, the meter read as agreeing', () => {
    const input = emptyInput();
    addPeers(input, 12, 'retail', '5261', 12_000);
    noisyShop(input, 'NOISY', 6.4, 12);
    const [f] = serious(only(run(crossSourceShift, input), 'NOISY'));
    expect(f).toBeDefined();
    expect(f!.pattern).toBe('FALSIFY.CONCEAL');
    expect(f!.severity).toBe('medium');
    expect(String(f!.evidence.notes)).toContain('within its own noise');
    expect(f!.summary_zh).toContain('自身噪声范围内');
    expect(serious(only(run(crossSourceShift, input, { smallT: 99 }), 'NOISY'))).toHaveLength(0);
  });

  it('GIVEN the meter following the reported revenue while tax stays 25% above it THEN not medium (the meter contradicts); a five-month cut is too short for the noisy-agreement path', () => {
    const input = emptyInput();
    addPeers(input, 12, 'retail', '5261', 12_000);
    noisyShop(input, 'METER', 7.1, 12, true);
    noisyShop(input, 'BRIEF', 8.3, 19);
    const findings = run(crossSourceShift, input);
    expect(serious(only(findings, 'METER'))).toHaveLength(0);
    for (const f of serious(only(findings, 'BRIEF'))) expect(String(f.evidence.notes)).not.toContain('within its own noise');
  });

  it('GIVEN a cut tax shows clearly (t ≥ 2·tMin) while the meter, which also saw 10% energy saving, leans the same way THEN medium; the converse on the meter alone stays low', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('SAVER'), unit('BASELOAD'));
    // Reported 18% low from 2024-01; the meter fell 10% for real (new equipment): revenue/kWh moves only 9%.
    addSeries(input, 'SAVER', { revenue: (m) => level(m, 11) * (m >= 12 ? 0.82 : 1), trueRevenue: (m) => level(m, 11), kwhMonths: [], k: 11 });
    for (let m = 0; m < PERIODS.length; m++) input.electricity.push({ unit_id: 'SAVER', period: PERIODS[m]!, kwh: Math.round(level(m, 11) * 50 * (m >= 12 ? 0.9 : 1)) });
    // A real boom of 50%: tax follows (revenue/tax leans 5% up), kWh rises only 25% (base load): revenue/kWh up 18%.
    const boom = (m: number) => level(m, 12) * (m >= 12 ? 1.5 : 1);
    addSeries(input, 'BASELOAD', { revenue: boom, taxMonths: [], kwhMonths: [], k: 12 });
    for (let m = 0; m < PERIODS.length; m++) {
      input.tax.push({ unit_id: 'BASELOAD', period: PERIODS[m]!, taxable_sales: Math.round(boom(m) * 0.95 * (m >= 12 ? 0.95 : 1) * 10) / 10 });
      input.electricity.push({ unit_id: 'BASELOAD', period: PERIODS[m]!, kwh: Math.round(50 * (0.5 * level(m, 12) + 0.5 * boom(m))) });
    }
    const findings = run(crossSourceShift, input);
    const [f] = serious(only(findings, 'SAVER'));
    expect(f).toBeDefined();
    expect(f!.pattern).toBe('FALSIFY.CONCEAL');
    expect(f!.evidence.sources).toBe('tax_only');
    expect(serious(only(run(crossSourceShift, input, { leanT: 99 }), 'SAVER'))).toHaveLength(0);
    expect(serious(only(findings, 'BASELOAD'))).toHaveLength(0);
  });
});
