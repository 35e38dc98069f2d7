/**
 * Exact-coincidence search of FALSIFY.COPY: two units whose reports of one or more months are
 * identical, figure for figure. The evidence is the chance of such a coincidence between
 * independent reports, estimated from the district itself:
 *   - for each field and month, the chance that another unit of the same category reports this
 *     unit's value to the figures' resolution (lib/stats/match-probability.ts): the share of
 *     units reporting that very value (zeros, placeholders, round numbers, common headcounts) or
 *     the local density of values of that size times the resolution, whichever is larger;
 *   - a field derived from another (main revenue, gross output and profit from revenue, wages from
 *     headcount) is judged by its ratio to that field once that field agrees: equal revenue and an
 *     equal main-revenue share are one coincidence each, not main revenue again;
 *   - a figure that stands still (both units' value, or ratio, as in the month before) renews no
 *     evidence: a headcount of 12 that both keep for half a year is one coincidence, not six;
 *   - a month's evidence is the product of its agreeing fields' chances times the number of ways
 *     to choose which fields agree (C(fields reported, fields agreeing));
 *   - the run is the stretch of consecutive months (months either unit did not file are skipped)
 *     whose fields mostly agree, trimmed to its strongest part.
 * The subject was compared with every other unit over every stretch of months: looks =
 * (units − 1) · P(P+1)/2.
 *
 * Candidates come from hashing, so the cost grows with the unit-months, not their pairs: each
 * unit-month is filed under the exact values of each two of its revenue, wages and profit; units
 * sharing a key are candidate pairs (copy-candidates.ts). Keys shared by more than MAX_BUCKET units (everybody reports
 * zero profit, a placeholder) are not expanded: their coincidence is common and weak.
 */
import type { DistrictData } from '../../engine/district-data';
import { matchProbability, valueResolution } from '../../stats/match-probability';
import { candidatePairs, mostlyIdenticalMonths, same } from './copy-candidates';

/** Most units of a category a reference sample holds. */
const REFERENCE_SIZE = 2000;

/** Fields compared; `base` is the field a derived one is judged against when that one agrees. */
const FIELDS = [
  { name: 'revenue', key: 'revenue', base: -1 },
  { name: 'main_revenue', key: 'mainRevenue', base: 0 },
  { name: 'gross_output', key: 'grossOutput', base: 0 },
  { name: 'employees', key: 'employees', base: -1 },
  { name: 'wages', key: 'wages', base: 3 },
  { name: 'profit', key: 'profit', base: 0 },
] as const;
const F = FIELDS.length;

export interface CoincidenceMatch {
  a: number;
  b: number;
  t0: number;
  t1: number;
  /** Months of the run with both reports. */
  months: number;
  /** log10 of the chance of the run's coincidences between independent reports. */
  log10P: number;
  /** Months each field agreed in, by field name, and months both units reported it. */
  fields: Record<string, { months: number; identical: number }>;
}

/** Reference samples, built on demand: sorted values of one field (or ratio) of one category in one month. */
class References {
  private cache = new Map<number, { s: Float64Array; scale: number }>();
  constructor(
    private data: DistrictData,
    private mats: Float64Array[],
    private members: Int32Array[],
  ) {}

  get(f: number, ratio: boolean, cat: number, t: number): { s: Float64Array; scale: number } {
    const key = ((t * this.members.length + cat) * F + f) * 2 + (ratio ? 1 : 0);
    let r = this.cache.get(key);
    if (r) return r;
    const { P } = this.data;
    const m = this.mats[f]!;
    const base = FIELDS[f]!.base >= 0 ? this.mats[FIELDS[f]!.base]! : m;
    const us = this.members[cat]!;
    // A large category is sampled at an even stride: shares and densities need a few thousand values, not all.
    const stride = Math.max(1, Math.ceil(us.length / REFERENCE_SIZE));
    const buf = new Float64Array(Math.ceil(us.length / stride));
    let n = 0;
    for (let i = 0; i < us.length; i += stride) {
      const x = m[us[i]! * P + t]!;
      if (Number.isNaN(x)) continue;
      if (!ratio) buf[n++] = x;
      else {
        const b = base[us[i]! * P + t]!;
        if (b !== 0 && !Number.isNaN(b)) buf[n++] = x / b;
      }
    }
    const s = buf.slice(0, n).sort();
    // Typical magnitude (a floor of the kernel's width near zero): the larger of the median's size and the half interquartile range.
    r = { s, scale: n ? Math.max(Math.abs(s[n >> 1]!), (s[(3 * n) >> 2]! - s[n >> 2]!) / 2) : 1 };
    this.cache.set(key, r);
    return r;
  }
}

function log10Choose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log10((n - k + i) / i);
  return s;
}

