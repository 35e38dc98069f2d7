import { describe, expect, it } from 'vitest';
import type { DistrictInput } from '../../../../lib/engine/district-data';
import type { Rule } from '../../../../lib/engine/rule';
import { digitAnalysis } from '../../../../lib/rules/fabrication/digit-analysis';
import { addUnit, emptyInput, reviewed, rng, round1, run } from '../../../helpers/fabrication-fixtures';

const rule = digitAnalysis as unknown as Rule;

/** Towns of units whose monthly figures are log-uniform over three decades (Benford-like). */
function honestTowns(input: DistrictInput, towns: number, unitsPerTown: number): void {
  for (let t = 0; t < towns; t++) {
    for (let i = 0; i < unitsPerTown; i++) {
      const r = rng(100 * t + i + 1);
      const values = Array.from({ length: 24 }, () => round1(10 ** (2 + 3 * r.uniform())));
      addUnit(input, { id: `T${t}U${i}`, town: `3713020${String(t + 10).padStart(2, '0')}000`, revenue: (m) => values[m]!, trueRevenue: null });
    }
  }
}

describe('fabricate.digit-analysis', () => {
  it('flags a town whose figures pile on a few leading digits with round endings', () => {
    const input = emptyInput();
    honestTowns(input, 10, 15);
    for (let i = 0; i < 15; i++) {
      const r = rng(9000 + i);
      addUnit(input, { id: `BAD${i}`, town: '371302099000', revenue: () => 5000 + 100 * Math.floor(r.uniform() * 3), trueRevenue: null });
    }
    const fs = run(rule, input);
    const f = fs.find((x) => x.subject.kind === 'town' && x.subject.id === '371302099000');
    expect(f).toBeDefined();
    expect(f!.severity).not.toBe('low');
    expect(f!.unit_ids).toHaveLength(15);
    const ev = f!.evidence as { first_two_digits: { mad: number; expected_mad: number; conformity: string }; last_digit: { p: number } };
    expect(ev.first_two_digits.mad).toBeGreaterThan(5 * ev.first_two_digits.expected_mad);
    expect(ev.first_two_digits.conformity).toBe('Nonconformity');
    expect(ev.last_digit.p).toBeLessThan(1e-6);
    // Honest towns stay silent.
    expect(fs.filter((x) => x.subject.kind === 'town' && x.subject.id !== '371302099000')).toEqual([]);
  });

  it("stays silent on honest towns of any size, though their small-sample MAD exceeds Nigrini's fixed cut", () => {
    const input = emptyInput();
    honestTowns(input, 12, 15);
    const fs = run(rule, input);
    expect(reviewed(fs)).toEqual([]);
    expect(fs.filter((x) => x.subject.kind === 'town')).toEqual([]);
  });

  it('needs enough figures and enough groups to compare', () => {
    const input = emptyInput();
    honestTowns(input, 3, 2);
    expect(run(rule, input)).toEqual([]);
    expect(run(rule, emptyInput())).toEqual([]);
  });
});
