/**
 * Level-shift search on a unit's log-ratio series (reported revenue over tax sales, and over
 * metered kWh), for the cross-source shift rule.
 *
 * Why this way: an inflated or concealed episode is a block of consecutive months in which
 * both ratios sit at a new level. The block is found by maximising the two-sample statistic
 * |mean_in − mean_out|·√(n_in·n_out/n) over all contiguous segments (prefix sums: O(P²) per unit,
 * no allocation), on the average of the two centred ratios. The block is then checked source by
 * source with medians and MAD, which a single wild month cannot move. A block that touches the
 * first month is read as "the unit changed after it": the baseline is the earlier history.
 */
import { medianInPlace } from './robust-series';
import { MAD_SCALE } from '../../stats/robust';

export interface SourceShift {
  /** Enough baseline and episode months with this source. */
  available: boolean;
  nBase: number;
  nEp: number;
  /** Median log ratio of the baseline and of the episode. */
  baseline: number;
  episode: number;
  shift: number;
  /** Robust noise of the baseline (1.4826·MAD, floored). */
  sigma: number;
  /** Shift over the baseline noise of one month. */
  z: number;
  /** Shift over its standard error (difference of two medians: 1.25·σ·√(1/n_ep + 1/n_base)). */
  t: number;
  /** Share of episode months beyond half the shift, in its direction. */
  consistency: number;
  /** Robust noise of the episode months (1.4826·MAD). */
  episodeSigma: number;
  /**
   * The jump at the episode's edge: median of its first `edgeMonths` months minus the median of
   * the same number of months just before it (for an episode starting at the first month, the
   * months just after it against its last months). A level shift jumps; a slow drift does not.
   */
  edgeStep: number;
}

export interface SegmentShift {
  start: number;
  end: number;
  direction: 1 | -1;
  tax: SourceShift | null;
  kwh: SourceShift | null;
}

export interface ShiftParams {
  minBaseline: number;
  minRun: number;
  minShift: number;
  sigmaFloor: number;
  edgeMonths: number;
  /** Valid months needed on each side of an interior episode. */
  minSide: number;
}

let c = new Float64Array(0);
let cum = new Float64Array(0);
let cnt = new Int32Array(0);
let idx = new Int32Array(0);

function ensure(P: number): void {
  if (c.length >= P) return;
  c = new Float64Array(P);
  cum = new Float64Array(P + 1);
  cnt = new Int32Array(P + 1);
  idx = new Int32Array(P);
}

/** Median of up to k valid values of x walking from `from` in steps of `step`, staying inside [lo, hi]. */
function edgeMedian(x: Float64Array, from: number, step: 1 | -1, lo: number, hi: number, k: number, buf: Float64Array): number {
  let n = 0;
  for (let t = from; t >= lo && t <= hi && n < k; t += step) if (!Number.isNaN(x[t]!)) buf[n++] = x[t]!;
  return n ? medianInPlace(buf, n) : Number.NaN;
}

function edge(x: Float64Array, start: number, end: number, k: number, buf: Float64Array, buf2: Float64Array): number {
  const last = x.length - 1;
  const inside = edgeMedian(x, start, 1, start, end, k, buf);
  const before = edgeMedian(x, start - 1, -1, 0, start - 1, k, buf2);
  if (!Number.isNaN(before)) return inside - before;
  // Episode from the first month: compare its last months with the months right after it.
  const insideEnd = edgeMedian(x, end, -1, start, end, k, buf);
  const after = edgeMedian(x, end + 1, 1, end + 1, last, k, buf2);
  return insideEnd - after;
}

