/**
 * Loose copy search of FALSIFY.COPY: copies that are perturbed month by month (±1–3 %), a month
 * or two late, limited to some fields, or short (8–11 months). The exact search
 * (copied-figures.ts) needs the ratio of two units to stay within 0.2 % for a year; this one
 * compares the SHAPE of a field (revenue or wages) — its month-over-month log changes minus the
 * median change of the unit's category that month, so the seasonality and the economy that all
 * peers share are taken out first — and then demands:
 *   - the ratio of the two series (one lagged by 0–2 months) within a few per cent of one factor
 *     (re-estimated over the matched months) for enough months, with at most a couple of
 *     mismatched months inside the run;
 *   - the source's own peer-adjusted shape several times the copy's deviation from it: honest
 *     peers (same trade, same town, one owner's branches) deviate from each other about as much
 *     as they move on their own, a copy far less; a run shorter than a year must be (nearly)
 *     exact;
 *   - other fields that vary on their own (not merely in proportion to the compared field)
 *     following the same pattern: a chain store or a seasonal peer can resemble a unit's revenue
 *     by chance, not its revenue, headcount, wages and profit all at once. Headcount does not
 *     confirm wages (a wage bill is headcount × a wage rate that one group may share).
 *
 * Candidates come from locality-sensitive hashing: each unit's centred change vector over windows
 * of 6 months (every 2 months, so that any copy of 8 months or more covers a whole window) is
 * reduced to the signs of sparse random projections, several tables of 16 bits; each entry is also
 * filed under its least certain bit flipped (multi-probe). Only bucket mates whose vectors
 * correlate strongly and differ within the month's tolerance (rounding included), and whose other
 * fields agree over the window, are verified. Units whose figures stand still, or whose other
 * fields do not move on their own, are never hashed: they could not be confirmed anyway. All hot
 * loops run on typed arrays (counting sort into buckets, no per-row objects), so the cost grows
 * with the units, not with their pairs.
 */
import type { DistrictData } from '../../engine/district-data';
import { smallMedian } from './copy-median';
import { PairSet } from './copy-pairset';

export interface LooseOptions {
  fields: readonly ('revenue' | 'wages')[];
  window: number;
  tables: number;
  bits: number;
  maxLag: number;
  tol: number;
  /** Tolerance when wages are the compared field: wages of honest firms move together, so only near-exact copies count. */
  wagesTol: number;
  maxMisses: number;
  minMonths: number;
  minShape: number;
  fieldsShort: number;
  fieldsLong: number;
  longMonths: number;
  maxBucket: number;
  /** Months of a window whose figure may stand exactly still (no change) before the window is skipped. */
  maxStill: number;
  /** Months between the starts of successive hashed windows. */
  step: number;
  /** The source's peer-adjusted change spread must be this many times the copy's deviation (root mean square). */
  shapeRatio: number;
  /** Least deviation assumed (rounding of the figures). */
  devFloor: number;
  /** Largest deviation (root mean square) of a run shorter than longMonths. */
  shortMaxDev: number;
  /** A run deviating no more than this (root mean square) is a near-exact copy: one confirming field fewer (at least one). */
  exactDev: number;
  /** Other fields needed when the compared field is wages (compared near-exactly). */
  fieldsWages: number;
  /** How many fewer agreeing fields the window prefilter demands than the verification. */
  cheapSlack: number;
  /** Prefilter: least cosine of the two peer-adjusted change vectors of a window. */
  minCos: number;
}

/**
 * The loose search's settings that are properties of the search rather than statistical choices:
 * how windows are hashed and prefiltered, and the confirmation the verification demands. The
 * severity of what it finds is not set here: it is calibrated from the tracking evidence (see
 * copy-findings.ts). The rule sets the rest (fields, lag, tolerances, run length, misses).
 */
export const LOOSE_SEARCH = {
  /** Months of changes per hashed window, and months between window starts (a run of 8 covers a whole window). */
  window: 6,
  step: 2,
  /** Hash tables, and sign bits per table (each entry is also filed under its least certain bit flipped). */
  tables: 3,
  bits: 16,
  /** Prefilter: least cosine of two windows' peer-adjusted change vectors. */
  minCos: 0.92,
  /** The window prefilter demands this many fewer agreeing other fields than the verification. */
  cheapSlack: 1,
  /** A window whose figure stands exactly still in more months than this is not hashed (fixed fees, rounded figures). */
  maxStill: 2,
  /** Buckets larger than this are common shapes, not copies. */
  maxBucket: 64,
  /** The source's peer-adjusted change spread must be this many times the copy's deviation; least deviation assumed (rounding). */
  shapeRatio: 3,
  devFloor: 0.005,
  /** Minimum peer-adjusted change spread of a hashed window. */
  minShape: 0.03,
  /** A run shorter than longMonths must deviate no more than shortMaxDev (root mean square of the log ratio). */
  longMonths: 12,
  shortMaxDev: 0.012,
  /** Within exactDev of its factor a run is near-exact and needs one confirming field fewer. */
  exactDev: 0.003,
  /** Other independently moving fields that must agree: short runs, long runs, runs compared on wages. */
  fieldsShort: 2,
  fieldsLong: 2,
  fieldsWages: 1,
} as const;

export interface FieldCheck {
  months: number;
  matched: number;
  factor: number | null;
  informative: boolean;
}

export interface LooseMatch {
  src: number;
  dst: number;
  lag: number;
  field: 'revenue' | 'wages';
  k: number;
  t0: number;
  t1: number;
  months: number;
  misses: number;
  maxDev: number;
  shape: number;
  fields: Record<string, FieldCheck>;
  agreeing: string[];
}

const FIELD_DEFS: [string, keyof DistrictData, number][] = [
  ['revenue', 'revenue', 0.051],
  ['employees', 'employees', 1.01],
  ['wages', 'wages', 0.051],
  ['profit', 'profit', 0.051],
  ['gross_output', 'grossOutput', 0.051],
];

/** Deterministic pseudo-random generator for the projections (mulberry32). */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Month-over-month log changes of a matrix (NaN where a month or its predecessor is missing or
 * not positive) and the median change of each category each month (0 with fewer than 5 units).
 */
interface Changes {
  /** Changes of the active units, row slot[u]·P. */
  c: Float32Array;
  cat: Int32Array;
  /** Category median change, nCat × P. */
  med: Float64Array;
  slot: Int32Array;
}

