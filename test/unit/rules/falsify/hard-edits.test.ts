import { describe, expect, it } from 'vitest';
import type { SubmissionRecord } from '../../../../lib/contract/schemas';
import { hardEdits } from '../../../../lib/rules/falsify/hard-edits';
import { addSeries, emptyInput, only, PERIODS, run, unit, wobble } from '../../../helpers/falsify-fixtures';

type Broken = { edit: string; score: number; wage_per_head?: number; ratio?: number };
const edits = (f: { evidence: Record<string, unknown> }) => (f.evidence.broken as Broken[]).map((b) => b.edit).sort();

describe('falsify.hard-edits', () => {
  it('flags contradictions as high and lists every broken edit of a report in one finding', () => {
    const input = emptyInput();
    input.units.push(unit('BAD', { category: 'industry', industry_code: '2110' }));
    addSeries(input, 'BAD', {
      revenue: (m) => 2000 * wobble(m),
      fields: (m, revenue): Partial<SubmissionRecord> => {
        const base = { gross_output: Math.round(revenue * 1.02) };
        if (m === 5) return { ...base, main_revenue: revenue * 1.35, profit: revenue * 1.6 };
        if (m === 9) return { ...base, employees: 0, wages: 300 };
        if (m === 14) return { ...base, wages: 50 * 85 };
        if (m === 20) return { ...base, gross_output: revenue * 4.2 };
        return base;
      },
    });
    const findings = only(run(hardEdits, input), 'BAD');
    expect(findings.map((f) => f.period)).toEqual([PERIODS[5], PERIODS[9], PERIODS[14], PERIODS[20]]);
    expect(findings.every((f) => f.severity === 'high')).toBe(true);
    expect(edits(findings[0]!)).toEqual(['main_revenue_above_revenue', 'profit_above_revenue']);
    expect(edits(findings[1]!)).toEqual(['wages_without_employees']);
    const wage = (findings[2]!.evidence.broken as Broken[])[0]!;
    expect(wage.edit).toBe('implausible_wage_per_head');
    expect(wage.wage_per_head).toBeCloseTo(85, 0);
    expect((findings[3]!.evidence.broken as Broken[])[0]!.ratio).toBeCloseTo(4.2, 1);
    expect(findings[0]!.summary_en).toContain('main revenue');
    expect(findings[0]!.evidence.revision).toBe(0);
  });

  it('stays silent on legitimate reports: main revenue equal to revenue, rounding, losses, a unit whose odd ratio is its norm', () => {
    const input = emptyInput();
    input.units.push(unit('FINE', { category: 'industry' }), unit('ROUND', { category: 'wholesale', industry_code: '5164' }), unit('TOLL', { category: 'industry' }));
    addSeries(input, 'FINE', { revenue: (m) => 2000 * wobble(m), fields: (m, r) => ({ main_revenue: r, gross_output: r * 1.05, profit: m % 3 ? -80 : r * 0.04 }) });
    // Main revenue 0.4 above revenue: rounding on a 3 000 figure, inside the tolerance.
    addSeries(input, 'ROUND', { revenue: 3000, fields: (_m, r) => ({ main_revenue: r + 0.4, wages: 50 * 1.2 }) });
    // A toll processor whose output is always 2.6× its revenue: its own norm, reported once as low at most.
    addSeries(input, 'TOLL', { revenue: (m) => 1000 * wobble(m), fields: (_m, r) => ({ gross_output: r * 2.6 }) });
    const findings = run(hardEdits, input);
    expect(only(findings, 'FINE')).toHaveLength(0);
    expect(only(findings, 'ROUND')).toHaveLength(0);
    const toll = only(findings, 'TOLL');
    expect(toll).toHaveLength(1);
    expect(toll[0]!.severity).toBe('low');
    expect(toll[0]!.period).toBe(PERIODS[0]);
  });

  it('handles missing fields, zeros, revisions and runs of the same break', () => {
    const input = emptyInput();
    input.units.push(unit('SPARSE', { category: 'services', industry_code: '5431' }), unit('REV', { category: 'retail', industry_code: '5212' }), unit('RUN', { category: 'industry' }));
    // No optional fields at all; a closed month with zero everything.
    addSeries(input, 'SPARSE', {
      revenue: (m) => (m === 3 ? 0 : 800),
      fields: (m) => ({ main_revenue: undefined, wages: m === 3 ? 0 : undefined, profit: m === 3 ? 0 : undefined, employees: m === 3 ? 0 : 20 }),
    });
    // Revision 0 broken, corrected in revision 1: the latest revision is judged.
    addSeries(input, 'REV', { revenue: 900, fields: (m, r) => (m === 6 ? { main_revenue: r * 2 } : {}) });
    const fixed = input.submissions.find((s) => s.unit_id === 'REV' && s.period === PERIODS[6])!;
    input.submissions.push({ ...fixed, revision: 1, main_revenue: 850 });
    // Output twice the revenue for months 10–13 (revenue cut, output not): one finding for the run.
    addSeries(input, 'RUN', { revenue: (m) => 1500 * wobble(m), fields: (m, r) => ({ gross_output: m >= 10 && m <= 13 ? r * 3.5 : r }) });
    const findings = run(hardEdits, input);
    expect(only(findings, 'SPARSE')).toHaveLength(0);
    expect(only(findings, 'REV')).toHaveLength(0);
    const runs = only(findings, 'RUN');
    expect(runs.map((f) => f.period)).toEqual([PERIODS[10]]);
    expect(runs[0]!.severity).not.toBe('low');
  });
});