function verify(x: Float64Array, start: number, end: number, p: ShiftParams, buf: Float64Array, buf2: Float64Array): SourceShift | null {
  let ni = 0;
  let no = 0;
  for (let t = 0; t < x.length; t++) {
    const v = x[t]!;
    if (Number.isNaN(v)) continue;
    if (t >= start && t <= end) buf[ni++] = v;
    else buf2[no++] = v;
  }
  if (ni === 0 && no === 0) return null;
  const available = ni >= p.minRun && no >= p.minBaseline;
  const episode = medianInPlace(buf, ni);
  const baseline = medianInPlace(buf2, no);
  for (let i = 0; i < no; i++) buf2[i] = Math.abs(buf2[i]! - baseline);
  const sigma = Math.max(no ? MAD_SCALE * medianInPlace(buf2, no) : Number.NaN, p.sigmaFloor);
  const shift = episode - baseline;
  const dir = Math.sign(shift);
  let beyond = 0;
  for (let i = 0; i < ni; i++) {
    if (dir * (buf[i]! - baseline) > Math.abs(shift) / 2) beyond++;
    buf2[i] = Math.abs(buf[i]! - episode);
  }
  const episodeSigma = ni ? MAD_SCALE * medianInPlace(buf2, ni) : Number.NaN;
  const edgeStep = edge(x, start, end, p.edgeMonths, buf, buf2);
  return {
    available,
    nBase: no,
    nEp: ni,
    baseline,
    episode,
    shift,
    sigma,
    z: shift / sigma,
    t: shift / (1.2533 * sigma * Math.sqrt(1 / Math.max(ni, 1) + 1 / Math.max(no, 1))),
    consistency: ni ? beyond / ni : 0,
    episodeSigma,
    edgeStep,
  };
}

/** Level-shift statistics of one source over a given episode (months start..end against the rest). */
export function verifyShift(x: Float64Array, start: number, end: number, p: ShiftParams, buf: Float64Array, buf2: Float64Array): SourceShift | null {
  return verify(x, start, end, p, buf, buf2);
}

/** The strongest level-shift episode of a unit, or null when no block moves by half the minimum shift. */
export function segmentShift(a: Float64Array, b: Float64Array, p: ShiftParams, buf: Float64Array, buf2: Float64Array): SegmentShift | null {
  return search(a, b, p, buf, buf2, 1, 1, p.minShift / 2);
}

/**
 * Robust month-to-month noise of a series (1.4826·MAD of its first differences / √2, floored):
 * the scatter of one month around its neighbours, seasons and base-load swings included.
 */
export function diffNoise(x: Float64Array, floor: number, buf: Float64Array): number {
  let n = 0;
  let prev = Number.NaN;
  for (let t = 0; t < x.length; t++) {
    const v = x[t]!;
    if (Number.isNaN(v)) continue;
    if (!Number.isNaN(prev)) buf[n++] = v - prev;
    prev = v;
  }
  if (n < 3) return Number.NaN;
  const m = medianInPlace(buf, n);
  for (let i = 0; i < n; i++) buf[i] = Math.abs(buf[i]! - m);
  return Math.max((MAD_SCALE * medianInPlace(buf, n)) / Math.SQRT2, floor);
}

/**
 * The same search with each source weighted by its inverse noise variance (diffNoise): a noisy
 * or seasonal meter ratio no longer drags the block away from where a quiet tax ratio steps.
 * The block must move by `minDiff` (log) on that weighted average.
 */
export function segmentShiftWeighted(a: Float64Array, b: Float64Array, p: ShiftParams, buf: Float64Array, buf2: Float64Array, minDiff: number, minRatio = 1): SegmentShift | null {
  const sa = diffNoise(a, p.sigmaFloor, buf);
  const sb = diffNoise(b, p.sigmaFloor, buf);
  const wa = Number.isNaN(sa) ? 1 : 1 / (sa * sa);
  const wb = Number.isNaN(sb) ? 1 : 1 / (sb * sb);
  // Weights within a factor minRatio of each other: the plain search's block (the caller has it).
  if (!Number.isNaN(sa) && !Number.isNaN(sb) && Math.max(wa / wb, wb / wa) < minRatio) return null;
  return search(a, b, p, buf, buf2, wa, wb, minDiff);
}