/** k-th smallest of buf[0..n) (quickselect, reorders buf). */
function selectKth(buf: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const pivot = buf[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (buf[i]! < pivot) i++;
      while (buf[j]! > pivot) j--;
      if (i <= j) {
        const x = buf[i]!;
        buf[i] = buf[j]!;
        buf[j] = x;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return buf[k]!;
}

/** Median of buf[0..n) (reorders buf). */
function fastMedian(buf: Float64Array, n: number): number {
  const hi = selectKth(buf, n, n >> 1);
  if (n & 1) return hi;
  let lo = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (buf[i]! > lo) lo = buf[i]!;
  return (lo + hi) / 2;
}

/**
 * Changes of a field for the active units only (row slot[u]·P of `c`, filled), from their logs; the
 * category medians come from an even sample of every category's members (all units).
 */
function changesOf(data: DistrictData, m: Float64Array, lg: Float32Array, slot: Int32Array, nA: number, c: Float32Array): Changes {
  const { P, units } = data;
  const U = units.length;
  for (let k = 0; k < nA; k++) {
    const row = k * P;
    c[row] = Number.NaN;
    for (let t = 1; t < P; t++) c[row + t] = lg[row + t]! - lg[row + t - 1]!;
  }
  const catIds = new Map<string, number>();
  const cat = new Int32Array(U);
  for (let u = 0; u < U; u++) {
    const k = units[u]!.category;
    let id = catIds.get(k);
    if (id === undefined) catIds.set(k, (id = catIds.size));
    cat[u] = id;
  }
  const nCat = catIds.size;
  const med = new Float64Array(nCat * P);
  const count = new Int32Array(nCat);
  for (let u = 0; u < U; u++) count[cat[u]!]!++;
  // Members of each category laid out contiguously (counting sort), one gather per month.
  const startOf = new Int32Array(nCat + 1);
  for (let k = 0; k < nCat; k++) startOf[k + 1] = startOf[k]! + count[k]!;
  const members = new Int32Array(U);
  const fillAt = startOf.slice(0, nCat);
  for (let u = 0; u < U; u++) members[fillAt[cat[u]!]!++] = u;
  const buf = new Float64Array(U);
  for (let k = 0; k < nCat; k++) {
    for (let t = 1; t < P; t++) {
      let n = 0;
      // A large category's median is taken over an even sample of at most ~1000 members.
      const step = Math.max(1, Math.ceil(count[k]! / 1000));
      for (let j = startOf[k]!; j < startOf[k + 1]!; j += step) {
        const row = members[j]! * P;
        const a = m[row + t - 1]!;
        const b = m[row + t]!;
        if (a > 0 && b > 0) buf[n++] = Math.log(b / a);
      }
      med[k * P + t] = n >= 5 ? fastMedian(buf, n) : 0;
    }
  }
  return { c, cat, med, slot };
}

/** Sign-projection hashing of the windows' change vectors: bit b of table t is the sign of ±x[i]±x[j]±x[k]. */
interface Hasher {
  tables: number;
  bits: number;
  pi: Int32Array;
  ps: Float64Array;
  /** Per projection, its three terms packed a byte each: index into [v, −v] (index + W for a minus sign). */
  pk: Int32Array;
}

function makeHasher(tables: number, bits: number, W: number): Hasher {
  const rnd = prng(0x5eed);
  const nb = tables * bits;
  const pi = new Int32Array(nb * 3);
  const ps = new Float64Array(nb * 3);
  for (let j = 0; j < nb * 3; j++) {
    pi[j] = Math.floor(rnd() * W);
    ps[j] = rnd() < 0.5 ? -1 : 1;
  }
  // ±1·x is exactly x or −x: reading the term from [v, −v] gives the same sum without a multiply.
  const pk = new Int32Array(nb);
  for (let j = 0; j < nb; j++) {
    for (let k = 0; k < 3; k++) pk[j]! |= (pi[j * 3 + k]! + (ps[j * 3 + k]! < 0 ? W : 0)) << (8 * k);
  }
  return { tables, bits, pi, ps, pk };
}

/** The window entries of one field, compact: entry i is unit·L + lag `id[i]`. */
interface Entries {
  W: number;
  L: number;
  n: number;
  id: Int32Array;
  /**
   * Entry e's record at e·(W + 4): its W centred changes, their length, its unit, its lag (unit
   * numbers are exact in single precision up to 2²⁴) and the rounding of its figures relative to
   * their least level in the window (one decimal) — what the pair scan reads of a bucket mate, in
   * one place rather than in five arrays.
   */
  rec: Float32Array;
  /** Per entry and table: the key and the key with the least certain bit flipped. */
  keys: Int32Array;
}

function makeEntries(W: number, L: number, T: number, cap: number): Entries {
  return { W, L, n: 0, id: new Int32Array(cap), rec: new Float32Array(cap * (W + 4)), keys: new Int32Array(cap * T * 2) };
}

/**
 * Fills the entries of window start s: entry e = u·L + lag holds unit u's changes read `lag`
 * months late, minus its category's median change at the source's months, centred. Windows
 * with a missing month, too little shape, or a figure that mostly stands still are left out.
 */
function buildEntries(ch: Changes, m: Float64Array, own: Uint8Array, need: number, P: number, U: number, s: number, lags: number, o: LooseOptions, h: Hasher, en: Entries, v: Float64Array): void {
  en.n = fillEntries(ch.c, ch.cat, ch.med, ch.slot, m, own, need, P, U, s, lags, o.maxStill, o.minShape, h.tables, h.bits, h.pk, en.W, en.L, en.id, en.rec, en.keys, v);
}

// Plain arguments, no property reads: the version reading its options and arrays from objects
// was deoptimised once per window (no type feedback for a property read after the hot loop).
function fillEntries(
  c: Float32Array,
  cat: Int32Array,
  med: Float64Array,
  slot: Int32Array,
  m: Float64Array,
  own: Uint8Array,
  need: number,
  P: number,
  U: number,
  s: number,
  lags: number,
  maxStill: number,
  minShape: number,
  T: number,
  bits: number,
  pk: Int32Array,
  W: number,
  L: number,
  id: Int32Array,
  rec: Float32Array,
  keys: Int32Array,
  v: Float64Array,
): number {
  let e = 0;
  const minSs = minShape * minShape * (W - 1);
  for (let u = 0; u < U; u++) {
    if (slot[u]! < 0) continue;
    const row = slot[u]! * P;
    const mrow = cat[u]! * P;
    for (let lag = 0; lag < lags; lag++) {
      if (s + lag + W > P) break;
      // Only a unit whose other fields move on their own can confirm a copy, as source or copier.
      if (own[u * P + s + lag]! < need) continue;
      let mean = 0;
      let ok = true;
      let still = 0;
      for (let i = 0; i < W; i++) {
        const raw = c[row + s + lag + i]!;
        const x = raw - med[mrow + s + i]!;
        if (x !== x) {
          ok = false;
          break;
        }
        if (raw === 0) still++;
        v[i] = x;
        mean += x;
      }
      // A figure that mostly stands still (a fixed fee, a rounded figure) has no shape of its
      // own: after the peer adjustment it would look like the negated category median.
      if (!ok || still > maxStill) continue;
      mean /= W;
      let ss = 0;
      for (let i = 0; i < W; i++) {
        const x = v[i]! - mean;
        v[i] = x;
        v[W + i] = -x;
        ss += x * x;
      }
      if (!(ss >= minSs)) continue;
      id[e] = u * L + lag;
      const r = e * (W + 4);
      for (let i = 0; i < W; i++) rec[r + i] = v[i]!;
      rec[r + W] = Math.sqrt(ss);
      rec[r + W + 1] = u;
      rec[r + W + 2] = lag;
      // The window's changes all exist, so its W + 1 figures are positive.
      let lo = Infinity;
      for (let t = u * P + s + lag - 1; t < u * P + s + lag + W; t++) if (m[t]! < lo) lo = m[t]!;
      rec[r + W + 3] = 0.051 / lo;
      hashEntry(v, T, bits, pk, keys, e * T * 2);
      e++;
    }
  }
  return e;
}

/**
 * Per table: the key of the sign bits and the key with the least certain bit flipped, at
 * keys[at + 2·table]. `v` holds the window's vector and its negation (v[W + i] = −v[i]).
 */
function hashEntry(v: Float64Array, T: number, bits: number, pk: Int32Array, keys: Int32Array, at: number): void {
  for (let tab = 0; tab < T; tab++) {
    let key = 0;
    let weakest = 0;
    let weakAbs = Infinity;
    for (let b = 0; b < bits; b++) {
      const p = pk[tab * bits + b]!;
      const x = v[p & 0xff]! + v[(p >> 8) & 0xff]! + v[p >> 16]!;
      // Branch-free: the sign is a coin toss, and a mispredicted branch per bit cost more than the sum.
      key = (key << 1) | ((x > 0) as unknown as number);
      const ax = Math.abs(x);
      if (ax < weakAbs) {
        weakAbs = ax;
        weakest = bits - 1 - b;
      }
    }
    keys[at + tab * 2] = key;
    keys[at + tab * 2 + 1] = key ^ (1 << weakest);
  }
}

/** Counting sort of the entries (twice each: key and probe) by table `tab`'s keys into `order`; bucket k is order[counts[k]..counts[k+1]). */
function sortTable(en: Entries, T: number, tab: number, counts: Int32Array, at: Int32Array, order: Int32Array): void {
  const { n, keys } = en;
  const nBuckets = at.length;
  counts.fill(0);
  for (let e = 0; e < n; e++) {
    counts[keys[(e * T + tab) * 2]! + 1]!++;
    counts[keys[(e * T + tab) * 2 + 1]! + 1]!++;
  }
  for (let k = 0; k < nBuckets; k++) counts[k + 1]! += counts[k]!;
  at.set(counts.subarray(0, nBuckets));
  for (let e = 0; e < n; e++) {
    order[at[keys[(e * T + tab) * 2]!]!++] = e;
    order[at[keys[(e * T + tab) * 2 + 1]!]!++] = e;
  }
}

/** Entry ids of the pairs of one table, source then copy, in pairs.ids[0..n). */
interface Pairs {
  ids: Int32Array;
  n: number;
}

function pushPair(pairs: Pairs, x: number, y: number): void {
  if (pairs.n + 2 > pairs.ids.length) {
    const grown = new Int32Array(pairs.ids.length * 2);
    grown.set(pairs.ids);
    pairs.ids = grown;
  }
  pairs.ids[pairs.n++] = x;
  pairs.ids[pairs.n++] = y;
}

/**
 * Pairs of one bucket (order[lo..hi) of sortTable) whose change vectors pass the prefilter
 * (cosine ≥ minCos, root-mean-square difference within the month's tolerance of the
 * verification: `tol` plus the rounding of both figures), pushed to `pairs` as source entry,
 * copy entry.
 */
function scanBucket(en: Entries, order: Int32Array, lo: number, hi: number, minCos: number, tol: number, pairs: Pairs): void {
  const { W, id, rec } = en;
  const R = W + 4;
  // Two vectors differ at least by the difference of their lengths: a pair whose lengths differ
  // by more than the pair's limit fails the difference test below. The stored lengths are of the
  // double-precision vectors, the compared ones single precision (relative error < 3e-7): the
  // margin keeps every pair that test could let through.
  for (let i = lo; i < hi; i++) {
    const e1 = order[i]!;
    const o1 = e1 * R;
    const n1 = rec[o1 + W]!;
    const u1 = rec[o1 + W + 1]!;
    const l1 = rec[o1 + W + 2]!;
    const t1 = tol + rec[o1 + W + 3]!;
    for (let j = i + 1; j < hi; j++) {
      const e2 = order[j]!;
      const o2 = e2 * R;
      if (u1 === rec[o2 + W + 1]! || (l1 !== 0 && rec[o2 + W + 2]! !== 0)) continue;
      const lim = t1 + rec[o2 + W + 3]!;
      const maxDiff2 = lim * lim * W;
      const n2 = rec[o2 + W]!;
      const gap = (n1 > n2 ? n1 - n2 : n2 - n1) - 1e-6 * (n1 + n2);
      if (gap > 0 && gap * gap > maxDiff2) continue;
      let dot = 0;
      let d2 = 0;
      for (let x = 0; x < W; x++) {
        const p1 = rec[o1 + x]!;
        const p2 = rec[o2 + x]!;
        dot += p1 * p2;
        d2 += (p1 - p2) * (p1 - p2);
      }
      if (d2 > maxDiff2 || dot < minCos * n1 * n2) continue;
      if (l1 !== 0) pushPair(pairs, id[e2]!, id[e1]!);
      else pushPair(pairs, id[e1]!, id[e2]!);
    }
  }
}

export function findLooseCopies(data: DistrictData, o: LooseOptions, skip: (a: number, b: number) => boolean): LooseMatch[] {
  const { P, units } = data;
  const U = units.length;
  const W = o.window;
  const L = o.maxLag + 1;
  if (P < W + 2 || U < 2) return [];
  const bits = Math.max(4, Math.min(20, o.bits));
  const T = o.tables;
  const out: LooseMatch[] = [];
  // Pairs tried on the field being compared, emptied for the next: a pair that failed on revenue
  // (too little shape of its own, too few other fields) may still be confirmed on its wages, and
  // the other way round. Pairs already found (any field, any lag) are put back in first: they are
  // not verified again. Sized for the pairs a realistic district tries on one field.
  const done = new PairSet(8 * U);
  const scratch: Scratch = { buf: new Float64Array(P * 2), work: new Float64Array(P * 2), state: new Int8Array(P), lr: new Float64Array(P), tl: new Float64Array(P) };
  const hasher = makeHasher(T, bits, W);
  const starts: number[] = [];
  for (let s = 1; s + W <= P; s += Math.max(1, o.step)) starts.push(s);
  if (starts[starts.length - 1]! + W < P) starts.push(P - W);
  // Entry e = u·L + lag: lag 0 is a possible source, lag > 0 a possible late copy. Each entry
  // goes into every table under its key and under the key with its least certain bit flipped
  // (multi-probe), so that a copy whose noise flips that one bit still meets its source.
  let en = makeEntries(W, L, T, 0);
  let order = new Int32Array(0);
  const nBuckets = 1 << bits;
  const counts = new Int32Array(nBuckets + 1);
  const at = new Int32Array(nBuckets);
  const v = new Float64Array(2 * W);
  const pairs: Pairs = { ids: new Int32Array(1 << 12), n: 0 };
  const mats = FIELD_DEFS.map(([, key]) => data[key] as Float64Array);
  const fis = o.fields.map((f) => FIELD_DEFS.findIndex(([n]) => n === f));
  const tols = o.fields.map((f) => (f === 'wages' ? o.wagesTol : o.tol));
  // Other moving fields the verification will demand (at least one), less the slack for the
  // window's approximation: a necessary condition checked cheaply on the window. A near-exact
  // revenue run needs one field fewer (see attempt), so the least demand counts that.
  const cheapNeeds = o.fields.map((f) => {
    const base = Math.min(o.fieldsShort, o.fieldsLong);
    const need = f === 'wages' ? o.fieldsWages : base > 1 ? base - 1 : base;
    return need > 0 ? Math.max(1, need - o.cheapSlack) : 0;
  });
  const owns = ownFieldCounts(mats, fis, tols, P, U, W);
  // Active units: those with a window where enough other fields move on their own. Only they
  // can be source or copy; their logs (and changes) are kept in compact rows slot[u]·P.
  const slot = new Int32Array(U).fill(-1);
  let nA = 0;
  for (let u = 0; u < U; u++) {
    let on = false;
    for (let q = 0; q < fis.length && !on; q++) for (let t = 1; t < P && !on; t++) if (owns[q]![u * P + t]! >= cheapNeeds[q]!) on = true;
    if (on) slot[u] = nA++;
  }
  if (nA < 2) return [];
  // Logs of every field of the active units, month by month with the fields side by side
  // ((slot·P + t)·F + f): the pair tests read all fields of two units over a few months, which
  // then share a few cache lines instead of one or two per field. Single precision; the pair
  // tests take month-over-month changes of these in double precision. Least positive figure of
  // every field of every active unit ((slot·F + f); Infinity: none): it bounds the rounding
  // tolerances of the unit's months. First and last month of every field of every active unit
  // with a figure zero or negative ((slot·F + f)·2; P and −1: none): a window outside them has no
  // such month, and its levels need no comparison (see otherFieldsAgree).
  const F = mats.length;
  const blk = new Float32Array(nA * P * F);
  const least = new Float64Array(nA * F);
  const signed = new Int32Array(nA * F * 2);
  for (let u = 0; u < U; u++) {
    const k = slot[u]!;
    if (k < 0) continue;
    for (let f = 0; f < F; f++) {
      const mat = mats[f]!;
      let lo = Infinity;
      let first = P;
      let last = -1;
      for (let t = 0; t < P; t++) {
        const x = mat[u * P + t]!;
        blk[(k * P + t) * F + f] = x > 0 ? Math.log(x) : Number.NaN;
        if (x > 0 && x < lo) lo = x;
        if (x <= 0) {
          if (first === P) first = t;
          last = t;
        }
      }
      least[k * F + f] = lo;
      signed[(k * F + f) * 2] = first;
      signed[(k * F + f) * 2 + 1] = last;
    }
  }
  const lg = new Float32Array(nA * P);
  const cBuf = new Float32Array(nA * P);
  const limHi = new Float64Array(nA * F);
  const dmBuf = new Float64Array(W);
  const lvBuf = new Float64Array(W + 1);
  for (const field of o.fields) {
    const m = data[field === 'revenue' ? 'revenue' : 'wages'];
    const fi = FIELD_DEFS.findIndex(([n]) => n === field);
    const lags = L;
    const tolF = field === 'wages' ? o.wagesTol : o.tol;
    const cheapNeed = cheapNeeds[o.fields.indexOf(field)]!;
    // Only a unit whose other fields move on their own can confirm a copy, as source or copier;
    // nothing to do when no unit has such fields.
    const own = owns[o.fields.indexOf(field)]!;
    let any = cheapNeed === 0;
    for (let i = 0; i < own.length && !any; i++) if (own[i]! >= cheapNeed) any = true;
    if (!any) continue;
    // At most one entry per active unit and lag in a window.
    const cap = nA * lags;
    if (cap > en.id.length) {
      en = makeEntries(W, L, T, cap);
      order = new Int32Array(cap * 2);
    }
    // The compared field's logs in rows of their own (the run tests read all its months).
    for (let i = 0; i < nA * P; i++) lg[i] = blk[i * F + fi]!;
    const ch = changesOf(data, m, lg, slot, nA, cBuf);
    // Bounds of the other fields' agreement limits (see otherFieldsAgree) from each active
    // unit's least positive figure of the field.
    for (let i = 0; i < nA * F; i++) limHi[i] = 1.5 * tolF + (2 * FIELD_DEFS[i % F]![2]) / least[i]!;
    done.clear();
    for (const h of out) for (let l3 = 0; l3 < L; l3++) done.add(h.src, h.dst * L + l3);
    // A copy within ±δ a month differs from its source by about 0.8·δ (root mean square) in its
    // monthly changes; the prefilter lets through up to the month's whole tolerance (the field's
    // plus the rounding of both figures, as in the verification).
    for (const s of starts) {
      buildEntries(ch, m, own, cheapNeed, P, U, s, lags, o, hasher, en, v);
      for (let tab = 0; tab < T; tab++) {
        sortTable(en, T, tab, counts, at, order);
        pairs.n = 0;
        for (let k = 0; k < nBuckets; k++) {
          const lo = counts[k]!;
          const hi = counts[k + 1]!;
          if (hi - lo >= 2 && hi - lo <= o.maxBucket) scanBucket(en, order, lo, hi, o.minCos, tolF, pairs);
        }
        const ids = pairs.ids;
        for (let i = 0; i < pairs.n; i += 2) {
          const a0 = (ids[i]! / L) | 0;
          const b0 = (ids[i + 1]! / L) | 0;
          const lag = ids[i + 1]! - b0 * L;
          // Source a, copy b read `lag` months late; lag 0 pairs in index order.
          const a = lag === 0 && b0 < a0 ? b0 : a0;
          const b = lag === 0 && b0 < a0 ? a0 : b0;
          // A pair already tried on this field, or found, is settled whatever its other fields say
          // (the test has no side effect, so it may come first: it is the cheaper one and usually
          // fails).
          if (cheapNeed > 0 && otherFieldsAgree(blk, F, P, mats, limHi, signed, dmBuf, lvBuf, slot, fi, a, b, lag, s, W, tolF, cheapNeed) < cheapNeed) continue;
          if (!done.addNew(a, b * L + lag)) continue;
          if (skip(a, b)) continue;
          const hit = verify(data, m, ch, field, a, b, lag, s, o, scratch, lg, least, F, fi);
          if (hit) {
            out.push(hit);
            for (let l3 = 0; l3 < L; l3++) done.add(a, b * L + l3);
          }
        }
      }
    }
  }
  // One finding per pair of units, the longest match.
  const best = new Map<string, LooseMatch>();
  for (const h of out) {
    const key = h.src < h.dst ? `${h.src}|${h.dst}` : `${h.dst}|${h.src}`;
    const prev = best.get(key);
    if (!prev || h.months + h.agreeing.length > prev.months + prev.agreeing.length) best.set(key, h);
  }
  return [...best.values()];
}

/**
 * For every unit and window start s: how many other fields move on their own over the changes
 * s..s+W-1 — at least 3 changes, and log changes differing from the compared field's by tol/2 or
 * more (root mean square): a field that is a fixed multiple of the compared one, or stands
 * still, confirms nothing. Running sums over each unit's months; out[q][u·P + s] for the
 * compared field fis[q].
 */
function ownFieldCounts(mats: Float64Array[], fis: readonly number[], tols: readonly number[], P: number, U: number, W: number): Uint8Array[] {
  const outs = fis.map(() => new Uint8Array(U * P));
  const F = mats.length;
  // Logs of every field of one unit, in double precision for the running sums.
  const lg = new Float64Array(F * P);
  const alive = new Uint8Array(F);
  const n = new Int32Array(P + 1);
  const mv = new Int32Array(P + 1);
  const o2 = new Float64Array(P + 1);
  for (let u = 0; u < U; u++) {
    const row = u * P;
    // A field that changes in fewer than 3 months can neither be compared nor confirm anything.
    for (let f = 0; f < F; f++) {
      const mat = mats[f]!;
      let changes = 0;
      for (let t = 1; t < P && changes < 3; t++) if (mat[row + t] !== mat[row + t - 1] && mat[row + t]! > 0) changes++;
      alive[f] = changes >= 3 ? 1 : 0;
      if (!alive[f]) continue;
      for (let t = 0; t < P; t++) {
        const x = mat[row + t]!;
        lg[f * P + t] = x > 0 ? Math.log(x) : Number.NaN;
      }
    }
    for (let q = 0; q < fis.length; q++) {
      const fi = fis[q]!;
      if (!alive[fi]) continue;
      const lim = (tols[q]! / 2) * (tols[q]! / 2);
      const out = outs[q]!;
      for (let f = 0; f < F; f++) {
        if (f === fi || !alive[f]) continue;
        // Running sums: entry t + 1 covers changes 1..t.
        for (let t = 1; t < P; t++) {
          const da = lg[f * P + t]! - lg[f * P + t - 1]!;
          const dm = lg[fi * P + t]! - lg[fi * P + t - 1]!;
          const ok = da === da && dm === dm;
          n[t + 1] = n[t]! + (ok ? 1 : 0);
          mv[t + 1] = mv[t]! + (ok && da !== 0 ? 1 : 0);
          o2[t + 1] = o2[t]! + (ok ? (da - dm) * (da - dm) : 0);
        }
        for (let s = 1; s + W <= P; s++) {
          const k = n[s + W]! - n[s]!;
          if (k >= W - 2 && mv[s + W]! - mv[s]! >= 3 && o2[s + W]! - o2[s]! >= k * lim) out[row + s]!++;
        }
      }
    }
  }
  return outs;
}

/**
 * Cheap necessary condition before the full verification: over the hashed window, how many
 * other fields of the pair move alike month by month (root-mean-square difference of their log
 * changes within 1.5 × the tolerance, plus rounding of the field's unit) while moving on their
 * own in the source (not a fixed multiple of the compared field, not standing still).
 */
function otherFieldsAgree(
  blk: Float32Array,
  F: number,
  P: number,
  mats: Float64Array[],
  limHi: Float64Array,
  signed: Int32Array,
  dm: Float64Array,
  lv: Float64Array,
  slot: Int32Array,
  fi: number,
  a: number,
  b: number,
  lag: number,
  s: number,
  W: number,
  tol: number,
  need: number,
): number {
  const ia = slot[a]! * P * F;
  const ib = (slot[b]! * P + lag) * F;
  // The compared field's changes of the source, once for all fields.
  for (let t = s; t < s + W; t++) dm[t - s] = blk[ia + t * F + fi]! - blk[ia + (t - 1) * F + fi]!;
  let count = 0;
  for (let f = 0; f < F; f++) {
    if (f === fi) continue;
    // The caller only asks whether `need` fields agree.
    if (count >= need) break;
    let n = 0;
    let moves = 0;
    let d2 = 0;
    let own2 = 0;
    // Months where one unit's figure is positive and the other's is not (missing, zero or
    // negative): such a month never counts among the levels' agreeing months.
    let pa = blk[ia + (s - 1) * F + f]!;
    let pb = blk[ib + (s - 1) * F + f]!;
    let mixed = (pa === pa) !== (pb === pb) ? 1 : 0;
    for (let t = s; t < s + W; t++) {
      const xa = blk[ia + t * F + f]!;
      const xb = blk[ib + t * F + f]!;
      const da = xa - pa;
      const db = xb - pb;
      pa = xa;
      pb = xb;
      if ((xa === xa) !== (xb === xb)) mixed++;
      if (da !== da || db !== db) continue;
      n++;
      if (da !== 0) moves++;
      d2 += (da - db) * (da - db);
      const dmt = dm[t - s]!;
      if (dmt === dmt) own2 += (da - dmt) * (da - dmt);
    }
    if (n < W - 2) {
      // A field that is zero or negative in some months (profit) has no log changes there: its
      // levels are compared as the verification compares them, with one factor. Most such
      // windows lack months rather than have a loss (a field not reported), or only one unit
      // has the loss: the levels cannot agree when more than two months are mixed, nor when
      // neither unit has a figure zero or negative within the window.
      if (mixed > 2) continue;
      const ja = (slot[a]! * F + f) * 2;
      const jb = (slot[b]! * F + f) * 2;
      const inA = signed[ja]! < s + W && signed[ja + 1]! >= s - 1;
      const inB = signed[jb]! < s + W + lag && signed[jb + 1]! >= s - 1 + lag;
      if ((inA || inB) && levelsAgree(mats[f]!, a * P, b * P + lag, s - 1, s + W, tol, FIELD_DEFS[f]![2], lv)) count++;
      continue;
    }
    if (moves < 3 || !(Math.sqrt(own2 / n) >= tol / 2)) continue;
    // The limit is 1.5·tol plus the rounding share of the source's figure of month s; when that
    // figure is positive (its log a number) the share lies between 0 and that of the unit's
    // least figure, which settles most pairs without reading the figure.
    const rms = Math.sqrt(d2 / n);
    const sv = blk[ia + s * F + f]!;
    if (sv === sv) {
      if (rms <= 1.5 * tol) {
        count++;
        continue;
      }
      if (rms > limHi[slot[a]! * F + f]!) continue;
    }
    if (rms <= 1.5 * tol + (2 * FIELD_DEFS[f]![2]) / mats[f]![a * P + s]!) count++;
  }
  return count;
}

/**
 * Levels of one field over months t0..t1 of the source (row ra) and the copy (row rb, already
 * lagged): some month zero or negative, every month with both figures of the same sign
 * proportional with one factor (the median ratio) within 1.5 × the tolerance plus the field's
 * rounding, at least all but two of them, and the source's figure moving by more than that in
 * 3 months or more.
 */
function levelsAgree(f: Float64Array, ra: number, rb: number, t0: number, t1: number, tol: number, abs: number, buf: Float64Array): boolean {
  let k = 0;
  let signed = false;
  for (let t = t0; t < t1; t++) {
    const x = f[ra + t]!;
    const y = f[rb + t]!;
    if (x !== x || y !== y) continue;
    if (!(x > 0) || !(y > 0)) signed = true;
    if (x !== 0 && y !== 0 && x > 0 === y > 0) buf[k++] = y / x;
  }
  if (!signed || k < t1 - t0 - 2) return false;
  const factor = smallMedian(buf, k);
  let matched = 0;
  let moves = 0;
  let prev = Number.NaN;
  for (let t = t0; t < t1; t++) {
    const x = f[ra + t]!;
    const y = f[rb + t]!;
    if (x !== x || y !== y) continue;
    if (Math.abs(y - factor * x) <= 1.5 * tol * Math.abs(y) + abs * (1 + Math.abs(factor))) matched++;
    if (prev === prev && Math.abs(x - prev) > tol * Math.abs(x) + abs) moves++;
    prev = x;
  }
  return matched >= t1 - t0 - 2 && moves >= 3;
}

/** Robust relative spread (MAD around the median / |median|) of buf[0..n). */
function relSpread(buf: Float64Array, n: number, work: Float64Array): number {
  if (n < 3) return 0;
  const md = smallMedian(buf, n);
  for (let i = 0; i < n; i++) work[i] = Math.abs(buf[i]! - md);
  return (1.4826 * smallMedian(work, n)) / Math.max(Math.abs(md), 1e-9);
}

interface Scratch {
  buf: Float64Array;
  work: Float64Array;
  state: Int8Array;
  /** Log ratio copy/source of each month from lag on. */
  lr: Float64Array;
  /** Tolerance of each month (relative plus the rounding of both figures), NaN where either figure is missing or not positive. */
  tl: Float64Array;
}

/** Month states from lag on: 1 matched, 0 mismatched, 2 missing. Returns the matched months. */
function setStates(state: Int8Array, lr: Float64Array, tl: Float64Array, lag: number, P: number, lk: number): number {
  state.fill(2);
  let matched = 0;
  for (let t = lag; t < P; t++) {
    const tol = tl[t]!;
    if (tol !== tol) continue;
    const ok = Math.abs(lr[t]! - lk) <= tol;
    state[t] = ok ? 1 : 0;
    if (ok) matched++;
  }
  return matched;
}

/**
 * Necessary condition of a run, from the single-precision logs instead of a logarithm per month:
 * fewer than minMonths months within their tolerance (widened by the logs' rounding) of the
 * window's factor means the first classification matches fewer, so the factor is not
 * re-estimated and no run is long enough.
 */
function tooFewMatches(lg: Float32Array, sa: number, sb: number, tl: Float64Array, buf: Float64Array, lag: number, s: number, W: number, P: number, minMonths: number): boolean {
  // A single-precision log of any finite double is off by less than 745·2⁻²⁴ ≈ 4.4e-5: a log ratio
  // by twice that, the window's median as well.
  const slack = 4e-4;
  let n = 0;
  for (let t = s - 1 + lag; t < s + W + lag && t < P; t++) {
    if (tl[t] !== tl[t]) continue;
    const x = lg[sb + t]! - lg[sa + t - lag]!;
    // An infinite figure: leave it to the exact check.
    if (x !== x || x === Infinity || x === -Infinity) return false;
    buf[n++] = x;
  }
  if (n < 4) return false;
  const lk = smallMedian(buf, n);
  let possible = 0;
  for (let t = lag; t < P; t++) {
    const tol = tl[t]!;
    if (tol !== tol) continue;
    const x = lg[sb + t]! - lg[sa + t - lag]!;
    if (!(Math.abs(x - lk) > tol + slack)) possible++;
  }
  return possible < minMonths;
}

/**
 * Necessary conditions of a match before the figures are read, from the logs alone (a month has
 * both figures exactly when both logs are numbers), with every month's tolerance replaced by
 * `tolMax` (the rounding share of the two units' least figures), which no month exceeds:
 *   - tooFewMatches: fewer than minMonths months within tolMax of the window's factor;
 *   - no run: the final factor is the median of months within their tolerance of the window's,
 *     so it is at most tolMax away from it, and every month matched in the end lies within
 *     2·tolMax of the window's factor. Counting all those months as matched only lengthens the
 *     longest run (see attempt), so when even that run is shorter than minMonths, attempt finds
 *     none.
 * Either way verify finds nothing; `state` is scratch.
 */
function cannotMatch(
  lg: Float32Array,
  sa: number,
  sb: number,
  tolMax: number,
  buf: Float64Array,
  state: Int8Array,
  lag: number,
  s: number,
  W: number,
  P: number,
  minMonths: number,
  maxMisses: number,
): boolean {
  const slack = 4e-4;
  let n = 0;
  for (let t = s - 1 + lag; t < s + W + lag && t < P; t++) {
    const y = lg[sb + t]!;
    const x0 = lg[sa + t - lag]!;
    if (y !== y || x0 !== x0) continue;
    const x = y - x0;
    if (x !== x || x === Infinity || x === -Infinity) return false;
    buf[n++] = x;
  }
  if (n < 4) return false;
  const lk = smallMedian(buf, n);
  const lim = tolMax + slack;
  const lim2 = 2 * tolMax + slack;
  let possible = 0;
  for (let t = lag; t < P; t++) {
    const y = lg[sb + t]!;
    const x0 = lg[sa + t - lag]!;
    if (y !== y || x0 !== x0) {
      state[t] = 2;
      continue;
    }
    const d = Math.abs(y - x0 - lk);
    // Branch-free (either way is common): 1 − (d > lim) counts NaN as possible, as the exact test does.
    possible += 1 - ((d > lim) as unknown as number);
    state[t] = 1 - ((d > lim2) as unknown as number);
  }
  if (possible < minMonths) return true;
  // attempt's run search on these states; a run from t0 matches at most the months from t0 on.
  let best = 0;
  let left = 0;
  for (let t = lag; t < P; t++) if (state[t] === 1) left++;
  for (let t0 = lag; t0 < P && best < minMonths && left >= minMonths; t0++) {
    if (state[t0] !== 1) continue;
    left--;
    let matched = 0;
    let misses = 0;
    let prev0 = false;
    for (let t = t0; t < P; t++) {
      const st = state[t]!;
      if (st === 2) continue;
      if (st === 0) {
        if (prev0 || misses === maxMisses) break;
        misses++;
        prev0 = true;
        continue;
      }
      prev0 = false;
      matched++;
    }
    if (matched > best) best = matched;
  }
  return best < minMonths;
}

function verify(
  data: DistrictData,
  m: Float64Array,
  ch: Changes,
  field: 'revenue' | 'wages',
  a: number,
  b: number,
  lag: number,
  s: number,
  o: LooseOptions,
  scratch: Scratch,
  lg: Float32Array,
  least: Float64Array,
  F: number,
  fi: number,
): LooseMatch | null {
  const { P } = data;
  const { buf, state, lr, tl } = scratch;
  const tolF = field === 'wages' ? o.wagesTol : o.tol;
  const ra = a * P;
  const rb = b * P;
  const ka = ch.slot[a]!;
  const kb = ch.slot[b]!;
  // Every month's tolerance is at most this (the same sum with the least figures, rounding included).
  const tolMax = tolF + 0.051 / least[kb * F + fi]! + 0.051 / least[ka * F + fi]!;
  if (cannotMatch(lg, ka * P, kb * P, tolMax, buf, state, lag, s, o.window, P, o.minMonths, o.maxMisses)) return null;
  // Every month's tolerance once (NaN: a figure missing).
  let nOk = 0;
  for (let t = lag; t < P; t++) {
    const x = m[ra + t - lag]!;
    const y = m[rb + t]!;
    if (x > 0 && y > 0) {
      tl[t] = tolF + 0.051 / y + 0.051 / x;
      nOk++;
    } else tl[t] = Number.NaN;
  }
  // A run counts only matched months, all among the months with both figures.
  if (nOk < o.minMonths) return null;
  if (tooFewMatches(lg, ka * P, kb * P, tl, buf, lag, s, o.window, P, o.minMonths)) return null;
  // Factor: median log ratio over the hashed window.
  // Every month's log ratio once: the factor estimates, the states and the deviations all read it.
  for (let t = lag; t < P; t++) if (tl[t] === tl[t]) lr[t] = Math.log(m[rb + t]! / m[ra + t - lag]!);
  let n = 0;
  for (let t = s - 1 + lag; t < s + o.window + lag && t < P; t++) {
    if (tl[t] === tl[t]) buf[n++] = lr[t]!;
  }
  if (n < 4) return null;
  let lk = smallMedian(buf, n);
  let matched = setStates(state, lr, tl, lag, P, lk);
  // The window's factor can sit off-centre of a perturbed copy: re-estimate it over the months
  // that matched (the median log ratio) and classify the months again.
  if (matched >= o.minMonths) {
    n = 0;
    for (let t = lag; t < P; t++) if (state[t] === 1) buf[n++] = lr[t]!;
    lk = smallMedian(buf, n);
    matched = setStates(state, lr, tl, lag, P, lk);
  }
  // No run can hold more matched months than there are.
  if (matched < o.minMonths) return null;
  // A run allowing a few mismatched months can stretch past the copied months over months that
  // agree by chance and dilute the other fields' agreement: then the strict run is tried too. The
  // strict run is never longer, so when the loose one is too short the strict one is as well.
  const loose = attempt(data, m, ch, field, a, b, lag, o, scratch, lk, o.maxMisses);
  if (loose) return loose;
  return loose === 0 || o.maxMisses === 0 ? null : attempt(data, m, ch, field, a, b, lag, o, scratch, lk, 0) || null;
}

/** The longest run with at most maxMisses mismatched months and its checks; 0 when the run is too short. */
function attempt(
  data: DistrictData,
  m: Float64Array,
  ch: Changes,
  field: 'revenue' | 'wages',
  a: number,
  b: number,
  lag: number,
  o: LooseOptions,
  scratch: Scratch,
  lk: number,
  maxMisses: number,
): LooseMatch | null | 0 {
  const { P } = data;
  const { buf, work, state, lr } = scratch;
  const { c, cat, med, slot } = ch;
  const ca = slot[a]! * P;
  const tolF = field === 'wages' ? o.wagesTol : o.tol;
  const ra = a * P;
  const rb = b * P;
  // Longest run with at most maxMisses mismatches, no two in a row, starting and ending matched.
  let bestT0 = -1;
  let bestT1 = -1;
  let bestN = 0;
  let bestMiss = 0;
  // A run from t0 matches at most the matched months from t0 on: once they are no more than the
  // best so far, no later start can beat it (the first longest run is kept).
  let left = 0;
  for (let t = lag; t < P; t++) if (state[t] === 1) left++;
  for (let t0 = lag; t0 < P && left > bestN; t0++) {
    if (state[t0] !== 1) continue;
    left--;
    let matched = 0;
    let misses = 0;
    let last = -1;
    let prev0 = false;
    let lastMiss = 0;
    for (let t = t0; t < P; t++) {
      if (state[t] === 2) continue;
      if (state[t] === 0) {
        if (prev0 || misses === maxMisses) break;
        misses++;
        prev0 = true;
        continue;
      }
      prev0 = false;
      matched++;
      last = t;
      lastMiss = misses;
    }
    if (matched > bestN) {
      bestN = matched;
      bestT0 = t0;
      bestT1 = last;
      bestMiss = lastMiss;
    }
  }
  if (bestN < o.minMonths) return 0;
  const t0 = bestT0;
  const t1 = bestT1;
  // The source's own peer-adjusted shape over the run must dwarf the tolerance.
  let n = 0;
  for (let t = t0 - lag + 1; t <= t1 - lag; t++) {
    const x = c[ca + t]! - med[cat[a]! * P + t]!;
    if (!Number.isNaN(x)) buf[n++] = x;
  }
  if (n < 4) return null;
  const md = smallMedian(buf, n);
  for (let i = 0; i < n; i++) work[i] = Math.abs(buf[i]! - md);
  const shape = 1.4826 * smallMedian(work, n);
  let maxDev = 0;
  let dev2 = 0;
  for (let t = t0; t <= t1; t++) {
    if (state[t] !== 1) continue;
    maxDev = Math.max(maxDev, Math.abs(m[rb + t]! / (Math.exp(lk) * m[ra + t - lag]!) - 1));
    const d = lr[t]! - lk;
    dev2 += d * d;
  }
  // The copy must track the source far more tightly than the source moves on its own: its
  // deviations (root mean square, at least the rounding floor) a small fraction of the shape.
  const devRms = Math.max(Math.sqrt(dev2 / bestN), o.devFloor);
  if (!(shape >= o.minShape && shape >= o.shapeRatio * devRms)) return null;
  // A short run is evidence only when the figures agree (nearly) exactly: honest peers can
  // track each other within a few per cent for eight months, not within one.
  if (bestN < o.longMonths && devRms > o.shortMaxDev) return null;
  // Other fields: proportional with their own factor in ≥ 80 % of the run's months, counted only
  // when they move on their own (not a fixed multiple of the compared field, not constant).
  const fields: Record<string, FieldCheck> = {};
  const agreeing: string[] = [];
  for (const [name, key, abs] of FIELD_DEFS) {
    if (name === field) continue;
    const f = data[key] as Float64Array;
    let k = 0;
    for (let t = t0; t <= t1; t++) {
      const x = f[ra + t - lag]!;
      const y = f[rb + t]!;
      if (Number.isNaN(x) || Number.isNaN(y) || x === 0 || y === 0 || x > 0 !== y > 0) continue;
      buf[k++] = y / x;
    }
    if (k < Math.min(6, o.minMonths)) {
      fields[name] = { months: k, matched: 0, factor: null, informative: false };
      continue;
    }
    const factor = smallMedian(buf, k);
    let months = 0;
    let matched = 0;
    let moves = 0;
    let nr = 0;
    let prevX = Number.NaN;
    for (let t = t0; t <= t1; t++) {
      const x = f[ra + t - lag]!;
      const y = f[rb + t]!;
      if (Number.isNaN(x) || Number.isNaN(y)) continue;
      months++;
      if (Math.abs(y - factor * x) <= tolF * Math.abs(y) + abs * (1 + Math.abs(factor))) matched++;
      if (!Number.isNaN(prevX) && Math.abs(x - prevX) > tolF * Math.abs(x) + abs) moves++;
      prevX = x;
      const base = m[ra + t - lag]!;
      if (base > 0) buf[nr++] = x / base;
    }
    const informative = moves >= 3 && relSpread(buf, nr, work) >= tolF;
    fields[name] = { months, matched, factor: Math.round(factor * 10000) / 10000, informative };
    if (informative && months >= 6 && matched >= 0.8 * months) agreeing.push(name);
  }
  // A wage bill is headcount × average wage: headcount does not confirm a wages match alone.
  // Revenue in a ratio that stays within the rounding for the whole run is itself strong
  // evidence (the exact search asks for nothing more over a year): one confirming field fewer.
  // (Wages are compared near-exactly anyway, with their own requirement.)
  const base = bestN >= o.longMonths ? o.fieldsLong : o.fieldsShort;
  const need = field === 'wages' ? o.fieldsWages : base > 1 && Math.sqrt(dev2 / bestN) <= o.exactDev ? base - 1 : base;
  const confirming = field === 'wages' ? agreeing.filter((n) => n !== 'employees').length : agreeing.length;
  if (confirming < need) return null;
  return { src: a, dst: b, lag, field, k: Math.exp(lk), t0, t1, months: bestN, misses: bestMiss, maxDev, shape, fields, agreeing };
}
