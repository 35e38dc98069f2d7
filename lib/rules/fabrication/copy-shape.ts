/**
 * Loose copy search of FALSIFY.COPY: copies that are perturbed month by month (±1–3 %), a month
 * or two late, or limited to some fields. The exact search (copied-figures.ts) needs the ratio of
 * two units to stay within 0.2 % for a year; this one compares the SHAPE of a field — its
 * month-over-month log changes minus the median change of the unit's category that month, so
 * the seasonality and the economy that all peers share are taken out first — and then demands:
 *   - the ratio of the two series (one lagged by 0–2 months) within a few per cent of one factor
 *     for enough months, with at most a couple of mismatched months inside the run;
 *   - the source's own peer-adjusted shape clearly larger than that tolerance (a copy of a flat
 *     or purely seasonal series proves nothing);
 *   - other fields that vary on their own (not merely in proportion to the compared field) following
 *     the same pattern: a chain store or a seasonal peer can resemble a unit's revenue by chance,
 *     not its revenue, headcount, wages and profit all at once.
 *
 * Candidates come from locality-sensitive hashing: each unit's peer-adjusted change vector over
 * aligned windows is reduced to signs of sparse random projections, several tables of several
 * bits; only units sharing a bucket are verified. A copy with ±3 % noise keeps most signs; two
 * independent units agree on each bit only half the time.
 */
import type { DistrictData } from '../../engine/district-data';
import { medianOf } from './series-tools';

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
}

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

/** Month-over-month log changes of a matrix and the per-category median change of each month. */
function residualChanges(data: DistrictData, m: Float64Array): Float64Array {
  const { P, units } = data;
  const U = units.length;
  const c = new Float64Array(U * P).fill(Number.NaN);
  for (let u = 0; u < U; u++) {
    const row = u * P;
    for (let t = 1; t < P; t++) {
      const a = m[row + t - 1]!;
      const b = m[row + t]!;
      if (a > 0 && b > 0) c[row + t] = Math.log(b / a);
    }
  }
  const byCat = new Map<string, number[]>();
  units.forEach((u, i) => {
    let l = byCat.get(u.category);
    if (!l) byCat.set(u.category, (l = []));
    l.push(i);
  });
  const med = new Float64Array(U * P).fill(Number.NaN);
  const buf = new Float64Array(U);
  for (const members of byCat.values()) {
    for (let t = 1; t < P; t++) {
      let n = 0;
      for (const u of members) {
        const v = c[u * P + t]!;
        if (!Number.isNaN(v)) buf[n++] = v;
      }
      const md = n >= 5 ? medianOf(buf, n) : 0;
      for (const u of members) med[u * P + t] = md;
    }
  }
  return Object.assign(c, { med }) as Float64Array & { med: Float64Array };
}

/** Robust relative spread (MAD around the median / |median|) of buf[0..n). */
function relSpread(buf: Float64Array, n: number, work: Float64Array): number {
  if (n < 3) return 0;
  const md = medianOf(buf, n);
  for (let i = 0; i < n; i++) work[i] = Math.abs(buf[i]! - md);
  return (1.4826 * medianOf(work, n)) / Math.max(Math.abs(md), 1e-9);
}

