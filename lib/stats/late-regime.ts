/**
 * Where in a unit's series does a marked regime (round figures, near-identical changes) start, and
 * how surprising is it? Two nulls, both estimated from the figures themselves:
 *  - level: the marked share of the segment from month τ on against a base rate (binomial), the
 *    chance that figures with the district's usual share of marks show this many;
 *  - switch (τ > 0): the marks concentrated after τ against a random order of the unit's own
 *    months (hypergeometric), the chance that a habit the unit always had falls this late.
 * A fabricated stretch often starts mid-series; an honest habit (estimating to the nearest 100)
 * runs through the whole series and earns no switch evidence.
 */
import { log10BinomialTail } from './tails';
import { log10HypergeometricUpper, log10MannWhitneyLower } from './permutation-tails';

export interface LateSegment {
  /** Index (into the compacted months) where the segment starts; 0 = the whole series. */
  start: number;
  months: number;
  marked: number;
  /** log10 binomial tail of `marked` of `months` at the base rate. */
  log10Level: number;
  /** log10 hypergeometric tail of the marks' concentration after `start` (0 when start = 0). */
  log10Switch: number;
  /** Candidate starts examined (Bonferroni looks). */
  looks: number;
}

/**
 * The segment [start, n) of marks[0..n) (1 = marked) most surprising as a rounded regime:
 * starts 0 and minLead..n − minSeg are tried; a candidate counts when its level evidence alone is
 * at least `levelGate` (log10, after the looks) and it is ranked by level + switch.
 */
export function lateMarkedSegment(marks: Uint8Array, n: number, base: number, minSeg: number, levelGate: number, minLead = 3): LateSegment | null {
  if (n < minSeg) return null;
  let total = 0;
  for (let i = 0; i < n; i++) total += marks[i]!;
  if (!total) return null;
  const looks = 1 + Math.max(0, n - minSeg - minLead + 1);
  const gate = levelGate - Math.log10(looks);
  // No segment (≥ minSeg months, ≤ total marks) can be rarer than all marks in the shortest
  // stretch that holds them: one tail decides most honest series.
  if (log10BinomialTail(Math.max(minSeg, total), total, base) > gate) return null;
  let best: LateSegment | null = null;
  let bestScore = Infinity;
  // Marked months from `start` on, accumulated backwards.
  let after = 0;
  for (let start = n - 1; start >= 0; start--) {
    after += marks[start]!;
    const months = n - start;
    if (months < minSeg || (start > 0 && start < minLead)) continue;
    const level = log10BinomialTail(months, after, base);
    if (level > gate) continue;
    const sw = start > 0 ? log10HypergeometricUpper(n, total, months, after) : 0;
    const score = level + sw;
    if (score < bestScore) {
      bestScore = score;
      best = { start, months, marked: after, log10Level: level, log10Switch: sw, looks };
    }
  }
  return best;
}

export interface CalmSegment {
  start: number;
  /** Changes inside the segment and before it. */
  inside: number;
  before: number;
  /** log10 exact Mann–Whitney tail that the segment's |changes| are this much smaller than before. */
  log10P: number;
  looks: number;
}

/**
 * The late segment whose absolute changes abs[start..n) are smallest against abs[0..start)
 * (Mann–Whitney, exact under a random order of the unit's own changes), for starts leaving
 * ≥ minLead changes before and ≥ minSeg inside. Ties count half.
 */
export function lateCalmSegment(abs: Float64Array, n: number, minSeg: number, minLead = 4): CalmSegment | null {
  const looks = Math.max(0, n - minSeg - minLead + 1);
  if (looks <= 0) return null;
  let best: CalmSegment | null = null;
  let bestZ = Infinity;
  let bestU = 0;
  const cmp = (x: number, y: number) => (x > y ? 1 : x === y ? 0.5 : 0);
  // U(start) = Σ_{i ≥ start, j < start} cmp(abs_i, abs_j), updated as one change moves from
  // inside the segment to before it: O(n²) over all starts.
  let u = 0;
  for (let i = minLead; i < n; i++) for (let j = 0; j < minLead; j++) u += cmp(abs[i]!, abs[j]!);
  for (let start = minLead; start <= n - minSeg; start++) {
    if (start > minLead) {
      const x = abs[start - 1]!;
      for (let j = 0; j < start - 1; j++) u -= cmp(x, abs[j]!);
      for (let i = start; i < n; i++) u += cmp(abs[i]!, x);
    }
    const m = n - start;
    const k = start;
    // Normal score to choose the start; the exact tail is computed once for the chosen one.
    const z = (u - (m * k) / 2) / Math.sqrt((m * k * (m + k + 1)) / 12);
    if (z < bestZ) {
      bestZ = z;
      bestU = u;
      best = { start, inside: m, before: k, log10P: 0, looks };
    }
  }
  if (best) best.log10P = log10MannWhitneyLower(best.inside, best.before, bestU);
  return best;
}

/** Mann–Whitney lower tail of abs[start..n) against abs[0..start) (ties half), as log10 p. */
export function calmAt(abs: Float64Array, n: number, start: number): number {
  if (start <= 0 || start >= n) return 0;
  let u = 0;
  for (let i = start; i < n; i++) for (let j = 0; j < start; j++) u += abs[i]! > abs[j]! ? 1 : abs[i] === abs[j] ? 0.5 : 0;
  return log10MannWhitneyLower(n - start, start, u);
}
