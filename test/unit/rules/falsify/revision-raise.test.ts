import { describe, expect, it } from 'vitest';
import type { SubmissionRecord } from '../../../../lib/contract/schemas';
import type { DistrictInput } from '../../../../lib/engine/district-data';
import { revisionRaise } from '../../../../lib/rules/falsify/revision-raise';
import { addPeers, addSeries, emptyInput, only, PERIODS, run, unit, wobble } from '../../../helpers/falsify-fixtures';

const level = (m: number, k = 1) => 3000 * wobble(m, k);

/** Files revision 1 of a unit's months with revenue times `factor`. */
function revise(input: DistrictInput, unitId: string, months: number[], factor: number): void {
  for (const m of months) {
    const first = input.submissions.find((s) => s.unit_id === unitId && s.period === PERIODS[m] && s.revision === 0)!;
    input.submissions.push({ ...first, revision: 1, submitted_at: `${PERIODS[m + 1] ?? '2025-01'}-15T10:00:00+08:00`, revenue: Math.round(first.revenue * factor * 10) / 10 } as SubmissionRecord);
  }
}

describe('falsify.revision-raise', () => {
  it('flags revisions that raise already-filed revenue above what tax shows as INFLATE', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('REV'));
    addSeries(input, 'REV', { revenue: level });
    revise(input, 'REV', [14, 15, 16, 17], 1.25);
    const findings = run(revisionRaise, input);
    expect(findings.map((f) => f.subject.id)).toEqual(['REV']);
    const f = findings[0]!;
    expect(revisionRaise.pattern).toBe('FALSIFY.INFLATE');
    expect(f.period).toBe(PERIODS[14]);
    expect(f.severity).toBe('high');
    expect(f.evidence.raised_months).toEqual(PERIODS.slice(14, 18));
    expect(f.evidence.revised_excess_log as number).toBeCloseTo(Math.log(1.25), 1);
    expect(Math.abs(f.evidence.first_filed_excess_log as number)).toBeLessThan(0.05);
    expect(f.summary_en).toContain('with tax unchanged');
  });

  it('stays silent on a revision that corrects a first filing towards tax, and on small corrections', () => {
    const input = emptyInput();
    addPeers(input, 12, 'industry', '2110', 36_000);
    input.units.push(unit('FIX'), unit('TINY'));
    // First filed 20% short, then corrected to what tax shows.
    addSeries(input, 'FIX', { revenue: (m) => level(m, 2) * (m >= 5 && m <= 7 ? 0.8 : 1), trueRevenue: (m) => level(m, 2), k: 2 });
    revise(input, 'FIX', [5, 6, 7], 1.25);
    addSeries(input, 'TINY', { revenue: (m) => level(m, 3), k: 3 });
    revise(input, 'TINY', [9, 10, 11], 1.04);
    expect(run(revisionRaise, input)).toHaveLength(0);
  });

  it('leaves a town-wide wave of upward revisions to INTERFERE.COORDINATED (low) and needs a baseline', () => {
    const input = emptyInput();
    for (let i = 0; i < 6; i++) {
      const id = `W${i}`;
      input.units.push(unit(id, { town_code: '371302011000' }));
      addSeries(input, id, { revenue: (m) => 1500 * wobble(m, i), k: i + 5 });
      revise(input, id, [20, 21], 1.2);
    }
    input.units.push(unit('NEW'));
    addSeries(input, 'NEW', { revenue: level, reportMonths: [18, 19, 20, 21, 22, 23] });
    revise(input, 'NEW', [21, 22], 1.3);
    const findings = run(revisionRaise, input);
    expect(findings).toHaveLength(6);
    expect(findings.every((f) => f.severity === 'low')).toBe(true);
    expect(String(findings[0]!.evidence.notes)).toContain('INTERFERE.COORDINATED');
    expect(only(findings, 'NEW')).toHaveLength(0);
  });
});