export function findLooseCopies(data: DistrictData, o: LooseOptions, skip: (a: number, b: number) => boolean): LooseMatch[] {
  const { P, units } = data;
  const U = units.length;
  const W = o.window;
  if (P < W + 2) return [];
  const out: LooseMatch[] = [];
  const done = new Set<number>();
  const buf = new Float64Array(P * 2);
  const work = new Float64Array(P * 2);
  const v = new Float64Array(W);
  // Sparse projections: each bit the sign of a ±1 combination of three coordinates.
  const rnd = prng(0x5eed);
  const nb = o.tables * o.bits;
  const pi = new Int32Array(nb * 3);
  const ps = new Float64Array(nb * 3);
  for (let j = 0; j < nb * 3; j++) {
    pi[j] = Math.floor(rnd() * W);
    ps[j] = rnd() < 0.5 ? -1 : 1;
  }
  const hash = (x: Float64Array, tab: number): number => {
    let h = tab + 1;
    for (let b = 0; b < o.bits; b++) {
      const j = (tab * o.bits + b) * 3;
      const s = ps[j]! * x[pi[j]!]! + ps[j + 1]! * x[pi[j + 1]!]! + ps[j + 2]! * x[pi[j + 2]!]!;
      h = (h << 1) | (s > 0 ? 1 : 0);
    }
    return h;
  };
  const starts: number[] = [];
  for (let s = 1; s + W <= P; s += Math.max(2, W >> 1)) starts.push(s);
  if (starts[starts.length - 1]! + W < P) starts.push(P - W);
  for (const field of o.fields) {
    const m = data[field === 'revenue' ? 'revenue' : 'wages'];
    const c = residualChanges(data, m) as Float64Array & { med: Float64Array };
    const med = c.med;
    /** Peer-adjusted, centred change vector of unit u over window s, read `lag` months later. */
    const vec = (u: number, s: number, lag: number): boolean => {
      const row = u * P;
      if (s + lag + W > P) return false;
      let mean = 0;
      for (let i = 0; i < W; i++) {
        const x = c[row + s + lag + i]! - med[row + s + i]!;
        if (Number.isNaN(x)) return false;
        v[i] = x;
        mean += x;
      }
      mean /= W;
      let ss = 0;
      for (let i = 0; i < W; i++) {
        v[i] = v[i]! - mean;
        ss += v[i]! * v[i]!;
      }
      return Math.sqrt(ss / (W - 1)) >= o.minShape;
    };
    for (const s of starts) {
      const tables: Map<number, number[]>[] = [];
      for (let tab = 0; tab < o.tables; tab++) tables.push(new Map());
      const store = new Float64Array(U * W);
      for (let u = 0; u < U; u++) {
        if (!vec(u, s, 0)) continue;
        let nn = 0;
        for (let i = 0; i < W; i++) nn += v[i]! * v[i]!;
        const inv = 1 / Math.sqrt(nn);
        for (let i = 0; i < W; i++) store[u * W + i] = v[i]! * inv;
        for (let tab = 0; tab < o.tables; tab++) {
          const h = hash(v, tab);
          const l = tables[tab]!.get(h);
          if (l) l.push(u);
          else tables[tab]!.set(h, [u]);
        }
      }
      for (let u = 0; u < U; u++) {
        for (let lag = 0; lag <= o.maxLag; lag++) {
          if (!vec(u, s, lag)) continue;
          let nn = 0;
          for (let i = 0; i < W; i++) nn += v[i]! * v[i]!;
          const inv = 1 / Math.sqrt(nn);
          for (let tab = 0; tab < o.tables; tab++) {
            const l = tables[tab]!.get(hash(v, tab));
            if (!l || l.length > o.maxBucket) continue;
            for (const a of l) {
              if (a === u || (lag === 0 && a > u)) continue;
              // Cheap prefilter: the peer-adjusted shapes must correlate strongly before any verification.
              let dot = 0;
              for (let i = 0; i < W; i++) dot += v[i]! * store[a * W + i]!;
              if (dot * inv < 0.8) continue;
              const key = (a * U + u) * (o.maxLag + 1) + lag;
              if (done.has(key)) continue;
              done.add(key);
              if (skip(a, u)) continue;
              const hit = verify(data, m, c, med, field, a, u, lag, s, o, buf, work);
              if (hit) {
                out.push(hit);
                done.add((a * U + u) * (o.maxLag + 1) + 0);
                for (let l2 = 0; l2 <= o.maxLag; l2++) done.add((a * U + u) * (o.maxLag + 1) + l2);
              }
            }
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

function verify(
  data: DistrictData,
  m: Float64Array,
  c: Float64Array,
  med: Float64Array,
  field: 'revenue' | 'wages',
  a: number,
  b: number,
  lag: number,
  s: number,
  o: LooseOptions,
  buf: Float64Array,
  work: Float64Array,
): LooseMatch | null {
  const { P } = data;
  if (field === 'wages') o = { ...o, tol: o.wagesTol };
  const ra = a * P;
  const rb = b * P;
  // Factor: median log ratio over the hashed window.
  let n = 0;
  for (let t = s - 1 + lag; t < s + o.window + lag && t < P; t++) {
    const x = m[ra + t - lag]!;
    const y = m[rb + t]!;
    if (x > 0 && y > 0) buf[n++] = Math.log(y / x);
  }
  if (n < 4) return null;
  const lk = medianOf(buf, n);
  // Month states from lag on: 1 matched, 0 mismatched, 2 missing.
  const state = new Int8Array(P).fill(2);
  for (let t = lag; t < P; t++) {
    const x = m[ra + t - lag]!;
    const y = m[rb + t]!;
    if (!(x > 0) || !(y > 0)) continue;
    const tol = o.tol + 0.051 / y + 0.051 / x;
    state[t] = Math.abs(Math.log(y / x) - lk) <= tol ? 1 : 0;
  }
  // Longest run with at most maxMisses mismatches, no two in a row, starting and ending matched.
  let bestT0 = -1;
  let bestT1 = -1;
  let bestN = 0;
  let bestMiss = 0;
  for (let t0 = lag; t0 < P; t0++) {
    if (state[t0] !== 1) continue;
    let matched = 0;
    let misses = 0;
    let last = -1;
    let prev0 = false;
    let lastMiss = 0;
    for (let t = t0; t < P; t++) {
      if (state[t] === 2) continue;
      if (state[t] === 0) {
        if (prev0 || misses === o.maxMisses) break;
        misses++;
        prev0 = true;
        continue;
      }
      prev0 = false;
      matched++;
      last = t;
      lastMiss = misses;
    }
    if (matched > bestN) [bestN, bestT0, bestT1, bestMiss] = [matched, t0, last, lastMiss];
  }
  if (bestN < o.minMonths) return null;
  const t0 = bestT0;
  const t1 = bestT1;
  // The source's own peer-adjusted shape over the run must dwarf the tolerance.
  n = 0;
  for (let t = t0 - lag + 1; t <= t1 - lag; t++) {
    const x = c[ra + t]! - med[ra + t]!;
    if (!Number.isNaN(x)) buf[n++] = x;
  }
  if (n < 4) return null;
  const md = medianOf(buf, n);
  for (let i = 0; i < n; i++) work[i] = Math.abs(buf[i]! - md);
  const shape = 1.4826 * medianOf(work, n);
  if (!(shape >= 2 * o.tol)) return null;
  let maxDev = 0;
  for (let t = t0; t <= t1; t++) {
    if (state[t] !== 1) continue;
    maxDev = Math.max(maxDev, Math.abs(m[rb + t]! / (Math.exp(lk) * m[ra + t - lag]!) - 1));
  }
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
    const factor = medianOf(buf, k);
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
      if (Math.abs(y - factor * x) <= o.tol * Math.abs(y) + abs * (1 + Math.abs(factor))) matched++;
      if (!Number.isNaN(prevX) && Math.abs(x - prevX) > o.tol * Math.abs(x) + abs) moves++;
      prevX = x;
      const base = m[ra + t - lag]!;
      if (base > 0) buf[nr++] = x / base;
    }
    const informative = moves >= 3 && relSpread(buf, nr, work) >= o.tol;
    fields[name] = { months, matched, factor: Math.round(factor * 10000) / 10000, informative };
    if (informative && months >= 6 && matched >= 0.8 * months) agreeing.push(name);
  }
  const need = bestN >= o.longMonths ? o.fieldsLong : o.fieldsShort;
  if (agreeing.length < need) return null;
  return { src: a, dst: b, lag, field, k: Math.exp(lk), t0, t1, months: bestN, misses: bestMiss, maxDev, shape, fields, agreeing };
}
