import { describe, expect, it } from 'vitest';
import { headcountShift } from '../../../../lib/rules/falsify/headcount-shift';
import { addPeers, addSeries, emptyInput, only, PERIODS, run, unit, wobble } from '../../../helpers/falsify-fixtures';

const level = (m: number, k = 1) => 3000 * wobble(m, k + 0.5);

describe('falsify.headcount-shift', () => {
  it('flags reported employees and wages cut below an unchanged insured headcount as CONCEAL', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('HIDE'));
    // 50 people insured all along; from 2023-09 only 28 reported (wages follow the reported headcount).
    addSeries(input, 'HIDE', { revenue: level, employees: (m) => (m >= 8 ? 28 : 50), insured: 48 });
    const findings = run(headcountShift, input);
    expect(findings.map((f) => f.subject.id)).toEqual(['HIDE']);
    const f = findings[0]!;
    expect(f.pattern).toBeUndefined(); // the rule's own pattern, FALSIFY.CONCEAL
    expect(headcountShift.pattern).toBe('FALSIFY.CONCEAL');
    expect(f.period).toBe(PERIODS[8]);
    expect(f.severity).toBe('high');
    const ev = f.evidence as { employees_vs_insured: { shift_log: number }; insured_shift_log: number; employees_median: { baseline: number; episode: number } };
    expect(ev.employees_vs_insured.shift_log).toBeCloseTo(Math.log(28 / 50), 1);
    expect(ev.insured_shift_log).toBeCloseTo(0, 5);
    expect(ev.employees_median).toEqual({ baseline: 50, episode: 28 });
    expect(f.summary_en).toContain('insured headcount changed 0%');
    expect(f.summary_zh).toContain('参保人数');
  });

  it('stays silent on a real layoff the insurance record follows, on uninsured staff leaving, and on a furlough that recovers', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('LAYOFF'), unit('CASUAL'), unit('FURLOUGH'), unit('LAGGED'));
    // A real layoff: insurance drops the same month.
    addSeries(input, 'LAYOFF', { revenue: (m) => level(m, 2) * (m >= 12 ? 0.6 : 1), employees: (m) => (m >= 12 ? 28 : 50), insured: (m) => (m >= 12 ? 27 : 48), k: 2 });
    // Uninsured seasonal or casual staff leave: the unit still reports at least as many as it insures.
    addSeries(input, 'CASUAL', { revenue: (m) => level(m, 3), employees: (m) => (m >= 12 ? 45 : 62), insured: 44, k: 3 });
    // Staff sent home for four months, then back; insured all along.
    addSeries(input, 'FURLOUGH', { revenue: (m) => level(m, 4), employees: (m) => (m >= 10 && m <= 13 ? 30 : 50), insured: 48, k: 4 });
    // Layoff whose insurance deregistration catches up three months later, as the business shrinks.
    addSeries(input, 'LAGGED', { revenue: (m) => level(m, 5) * (m >= 14 ? 0.6 : 1), employees: (m) => (m >= 14 ? 28 : 50), insured: (m) => (m >= 18 ? 27 : 48), k: 5 });
    expect(run(headcountShift, input)).toHaveLength(0);
  });

  it('ignores a drop of one or two people, caps a unit without wages at medium, and lowers a town-wide drop and copied figures', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('SMALL'), unit('NOWAGE'));
    // Two people fewer for the last six months: a small unit's turnover (a year or more would not be; see below).
    addSeries(input, 'SMALL', { revenue: (m) => level(m, 7), employees: (m) => (m >= 18 ? 3 : 5), insured: 5 });
    addSeries(input, 'NOWAGE', { revenue: (m) => level(m, 8), employees: (m) => (m >= 12 ? 25 : 50), insured: 48, k: 6, fields: () => ({ wages: undefined }) });
    // Every unit of one town reports fewer people from 2024-03 while insured stays: a common cause.
    addPeers(input, 8, 'retail', '5212', 8_000, { prefix: 'TOWN', town: '371302011000' });
    // From 2024-01 the reports copy a small peer's figures (headcount included): FALSIFY.COPY's case.
    input.units.push(unit('COPYHC'));
    const peerRevenue = (m: number) => (36_000 / 12) * 1.3 * wobble(m, 3);
    addSeries(input, 'COPYHC', { revenue: (m) => (m >= 12 ? peerRevenue(m) * 0.9 : level(m, 11)), trueRevenue: (m) => level(m, 11), employees: (m) => (m >= 12 ? 9 : 50), insured: 48, k: 11 });
    const findings0 = run(headcountShift, input);
    const copy = only(findings0, 'COPYHC')[0]!;
    expect(copy.severity).toBe('low');
    expect(copy.evidence.copied_from).toBe('PEER-industry-2110-3');
    expect(only(findings0, 'SMALL')).toHaveLength(0);
    const nowage = only(findings0, 'NOWAGE')[0]!;
    expect(nowage.severity).toBe('medium');
    expect(String(nowage.evidence.notes)).toContain('no wages');
    expect(nowage.summary_zh).toContain('无应付工资记录');
    const town = emptyInput();
    addPeers(town, 12, 'industry', '2110', 36_000);
    for (let i = 0; i < 8; i++) {
      const id = `T${i}`;
      town.units.push(unit(id, { category: 'retail', industry_code: '5212', town_code: '371302011000' }));
      addSeries(town, id, { revenue: (m) => 700 * wobble(m, i), employees: (m) => (m >= 14 ? 20 : 40), insured: 38, k: i + 20 });
    }
    const findings = run(headcountShift, town);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.severity === 'low')).toBe(true);
    expect(String(findings[0]!.evidence.notes)).toMatch(/moved alike/);
  });

  it('reads a drop right after the first months, a lasting gap of two people in a small unit, and a trader whose meter fell while tax held', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    addPeers(input, 8, 'wholesale', '5191', 24_000);
    input.units.push(
      unit('EARLY'),
      unit('TINY', { category: 'wholesale', industry_code: '5191' }),
      unit('MILD', { category: 'wholesale', industry_code: '5191' }),
      unit('TRADER', { category: 'wholesale', industry_code: '5191' }),
      unit('PLANT'),
    );
    // Reported staff fall by half after only two months on file; insured stays.
    addSeries(input, 'EARLY', { revenue: (m) => level(m, 12), employees: (m) => (m >= 2 ? 26 : 50), insured: 48, k: 12 });
    // Six insured, four reported for sixteen months (67%): two people, but for well over a year.
    addSeries(input, 'TINY', { revenue: (m) => level(m, 13) / 2, employees: (m) => (m >= 6 && m <= 21 ? 4 : 6), insured: 6, k: 13 });
    // Six reported against five insured, then four (80% of insured): too close to the insured headcount to say.
    addSeries(input, 'MILD', { revenue: (m) => level(m, 14) / 2, employees: (m) => (m >= 6 && m <= 21 ? 4 : 6), insured: 5, k: 14 });
    // A trader's meter (lights, a cold room) fell a third while its tax held: the business did not shrink.
    addSeries(input, 'TRADER', { revenue: (m) => level(m, 15), employees: (m) => (m >= 12 ? 25 : 50), insured: 48, k: 15 });
    for (const e of input.electricity) if (e.unit_id === 'TRADER' && PERIODS.indexOf(e.period) >= 12) e.kwh = Math.round(e.kwh * 0.65);
    // The same at a plant, whose meter follows output: a real contraction (nothing said).
    addSeries(input, 'PLANT', { revenue: (m) => level(m, 16), employees: (m) => (m >= 12 ? 25 : 50), insured: 48, k: 16 });
    for (const e of input.electricity) if (e.unit_id === 'PLANT' && PERIODS.indexOf(e.period) >= 12) e.kwh = Math.round(e.kwh * 0.65);
    const findings = run(headcountShift, input);
    expect(findings.map((f) => f.subject.id).sort()).toEqual(['EARLY', 'TINY', 'TRADER']);
    const early = only(findings, 'EARLY')[0]!;
    expect(early.period).toBe(PERIODS[2]);
    expect(early.severity).toBe('high');
    expect(String(early.evidence.notes)).toContain('follows only 2 months');
    const tiny = only(findings, 'TINY')[0]!;
    expect(tiny.evidence.employees_median).toEqual({ baseline: 6, episode: 4 });
    expect(headcountShift.version).toBe(2);
  });
});
