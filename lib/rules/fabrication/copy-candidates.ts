/**
 * Candidate pairs of the exact-coincidence search (copy-coincidence.ts): hashing on the exact
 * values of two of revenue, wages and profit finds every pair that shares a month's figures. On a
 * regular district hundreds of thousands of pairs share one month by chance (common revenue
 * values, profit a fixed share of revenue), so the pairs met are kept in typed arrays.
 *
 * (A screen of the pairs on a single-precision copy of all fields was tried: alone it saved a
 * third of the count's time, but within the whole rule set its 24 MB allocation on a large heap
 * cost more than it saved.)
 */
import type { DistrictData } from '../../engine/district-data';
import { PairSet } from './copy-pairset';

/** A key shared by more units than this is a common value, not a copy; its pairs are not formed. */
const MAX_BUCKET = 24;

/** Two figures are identical up to the float representation of a decimal figure. */
export const same = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x));

/** Candidate pairs a < b, in the order first met: a[i], b[i] for i < n. */
export interface Candidates {
  a: Int32Array;
  b: Int32Array;
  n: number;
}

function pushCandidate(c: Candidates, a: number, b: number): void {
  if (c.n === c.a.length) {
    const ga = new Int32Array(c.a.length * 2);
    const gb = new Int32Array(c.a.length * 2);
    ga.set(c.a);
    gb.set(c.b);
    c.a = ga;
    c.b = gb;
  }
  c.a[c.n] = a;
  c.b[c.n++] = b;
}

const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer);
function hashOf(x: number): number {
  f64[0] = x;
  return Math.imul(i32[0]! ^ 0x5bd1e995, 0x9e3779b1) ^ i32[1]!;
}

/** Candidate pairs: units sharing the exact values of two of revenue, wages and profit in some month. */
export function candidatePairs(data: DistrictData): Candidates {
  const { P, units } = data;
  const U = units.length;
  const keyFields = [data.revenue, data.wages, data.profit];
  const combos = [
    [0, 1],
    [0, 2],
    [1, 2],
  ] as const;
  // Counting sort on the top bits of each key, month by month: linear in the unit-months.
  const BITS = 17;
  const cap = U * combos.length;
  const hs = new Uint32Array(cap);
  const us = new Int32Array(cap);
  const order = new Int32Array(cap);
  const start = new Int32Array((1 << BITS) + 1);
  // Pairs met so far in typed open addressing: a number key a·U + b outgrows the small integers
  // on a large district, and a `Set` of such keys boxes every one of the pairs it is asked about.
  const seen = new PairSet(4 * U);
  const pairs: Candidates = { a: new Int32Array(1 << 12), b: new Int32Array(1 << 12), n: 0 };
  for (let t = 0; t < P; t++) {
    let n = 0;
    for (let c = 0; c < combos.length; c++) {
      const [i, j] = combos[c]!;
      for (let u = 0; u < U; u++) {
        const x = keyFields[i]![u * P + t]!;
        const y = keyFields[j]![u * P + t]!;
        if (Number.isNaN(x) || Number.isNaN(y) || (x === 0 && y === 0)) continue;
        hs[n] = (Math.imul(hashOf(x) ^ c, 0x85ebca6b) ^ hashOf(y)) >>> 0;
        us[n++] = u;
      }
    }
    start.fill(0);
    for (let k = 0; k < n; k++) start[(hs[k]! >>> (32 - BITS)) + 1]!++;
    for (let b = 0; b < 1 << BITS; b++) start[b + 1]! += start[b]!;
    for (let k = 0; k < n; k++) order[start[hs[k]! >>> (32 - BITS)]!++] = k;
    // start[b] is now the end of bucket b (the start of b + 1).
    for (let b = 0, lo = 0; b < 1 << BITS; lo = start[b]!, b++) {
      const hi = start[b]!;
      if (hi - lo >= 2) bucketPairs(hs, us, order, lo, hi, seen, pairs);
    }
  }
  return pairs;
}

/** The new pairs of one hash bucket order[lo..hi): units sharing a key held by at most MAX_BUCKET units. */
function bucketPairs(hs: Uint32Array, us: Int32Array, order: Int32Array, lo: number, hi: number, seen: PairSet, pairs: Candidates): void {
  // A crowded bucket (a common key) is ordered by key first, so that its runs are found in one pass.
  if (hi - lo > 8) order.subarray(lo, hi).sort((p, q) => hs[p]! - hs[q]!);
  for (let x = lo; x < hi;) {
    let end = x + 1;
    if (hi - lo > 8) while (end < hi && hs[order[end]!] === hs[order[x]!]) end++;
    else end = hi;
    for (let i = x; i < end; i++) {
      const ki = order[i]!;
      let mates = 0;
      for (let j = x; j < end && mates <= MAX_BUCKET; j++) if (hs[order[j]!] === hs[ki]) mates++;
      if (mates > MAX_BUCKET) continue;
      for (let j = i + 1; j < end; j++) {
        const kj = order[j]!;
        if (hs[kj] !== hs[ki] || us[kj] === us[ki]) continue;
        const a = Math.min(us[ki]!, us[kj]!);
        const b = Math.max(us[ki]!, us[kj]!);
        if (seen.addNew(a, b)) pushCandidate(pairs, a, b);
      }
    }
    x = end;
  }
}

/** Months in which most of the fields both units report are identical (at least two). */
export function mostlyIdenticalMonths(mats: Float64Array[], ra: number, rb: number, P: number): number {
  const F = mats.length;
  let months = 0;
  for (let t = 0; t < P; t++) {
    let present = 0;
    let identical = 0;
    for (let f = 0; f < F; f++) {
      const x = mats[f]![ra + t]!;
      const y = mats[f]![rb + t]!;
      if (Number.isNaN(x) || Number.isNaN(y)) continue;
      present++;
      if (same(x, y)) identical++;
    }
    if (identical >= 2 && 2 * identical > present) months++;
  }
  return months;
}
