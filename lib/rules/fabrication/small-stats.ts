/**
 * Allocation-free versions of series-tools' per-unit statistics for one unit's row (24-odd
 * months), for rules that call them for every unit of a large district. They return exactly
 * what the series-tools functions return: the same order statistics, the same type-7
 * interpolation, the same sums in the same order; where an input could make the order of a
 * sort matter (a NaN), they hand over to the original.
 */
import { MAD_SCALE } from '../../stats/robust';
import { changeCorrelation, madSigma } from './series-tools';

/** Sorts buf[0..n) ascending in place (insertion sort: n is a row's length). No NaN allowed. */
export function sortSmall(buf: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const x = buf[i]!;
    let j = i - 1;
    while (j >= 0 && buf[j]! > x) {
      buf[j + 1] = buf[j]!;
      j--;
    }
    buf[j + 1] = x;
  }
}

/** Type-7 median of sorted s[0..n), as quantileSorted(s, 0.5) computes it. */
export function sortedMedian(s: Float64Array, n: number): number {
  if (n <= 0) return Number.NaN;
  const lo = (n - 1) >> 1;
  const a = s[lo]!;
  if (n & 1) return a;
  const b = s[lo + 1]!;
  if (a === b) return a;
  if (a === Number.NEGATIVE_INFINITY) return a;
  if (b === Number.POSITIVE_INFINITY) return b;
  let v = a + 0.5 * (b - a);
  if (!Number.isFinite(v)) v = 2 * (a / 2 + 0.5 * (b / 2 - a / 2));
  return v < a ? a : v > b ? b : v;
}

/**
 * madSigma(buf, n, work) of series-tools (buf[0..n) left sorted, NaN-free input). The absolute
 * deviations of a sorted row are two sorted runs (left of the median descending, right
 * ascending), so they are merged into `work` instead of sorted again.
 */
export function madSigmaSmall(buf: Float64Array, n: number, work: Float64Array): number {
  if (n <= 0) return Number.NaN;
  sortSmall(buf, n);
  const med = sortedMedian(buf, n);
  // An infinite median leaves NaN deviations, whose place only the typed-array sort decides.
  if (!Number.isFinite(med)) return madSigma(buf, n, work);
  let split = 0;
  while (split < n && buf[split]! < med) split++;
  let i = split - 1;
  let j = split;
  let k = 0;
  while (i >= 0 && j < n) {
    const l = Math.abs(buf[i]! - med);
    const r = Math.abs(buf[j]! - med);
    if (l <= r) {
      work[k++] = l;
      i--;
    } else {
      work[k++] = r;
      j++;
    }
  }
  while (i >= 0) work[k++] = Math.abs(buf[i--]! - med);
  while (j < n) work[k++] = Math.abs(buf[j++]! - med);
  return MAD_SCALE * sortedMedian(work, n);
}

/** changeSpread of series-tools, without allocation. */
export function changeSpreadSmall(num: Float64Array, den: Float64Array | null, row: number, t0: number, t1: number, buf: Float64Array, work: Float64Array, minPairs: number): number {
  let n = 0;
  let prev = Number.NaN;
  let nan = false;
  for (let t = t0; t <= t1; t++) {
    const a = num[row + t]!;
    const b = den ? den[row + t]! : 1;
    const x = a > 0 && b > 0 ? Math.log(a / b) : Number.NaN;
    if (!Number.isNaN(x) && !Number.isNaN(prev)) {
      const d = x - prev;
      // ∞ − ∞ (a ratio overflowing twice running): sort order of NaN is the typed-array sort's.
      if (Number.isNaN(d)) nan = true;
      buf[n++] = d;
    }
    prev = x;
  }
  if (n < minPairs) return Number.NaN;
  return nan ? madSigma(buf, n, work) : madSigmaSmall(buf, n, work);
}

let XS = new Float64Array(0);
let YS = new Float64Array(0);
let RX = new Float64Array(0);
let RY = new Float64Array(0);
let IDX = new Int32Array(0);

/** Ranks (1-based, ties averaged) of v[0..n) into out; IDX is scratch. */
function ranksSmall(v: Float64Array, n: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    let j = i - 1;
    while (j >= 0 && v[IDX[j]!]! > x) {
      IDX[j + 1] = IDX[j]!;
      j--;
    }
    IDX[j + 1] = i;
  }
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && v[IDX[j + 1]!] === v[IDX[i]!]) j++;
    for (let k = i; k <= j; k++) out[IDX[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
}

/** changeCorrelation of series-tools, without allocation. */
export function changeCorrelationSmall(a: Float64Array, b: Float64Array, row: number, t0: number, t1: number, minPairs: number): number {
  const len = Math.max(0, t1 - t0);
  if (XS.length < len) {
    XS = new Float64Array(len);
    YS = new Float64Array(len);
    RX = new Float64Array(len);
    RY = new Float64Array(len);
    IDX = new Int32Array(len);
  }
  let n = 0;
  let finite = true;
  for (let t = t0 + 1; t <= t1; t++) {
    const a0 = a[row + t - 1]!;
    const a1 = a[row + t]!;
    const b0 = b[row + t - 1]!;
    const b1 = b[row + t]!;
    if (!(a0 > 0 && a1 > 0 && b0 > 0 && b1 > 0)) continue;
    const x = Math.log(a1 / a0);
    const y = Math.log(b1 / b0);
    XS[n] = x;
    YS[n] = y;
    n++;
    if (!Number.isFinite(x) || !Number.isFinite(y)) finite = false;
  }
  if (n < minPairs) return Number.NaN;
  // An overflowing ratio makes the original comparator sort see NaN: let it decide the order.
  if (!finite) return changeCorrelation(a, b, row, t0, t1, minPairs);
  ranksSmall(XS, n, RX);
  ranksSmall(YS, n, RY);
  const m = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (RX[i]! - m) * (RY[i]! - m);
    sxx += (RX[i]! - m) ** 2;
    syy += (RY[i]! - m) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
}
