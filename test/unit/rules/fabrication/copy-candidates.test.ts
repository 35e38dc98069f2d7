import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactFields, mayBeMostlyIdentical, mostlyIdenticalMonths } from '../../../../lib/rules/fabrication/copy-candidates';

describe('mayBeMostlyIdentical', () => {
  it('passes every pair the exact count passes, figures within the tolerance of each other included', () => {
    const P = 4;
    const F = 3;
    // One unit's figure, and the other's: equal, within the tolerance, just outside it, or missing.
    const figure = fc.oneof(fc.constant(0), fc.constant(Number.NaN), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(0.1, 12, 2000.3, 1e-12, -3e-10, 1e40));
    const nudge = fc.constantFrom(0, 1, -1, 1e-10, -1e-10, 9e-10, 1.1e-9, 1e-3, Number.NaN);
    fc.assert(
      fc.property(fc.array(fc.tuple(figure, nudge), { minLength: P * F, maxLength: P * F }), fc.integer({ min: 1, max: P }), (cells, minMonths) => {
        const mats = Array.from({ length: F }, () => new Float64Array(2 * P));
        cells.forEach(([x, d], i) => {
          const f = i % F;
          const t = (i / F) | 0;
          mats[f]![t] = x;
          // A nudge relative to the figure's size (at least 1), as `same` measures it.
          mats[f]![P + t] = Number.isNaN(d) ? Number.NaN : x + d * Math.max(1, Math.abs(x));
        });
        const exact = mostlyIdenticalMonths(mats, 0, P, P) >= minMonths;
        if (exact) expect(mayBeMostlyIdentical(compactFields(mats, 2, P), F, P, 0, 1, minMonths)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
