import { describe, expect, it } from 'vitest';
import type { DistrictInput } from '../../../../lib/engine/district-data';
import type { Rule } from '../../../../lib/engine/rule';
import { massRevisions } from '../../../../lib/rules/interference/mass-revisions';
import { at, emptyInput, ownUnit, PERIODS, reviewed, revise, run, town } from '../../../helpers/interference-fixtures';

const rule = massRevisions as unknown as Rule;

function district(): DistrictInput {
  const input = emptyInput();
  for (let t = 1; t <= 4; t++) for (let i = 0; i < 15; i++) ownUnit(input, `T${t}U${i}`, town(t), { seed: 100 * t + i });
  // Ordinary scattered corrections elsewhere.
  revise(input, 'T2U1', 3, 1.01, at(PERIODS[4]!, 40));
  revise(input, 'T3U4', 9, 0.98, at(PERIODS[10]!, 70));
  revise(input, 'T4U7', 17, 1.025, at(PERIODS[18]!, 10));
  return input;
}

describe('interfere.mass-revisions', () => {
  it('flags a town whose units revise upward together, unsupported by tax', () => {
    const input = district();
    for (let i = 0; i < 8; i++) revise(input, `T1U${i}`, 15, 1.1 + 0.01 * i, at(PERIODS[16]!, 300 + 3 * i));
    const fs = run(rule, input);
    expect(fs).toHaveLength(1);
    const f = fs[0]!;
    expect(f.subject).toEqual({ kind: 'town', id: town(1) });
    expect(f.period).toBe(PERIODS[15]);
    expect(f.unit_ids).toHaveLength(8);
    expect(f.severity).toBe('high');
    const ev = f.evidence as { median_change: number; window: { hours: number }; tax_backed: { backed: number } };
    expect(ev.median_change).toBeGreaterThan(0.1);
    expect(ev.window.hours).toBe(21);
    expect(ev.tax_backed.backed).toBe(0);
  });

  it('stays silent on scattered small corrections and treats tax-backed mass corrections as a watch item', () => {
    expect(run(rule, district())).toEqual([]);
    const input = district();
    // First filings 15% short of the business tax sees; the revisions restore them.
    for (let i = 0; i < 8; i++) {
      const s = input.submissions.find((x) => x.unit_id === `T1U${i}` && x.period === PERIODS[15])!;
      s.revenue = Math.round(s.revenue * 0.85 * 10) / 10;
      revise(input, `T1U${i}`, 15, 1 / 0.85, at(PERIODS[16]!, 300 + 3 * i));
    }
    const fs = run(rule, input);
    expect(fs).toHaveLength(1);
    expect(reviewed(fs)).toEqual([]);
  });

  it('handles no revisions and revisions of zero first filings', () => {
    const input = emptyInput();
    ownUnit(input, 'A', town(1));
    expect(run(rule, input)).toEqual([]);
    input.submissions.find((s) => s.period === PERIODS[2])!.revenue = 0;
    revise(input, 'A', 2, 1.5, at(PERIODS[3]!, 5));
    expect(run(rule, input)).toEqual([]);
  });
});
