import { describe, expect, it } from 'vitest';
import { misclassified } from '../../../../lib/rules/register/misclassified';
import { categoryOf } from '../../../../lib/rules/register/industry-sections';
import type { MarketStatusRecord } from '../../../../lib/contract/schemas';
import { addPeers, addSeries, emptyInput, reviewed, run, unit } from '../../../helpers/register-fixtures';

function district() {
  const input = emptyInput();
  addPeers(input, 10, 'industry', '2110', 30_000, 50);
  addPeers(input, 10, 'wholesale', '5164', 40_000, 2.5);
  return input;
}
const market = (unit_id: string, code: string, scope: string) =>
  ({ unit_id, status: 'active', status_date: '2015-01-01', registered_industry_code: code, business_scope: scope }) as MarketStatusRecord;

describe('register.misclassified', () => {
  it('maps industry codes to categories through the GB/T 4754 section table', () => {
    expect(categoryOf('2110')).toBe('industry');
    expect(categoryOf('5164')).toBe('wholesale');
    expect(categoryOf('5212')).toBe('retail');
    expect(categoryOf('6210')).toBe('catering');
    expect(categoryOf('7010')).toBe('real_estate');
    expect(categoryOf('7020')).toBe('services');
    expect(categoryOf('4811')).toBe('construction');
    expect(categoryOf('6620')).toBeNull();
    expect(categoryOf(undefined)).toBeUndefined();
  });

  it('flags a "factory" that market regulation, its scope and its meter call a trader', () => {
    const input = district();
    input.units.push(unit('FAKEFAB', { name: '临沂嘉禾家具有限公司' }));
    addSeries(input, 'FAKEFAB', { revenue: 2500, kwhPerRevenue: 2.5 });
    input.market_status.push(market('FAKEFAB', '5164', '建材批发'));
    const [f, ...rest] = run(misclassified, input);
    expect(rest).toHaveLength(0);
    expect(f!.severity).toBe('high');
    expect(f!.subject).toEqual({ kind: 'unit', id: 'FAKEFAB' });
    expect(f!.evidence.signals).toMatchObject({ own_code: false, market: true });
    const facts = (f!.evidence.facts as { fact: string; log10_p: number }[]).map((x) => x.fact);
    expect(facts).toContain('kwhIntensity');
    // The meter, not the licence, carries the finding to high: a licence alone is common enough.
    expect((f!.evidence.calibration as { false_alarm_rate: number }).false_alarm_rate).toBeLessThanOrEqual(1e-3);
    expect(f!.summary_zh).not.toMatch(/[A-Za-z]/);
  });

  it("GIVEN diversified factories that hold a trading licence but burn a factory's power THEN none is reviewed", () => {
    const input = district();
    for (let i = 0; i < 3; i++) {
      input.units.push(unit(`DIVERS${i}`, { name: `临沂多元${i}有限公司` }));
      addSeries(input, `DIVERS${i}`, { revenue: 2500, kwhPerRevenue: 50 });
      input.market_status.push(market(`DIVERS${i}`, '5164', '建材批发'));
    }
    const found = run(misclassified, input);
    expect(reviewed(found)).toEqual([]);
  });

  it('flags a category contradicting its own industry code', () => {
    const input = district();
    input.units.push(unit('WRONGCAT', { industry_code: '5164', category: 'industry' }));
    addSeries(input, 'WRONGCAT', { revenue: 3000, kwhPerRevenue: 2.5 });
    const [f] = run(misclassified, input);
    expect(f!.subject.id).toBe('WRONGCAT');
    expect(f!.severity).toBe('high');
    expect(f!.evidence.signals).toMatchObject({ own_code: true });
  });

  it('stays silent (or low) for an outdated registered code the scope and meter contradict', () => {
    const input = district();
    input.units.push(unit('OLDCODE'), unit('OTHERCLASS'), unit('NOMETER'));
    addSeries(input, 'OLDCODE', { revenue: 2500, kwhPerRevenue: 48 });
    input.market_status.push(market('OLDCODE', '5164', '木质家具制造、销售；建材批发'));
    addSeries(input, 'OTHERCLASS', { revenue: 2500, kwhPerRevenue: 55 });
    input.market_status.push(market('OTHERCLASS', '2130', '金属家具制造'));
    addSeries(input, 'NOMETER', { revenue: 2500, refMonths: [] });
    expect(reviewed(run(misclassified, input))).toHaveLength(0);
  });

  it('GIVEN a developer in a handover year whose kWh per yuan is far below its peers THEN electricity alone says nothing', () => {
    const input = district();
    addPeers(input, 10, 'real_estate', '7010', 80_000, 2);
    addPeers(input, 10, 'services', '7020', 20_000, 0.3);
    input.units.push(unit('DEV', { category: 'real_estate', industry_code: '7010' }));
    // Handovers this year: revenue twenty times the usual against the same site electricity.
    addSeries(input, 'DEV', { revenue: 130_000, kwhPerRevenue: 0.1 });
    input.market_status.push(market('DEV', '7010', '房地产开发经营'));
    expect(run(misclassified, input).filter((f) => f.subject.id === 'DEV')).toEqual([]);
  });

  it("GIVEN a factory whose meter alone is twenty times below its peers THEN silent; with a trader's licence beside it THEN high", () => {
    const input = district();
    input.units.push(unit('METERONLY'), unit('METERANDCODE'), unit('BOTHTRADES'));
    // 2.5 kWh per thousand yuan against the factories' 50: a trader's footprint, or inflated revenue, or power on another account.
    addSeries(input, 'METERONLY', { revenue: 2500, kwhPerRevenue: 2.5 });
    addSeries(input, 'METERANDCODE', { revenue: 2500, kwhPerRevenue: 2.5 });
    input.market_status.push(market('METERANDCODE', '5164', '建材批发'));
    // A licence whose scope names manufacturing beside trading backs the register.
    addSeries(input, 'BOTHTRADES', { revenue: 2500, kwhPerRevenue: 2.5 });
    input.market_status.push(market('BOTHTRADES', '5164', '木质家具制造；建材批发'));
    const found = run(misclassified, input);
    expect(found.map((f) => f.subject.id)).toEqual(['METERANDCODE']);
    expect(found[0]!.severity).toBe('high');
  });

  it('GIVEN a "shop" with a trader\'s licence and no grid meter THEN the absent meter counts only where traders lack one more often than shops', () => {
    const build = (meterlessTraders: number) => {
      const input = emptyInput();
      addPeers(input, 20, 'retail', '5271', 8_000, 20);
      const traders = addPeers(input, 20, 'wholesale', '5165', 40_000, 20);
      // Some trading houses keep no premises of their own: their revenue comes with no meter.
      const gone = new Set(traders.slice(0, meterlessTraders));
      input.electricity = input.electricity.filter((r) => !gone.has(r.unit_id));
      input.units.push(unit('STEELTRADE', { category: 'retail', industry_code: '5271', name: '临沂利辉钢铁贸易有限公司' }));
      addSeries(input, 'STEELTRADE', { revenue: 700, kwhPerRevenue: 20, employees: 50 });
      input.electricity = input.electricity.filter((r) => r.unit_id !== 'STEELTRADE');
      input.market_status.push(market('STEELTRADE', '5165', '金属材料、钢材批发'));
      // Every rate kept, so that the two districts' findings can be compared.
      return run(misclassified, input, { watchListRate: 1 }).find((f) => f.subject.id === 'STEELTRADE');
    };
    const rate = (f: ReturnType<typeof build>) => (f!.evidence.calibration as { false_alarm_rate: number }).false_alarm_rate;
    const facts = (f: ReturnType<typeof build>) => (f!.evidence.facts as { fact: string }[]).map((x) => x.fact);
    const pointing = build(8);
    const neutral = build(0);
    expect(facts(pointing)).toContain('no_meter');
    expect(facts(neutral)).not.toContain('no_meter');
    expect(rate(pointing)).toBeLessThan(rate(neutral));
    expect(pointing!.summary_zh).toMatch(/无任何电网用电记录/);
    expect(pointing!.summary_zh).not.toMatch(/[A-Za-z]/);
  });
});
