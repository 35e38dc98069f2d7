/**
 * Shared helpers of the fabrication and copying rules: robust spread of month-over-month
 * changes on preallocated buffers, round-number tests on numbers, binomial tails in logs and
 * per-peer-group medians.
 *
 * Why month-over-month log changes with a MAD spread: invented series are either flat or grow
 * by a fixed rate, so most of their monthly changes are (nearly) identical; a robust spread of
 * the changes ignores the occasional rounding step that a residual around a trend would count,
 * and it needs no seasonal model, so it compares units of any trade with their own peers.
 */
import type { DistrictData } from '../../engine/district-data';
import { MAD_SCALE } from '../../stats/robust';
import { quantileSorted } from '../../stats/quantile';

/** Median of buf[0..n) — sorts that prefix in place. NaN when n = 0. */
export function medianOf(buf: Float64Array, n: number): number {
  if (n <= 0) return Number.NaN;
  return quantileSorted(buf.subarray(0, n).sort(), 0.5);
}

/** σ-consistent MAD (1.4826·MAD) of buf[0..n) around its median; `work` is scratch. Sorts buf. */
export function madSigma(buf: Float64Array, n: number, work: Float64Array): number {
  if (n <= 0) return Number.NaN;
  const med = medianOf(buf, n);
  for (let i = 0; i < n; i++) work[i] = Math.abs(buf[i]! - med);
  return MAD_SCALE * medianOf(work, n);
}

/**
 * Robust spread of the month-over-month log changes of `num[t] / den[t]` (den = null: of num
 * alone) over one unit's row, months t0..t1 inclusive. Only consecutive months with positive
 * values count. Returns NaN with fewer than `minPairs` changes.
 */
export function changeSpread(num: Float64Array, den: Float64Array | null, row: number, t0: number, t1: number, buf: Float64Array, work: Float64Array, minPairs: number): number {
  let n = 0;
  let prev = Number.NaN;
  for (let t = t0; t <= t1; t++) {
    const a = num[row + t]!;
    const b = den ? den[row + t]! : 1;
    const x = a > 0 && b > 0 ? Math.log(a / b) : Number.NaN;
    if (!Number.isNaN(x) && !Number.isNaN(prev)) buf[n++] = x - prev;
    prev = x;
  }
  return n >= minPairs ? madSigma(buf, n, work) : Number.NaN;
}

/** True when x is an exact multiple of `step` (a power of ten), tolerant of binary rounding. */
export function isMultipleOf(x: number, step: number): boolean {
  const q = x / step;
  return Math.abs(q - Math.round(q)) < 1e-7 * Math.max(1, Math.abs(q));
}

export { log10BinomialTail } from '../../stats/tails';

/**
 * Median of a per-unit statistic over each peer group (category × division), falling back to
 * the whole category when the group has fewer than `minPeers` finite values. Returns a per-unit
 * array of the peer median (the unit itself included: with ≥ minPeers members one unit cannot
 * move a median far) and the basis used.
 */
export function peerMedians(data: DistrictData, values: Float64Array, minPeers: number): { median: Float64Array; basis: string[]; n: Int32Array } {
  const U = data.units.length;
  const median = new Float64Array(U).fill(Number.NaN);
  const n = new Int32Array(U);
  const basis: string[] = new Array<string>(U).fill('');
  const byCategory = new Map<string, number[]>();
  const buf = new Float64Array(U);
  const stat = (members: number[]): [number, number] => {
    let k = 0;
    for (const i of members) if (Number.isFinite(values[i]!)) buf[k++] = values[i]!;
    return [k, medianOf(buf, k)];
  };
  for (const [key, members] of data.peerGroups) {
    const cat = key.split('|')[0]!;
    let list = byCategory.get(cat);
    if (!list) byCategory.set(cat, (list = []));
    list.push(...members);
  }
  const catStats = new Map<string, [number, number]>();
  for (const [cat, members] of byCategory) catStats.set(cat, stat(members));
  for (const [key, members] of data.peerGroups) {
    let [k, m] = stat(members);
    let b = key;
    if (k < minPeers) {
      const cat = key.split('|')[0]!;
      [k, m] = catStats.get(cat) ?? [0, Number.NaN];
      b = `${cat}|*`;
    }
    for (const i of members) {
      median[i] = k >= minPeers ? m : Number.NaN;
      n[i] = k;
      basis[i] = b;
    }
  }
  return { median, basis, n };
}

/** Rounded copy of a slice of a matrix row (for evidence). */
export function rowSlice(m: Float64Array, row: number, t0: number, t1: number, digits = 1): (number | null)[] {
  const out: (number | null)[] = [];
  const f = 10 ** digits;
  for (let t = t0; t <= t1; t++) {
    const x = m[row + t]!;
    out.push(Number.isNaN(x) ? null : Math.round(x * f) / f);
  }
  return out;
}

/** Ranks (1-based, ties averaged) of v[0..n) into out. */
function ranks(v: number[], out: number[]): void {
  const idx = v.map((_, i) => i).sort((a, b) => v[a]! - v[b]!);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && v[idx[j + 1]!] === v[idx[i]!]) j++;
    for (let k = i; k <= j; k++) out[idx[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
}

/**
 * Rank (Spearman) correlation of the month-over-month log changes of `a` and `b` over one unit's
 * row, months t0..t1 inclusive (consecutive months with both positive); ranks, so that one
 * month's spike in one record (a late VAT filing, a meter fault) does not decide it. NaN with
 * fewer than `minPairs` changes or no variation. Honest revenue moves with its own VAT sales
 * (or metered kWh) month to month; invented revenue does not, whatever its level.
 */
export function changeCorrelation(a: Float64Array, b: Float64Array, row: number, t0: number, t1: number, minPairs: number): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let t = t0 + 1; t <= t1; t++) {
    const a0 = a[row + t - 1]!;
    const a1 = a[row + t]!;
    const b0 = b[row + t - 1]!;
    const b1 = b[row + t]!;
    if (!(a0 > 0 && a1 > 0 && b0 > 0 && b1 > 0)) continue;
    xs.push(Math.log(a1 / a0));
    ys.push(Math.log(b1 / b0));
  }
  const n = xs.length;
  if (n < minPairs) return Number.NaN;
  const rx: number[] = new Array<number>(n);
  const ry: number[] = new Array<number>(n);
  ranks(xs, rx);
  ranks(ys, ry);
  const m = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i]! - m) * (ry[i]! - m);
    sxx += (rx[i]! - m) ** 2;
    syy += (ry[i]! - m) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
}