function search(a: Float64Array, b: Float64Array, p: ShiftParams, buf: Float64Array, buf2: Float64Array, wa: number, wb: number, minDiff: number): SegmentShift | null {
  const P = a.length;
  ensure(P);
  // Centre each source on its mean (only to put the two on one scale for the search; the
  // verification below is on medians).
  let na = 0;
  let nb = 0;
  let sa = 0;
  let sb = 0;
  for (let t = 0; t < P; t++) {
    if (!Number.isNaN(a[t]!)) {
      na++;
      sa += a[t]!;
    }
    if (!Number.isNaN(b[t]!)) {
      nb++;
      sb += b[t]!;
    }
  }
  if (Math.max(na, nb) < p.minBaseline + p.minRun) return null;
  const ma = na ? sa / na : 0;
  const mb = nb ? sb / nb : 0;
  let first = -1;
  let last = -1;
  cum[0] = 0;
  cnt[0] = 0;
  for (let t = 0; t < P; t++) {
    const x = a[t]!;
    const y = b[t]!;
    const hx = !Number.isNaN(x);
    const hy = !Number.isNaN(y);
    const k = (hx ? 1 : 0) + (hy ? 1 : 0);
    const w = (hx ? wa : 0) + (hy ? wb : 0);
    c[t] = k ? ((hx ? wa * (x - ma) : 0) + (hy ? wb * (y - mb) : 0)) / w : Number.NaN;
    cum[t + 1] = cum[t]! + (k ? c[t]! : 0);
    cnt[t + 1] = cnt[t]! + (k ? 1 : 0);
    if (k) {
      if (first < 0) first = t;
      last = t;
    }
  }
  const n = cnt[P]!;
  const total = cum[P]!;
  let best = 0;
  let bs = -1;
  let be = -1;
  let bd = 0;
  // Valid months only (the same blocks, in the same order, as walking every month and skipping gaps).
  let m = 0;
  for (let t = first; t <= last && t >= 0; t++) if (!Number.isNaN(c[t]!)) idx[m++] = t;
  for (let i = 0; i < m; i++) {
    const s = idx[i]!;
    const flipped = s === first;
    const minOut = flipped ? p.minRun : p.minBaseline;
    const minIn = flipped ? p.minBaseline : p.minRun;
    const nBefore = cnt[s]!;
    const cs = cnt[s]!;
    const ss = cum[s]!;
    for (let j = i; j < m; j++) {
      const e = idx[j]!;
      const nIn = cnt[e + 1]! - cs;
      const nOut = n - nIn;
      if (nOut < minOut) break;
      if (nIn < minIn) continue;
      // An interior block needs a real baseline on both sides; a block starting a month or two
      // in is a change after the start, read as such through the block from the first month.
      if (!flipped && e < last && (nBefore < p.minSide || nOut - nBefore < p.minSide)) continue;
      if (!flipped && e === last && nBefore < p.minBaseline) continue;
      const sIn = cum[e + 1]! - ss;
      const diff = sIn / nIn - (total - sIn) / nOut;
      const stat = Math.abs(diff) * Math.sqrt((nIn * nOut) / n);
      if (stat > best) {
        best = stat;
        bs = s;
        be = e;
        bd = diff;
      }
    }
  }
  if (bs < 0 || Math.abs(bd) < minDiff) return null;
  let start = bs;
  let end = be;
  let direction: 1 | -1 = bd > 0 ? 1 : -1;
  if (bs === first) {
    // The unit's usual level is its earlier history: the episode is what follows the block.
    start = be + 1;
    while (start <= last && Number.isNaN(c[start]!)) start++;
    end = last;
    direction = direction > 0 ? -1 : 1;
  }
  return { start, end, direction, tax: verify(a, start, end, p, buf, buf2), kwh: verify(b, start, end, p, buf, buf2) };
}