/** Pairs of units with runs of identical reports, and the chance of each run between independent reports. */
export function findCoincidences(data: DistrictData, minMonths: number): CoincidenceMatch[] {
  const { P, units } = data;
  const U = units.length;
  if (U < 2 || P < 1) return [];
  const mats = FIELDS.map((f) => data[f.key] as Float64Array);
  const catIds = new Map<string, number>();
  const cat = new Int32Array(U);
  for (let u = 0; u < U; u++) {
    const c = units[u]!.category;
    if (!catIds.has(c)) catIds.set(c, catIds.size);
    cat[u] = catIds.get(c)!;
  }
  const counts = new Int32Array(catIds.size);
  for (let u = 0; u < U; u++) counts[cat[u]!]!++;
  const members = Array.from(counts, (n) => new Int32Array(n));
  counts.fill(0);
  for (let u = 0; u < U; u++) members[cat[u]!]![counts[cat[u]!]!++] = u;
  const refs = new References(data, mats, members);
  const cands = candidatePairs(data);
  const out: CoincidenceMatch[] = [];
  const resCache = new Float64Array(U * F).fill(-1);
  const resolution = (u: number, f: number) => {
    let r = resCache[u * F + f]!;
    if (r < 0) {
      r = valueResolution(mats[f]!, u * P, u * P + P);
      resCache[u * F + f] = Number.isNaN(r) ? 0.1 : r;
      r = resCache[u * F + f]!;
    }
    return r;
  };
  const score = new Float64Array(P);
  const monthOk = new Int8Array(P);
  const agree = new Uint8Array(P * F);
  // Most candidates share one month's figures by chance: only a pair with enough months mostly
  // identical is judged.
  for (let i = 0; i < cands.n; i++) {
    const a = cands.a[i]!;
    const b = cands.b[i]!;
    if (mostlyIdenticalMonths(mats, a * P, b * P, P) < minMonths) continue;
    const m = evaluatePair(data, mats, refs, resolution, cat, a, b, score, monthOk, agree);
    if (m && m.months >= minMonths) out.push(m);
  }
  return out;
}

/** Evidence month by month for one pair, and its strongest run. */
function evaluatePair(
  data: DistrictData,
  mats: Float64Array[],
  refs: References,
  resolution: (u: number, f: number) => number,
  cat: Int32Array,
  a: number,
  b: number,
  score: Float64Array,
  monthOk: Int8Array,
  agree: Uint8Array,
): CoincidenceMatch | null {
  const { P } = data;
  const ra = a * P;
  const rb = b * P;
  const sameCat = cat[a] === cat[b];
  for (let t = 0; t < P; t++) {
    monthOk[t] = -1; // neither filed: skipped
    score[t] = 0;
    let present = 0;
    let identical = 0;
    let log10q = 0;
    for (let f = 0; f < F; f++) {
      const m = mats[f]!;
      const x = m[ra + t]!;
      const y = m[rb + t]!;
      agree[t * F + f] = 0;
      if (Number.isNaN(x) || Number.isNaN(y)) continue;
      present++;
      if (!same(x, y)) continue;
      identical++;
      agree[t * F + f] = 1;
      const bf = FIELDS[f]!.base;
      const baseX = bf >= 0 ? mats[bf]![ra + t]! : Number.NaN;
      const ratio = bf >= 0 && agree[t * F + bf] === 1 && baseX !== 0;
      const value = ratio ? x / baseX : x;
      const res = Math.max(resolution(a, f), resolution(b, f));
      const tol = (ratio ? res / Math.abs(baseX) : res) / 2;
      // A figure (or ratio) both units keep from the month before renews no evidence.
      if (t > 0 && agree[(t - 1) * F + f] === 1) {
        const px = m[ra + t - 1]!;
        const pb = bf >= 0 ? mats[bf]![ra + t - 1]! : Number.NaN;
        const prev = ratio ? (pb !== 0 && !Number.isNaN(pb) ? px / pb : Number.NaN) : px;
        if (Math.abs(prev - value) <= tol) continue;
      }
      let q = probe(refs, f, ratio, cat[a]!, t, value, tol, sameCat ? 2 : 1);
      if (!sameCat) q = Math.max(q, probe(refs, f, ratio, cat[b]!, t, value, tol, 1));
      log10q += Math.log10(q);
    }
    if (present === 0) continue;
    // A month belongs to a run when most of the fields both units report are identical.
    monthOk[t] = identical >= 2 && 2 * identical > present ? 1 : 0;
    score[t] = -log10q - log10Choose(present, identical);
  }
  // Strongest stretch (largest sum of month scores) within the runs of agreeing months.
  let best = 0;
  let bestT0 = -1;
  let bestT1 = -1;
  let sum = 0;
  let start = -1;
  for (let t = 0; t < P; t++) {
    if (monthOk[t] === -1) continue;
    if (monthOk[t] === 0) {
      sum = 0;
      start = -1;
      continue;
    }
    if (start < 0 || sum <= 0) {
      start = t;
      sum = 0;
    }
    sum += score[t]!;
    if (sum > best) [best, bestT0, bestT1] = [sum, start, t];
  }
  if (bestT0 < 0) return null;
  let months = 0;
  const fields: Record<string, { months: number; identical: number }> = {};
  for (let f = 0; f < F; f++) fields[FIELDS[f]!.name] = { months: 0, identical: 0 };
  for (let t = bestT0; t <= bestT1; t++) {
    if (monthOk[t] !== 1) continue;
    months++;
    for (let f = 0; f < F; f++) {
      if (Number.isNaN(mats[f]![ra + t]!) || Number.isNaN(mats[f]![rb + t]!)) continue;
      fields[FIELDS[f]!.name]!.months++;
      if (agree[t * F + f]) fields[FIELDS[f]!.name]!.identical++;
    }
  }
  return { a, b, t0: bestT0, t1: bestT1, months, log10P: -best, fields };
}

/** Match chance from category c's sample, leaving out the members of the pair it holds (`exclude`). */
function probe(refs: References, f: number, ratio: boolean, c: number, t: number, value: number, tol: number, exclude: number): number {
  const r = refs.get(f, ratio, c, t);
  return matchProbability(r.s, 0, r.s.length, value, tol, r.scale, Math.min(exclude, r.s.length - 1));
}
