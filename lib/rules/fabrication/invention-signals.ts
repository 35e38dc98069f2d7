/**
 * Signals of invented monthly figures that go beyond "round" and "smooth": each compares the
 * unit's figures with a relation that honest bookkeeping does not produce, and each is judged
 * against the district itself, so that a convention every unit shares (e.g. software deriving
 * main-business revenue from revenue) is not taken for invention.
 *
 *  - exact field relations: profit, gross output or main revenue an exact multiple of revenue
 *    month after month, exact to the precision the figures are written in, while revenue moves.
 *    Profit is a residual of costs and output includes inventory changes, so honest ratios wander;
 *    the chance that an honest ratio stays inside the rounding window for n months is bounded
 *    with the district's own spread of that ratio.
 *  - carried-forward reports: the whole report (revenue and every other figure, reported kWh
 *    included) repeated unchanged from the previous month while the unit's tax or metered
 *    electricity moved.
 *  - terminal-digit preference: the last non-zero digit of the unit's distinct revenue figures
 *    is nearly uniform for honest figures, rounded or not (a 5 is what rounding to halves leaves
 *    and is set aside); invented figures gather on favoured digits (…8, …6).
 *  - ghost unit: reports with staff every month but not one tax, grid or social-insurance record,
 *    while market regulation lists the licence as abnormal or revoked.
 */
import type { DistrictData } from '../../engine/district-data';
import { log10BinomialTail, medianOf } from './series-tools';
import { madSigmaSmall, sortSmall } from './small-stats';

let LO = new Float64Array(0);
let HI = new Float64Array(0);
let KS = new Float64Array(0);
const COUNTS = new Int32Array(10);

/** Half the rounding step a figure is written to (0.1 … 1000), as its absolute uncertainty. */
export function halfStep(x: number): number {
  const ax = Math.abs(x);
  // Fast path: most figures carry decimals.
  if (ax < 1 || Math.abs(ax - Math.round(ax)) >= 1e-7 * ax) return 0.05;
  let step = 1;
  for (const s of [10, 100, 1000]) {
    const q = ax / s;
    if (ax >= s && Math.abs(q - Math.round(q)) < 1e-7 * Math.max(1, q)) step = s;
    else break;
  }
  return step / 2;
}

export interface RelationRun {
  /** Months t0..t1 inclusive (months missing in either field are skipped). */
  t0: number;
  t1: number;
  /** Months in the run with both figures, and months where the pair changed from the previous one. */
  months: number;
  changed: number;
  /** The constant ratio (centre of the interval every month allows). */
  ratio: number;
  /** Range of the denominator over the run (max / min). */
  denSpan: number;
  /** log10 of the chance that an honest ratio with the district's spread stays inside every month's rounding window. */
  log10P: number;
}

/** halfStep of every positive cell of a matrix (0 elsewhere), for exactRelation's `denHalf` when one denominator serves several fields. */
export function halfSteps(m: Float64Array): Float64Array {
  const out = new Float64Array(m.length);
  for (let i = 0; i < m.length; i++) {
    const x = m[i]!;
    if (x > 0) out[i] = halfStep(x);
  }
  return out;
}

/**
 * The most improbable run of months in which num[t] / den[t] is one constant ratio up to the precision the
 * figures are written in (their rounding intervals intersect). `sigma` is the district's typical
 * spread of log(num/den) around a unit's own level: the chance of an honest month falling in
 * a window of log-width w is taken as w / (σ·√(2π)). Identity ratios (|ratio − 1| < identityTol)
 * are conventions (main = revenue) and are skipped; runs shorter than `minMonths` are not returned.
 */
export function exactRelation(num: Float64Array, den: Float64Array, row: number, P: number, sigma: number, identityTol = 0.005, minMonths = 2, denHalf?: Float64Array): RelationRun | null {
  if (LO.length < P) {
    LO = new Float64Array(P);
    HI = new Float64Array(P);
  }
  // Each month's interval of ratios its rounding allows (NaN: month missing; −∞: run breaker).
  let streak = 0;
  let longest = 0;
  let prevLo = Number.NaN;
  let prevHi = Number.NaN;
  for (let t = 0; t < P; t++) {
    const a = num[row + t]!;
    const b = den[row + t]!;
    if (Number.isNaN(a) || Number.isNaN(b)) {
      LO[t] = Number.NaN;
      continue;
    }
    const ea = a > 0 ? halfStep(a) : 0;
    const eb = b > 0 ? (denHalf ? denHalf[row + t]! : halfStep(b)) : 0;
    if (!(a > 0) || !(b > 0) || eb >= b) {
      LO[t] = Number.NEGATIVE_INFINITY;
      streak = 0;
      prevLo = Number.NaN;
      continue;
    }
    const l = (a - ea) / (b + eb);
    const h = (a + ea) / (b - eb);
    LO[t] = l;
    HI[t] = h;
    // A run of m months needs m − 1 consecutive overlapping pairs: a cheap bound that skips most units.
    streak = !Number.isNaN(prevLo) && l <= prevHi && prevLo <= h ? streak + 1 : 0;
    longest = Math.max(longest, streak);
    prevLo = l;
    prevHi = h;
  }
  if (longest + 1 < minMonths) return null;
  let best: RelationRun | null = null;
  const norm = sigma * Math.sqrt(2 * Math.PI);
  for (let s = 0; s < P; s++) {
    if (!(LO[s]! > Number.NEGATIVE_INFINITY)) continue;
    let lo = 0;
    let hi = Infinity;
    let months = 0;
    let changed = 0;
    let lp = 0;
    let bMin = Infinity;
    let bMax = -Infinity;
    let pa = Number.NaN;
    let pb = Number.NaN;
    let t1 = s;
    for (let t = s; t < P; t++) {
      const l = LO[t]!;
      if (Number.isNaN(l)) continue;
      if (l === Number.NEGATIVE_INFINITY) break;
      const h = HI[t]!;
      const nlo = Math.max(lo, l);
      const nhi = Math.min(hi, h);
      if (nlo > nhi) break;
      lo = nlo;
      hi = nhi;
      months++;
      const a = num[row + t]!;
      const b = den[row + t]!;
      if ((a !== pa || b !== pb) && months > 1) {
        changed++;
        lp += Math.min(0, Math.log10(Math.log(h / l) / norm));
      }
      pa = a;
      pb = b;
      bMin = Math.min(bMin, b);
      bMax = Math.max(bMax, b);
      t1 = t;
    }
    if (months < minMonths) continue;
    const ratio = Math.sqrt(lo * hi);
    if (Math.abs(ratio - 1) < identityTol) continue;
    if (!best || lp < best.log10P) best = { t0: s, t1, months, changed, ratio, denSpan: bMax / bMin, log10P: lp };
    if (t1 >= P - 1) break;
  }
  return best;
}

/**
 * The district's typical spread of log(num/den) around each unit's own median ratio (MAD-σ of
 * each unit's months, median over units with at least `minMonths`), the yardstick of how much
 * an honest ratio wanders. A median over units: every `stride`-th unit is enough for large districts.
 */
export function ratioSpread(data: DistrictData, num: Float64Array, den: Float64Array, minMonths: number, maxUnits = 5000): number {
  const { P } = data;
  const U = data.units.length;
  const stride = Math.max(1, Math.ceil(U / maxUnits));
  const buf = new Float64Array(P);
  const work = new Float64Array(P);
  const per = new Float64Array(U);
  let k = 0;
  for (let u = 0; u < U; u += stride) {
    let n = 0;
    for (let t = 0; t < P; t++) {
      const a = num[u * P + t]!;
      const b = den[u * P + t]!;
      if (a > 0 && b > 0) buf[n++] = Math.log(a / b);
    }
    if (n < minMonths) continue;
    // 1.4826 · median |x − median|: madSigma, here without allocation.
    const s = madSigmaSmall(buf, n, work);
    if (s > 0) per[k++] = s;
  }
  return k ? medianOf(per, k) : Number.NaN;
}

export interface RepeatStats {
  /** Months whose whole report equals the previous month's (revenue and ≥ minOther other figures). */
  repeats: number;
  /** Of those, months where tax-declared sales or metered kWh changed by ≥ moveTol against the previous month. */
  movedOutside: number;
  /** Of those repeats, months with reported kWh repeated to the kWh while the grid's meter moved. */
  kwhFrozen: number;
  firstRepeat: number;
  /** Longest block of identical consecutive reports (months). */
  longestBlock: number;
}

const OTHER_FIELDS = ['mainRevenue', 'grossOutput', 'profit', 'wages', 'employees', 'reportedKwh'] as const;

/** Whole reports repeated unchanged from the previous month, and whether outside records moved meanwhile. */
export function repeatedReports(data: DistrictData, row: number, minOther: number, moveTol: number): RepeatStats {
  const { P, revenue } = data;
  let repeats = 0;
  let moved = 0;
  let kwhFrozen = 0;
  let first = -1;
  let block = 1;
  let longest = 1;
  let prev = -1;
  for (let t = 0; t < P; t++) {
    const r = revenue[row + t]!;
    if (Number.isNaN(r)) continue;
    if (prev >= 0 && t === prev + 1 && r > 0 && r === revenue[row + prev]!) {
      let same = 0;
      let differ = false;
      for (const f of OTHER_FIELDS) {
        const a = data[f][row + t]!;
        const b = data[f][row + prev]!;
        if (Number.isNaN(a) && Number.isNaN(b)) continue;
        if (a === b) same++;
        else differ = true;
      }
      if (!differ && same >= minOther) {
        repeats++;
        if (first < 0) first = prev;
        block++;
        longest = Math.max(longest, block);
        const moves = (m: Float64Array) => {
          const x = m[row + t]!;
          const y = m[row + prev]!;
          return x > 0 && y > 0 && Math.abs(Math.log(x / y)) >= moveTol;
        };
        if (moves(data.taxSales) || moves(data.gridKwh)) moved++;
        const k = data.reportedKwh[row + t]!;
        if (k > 0 && moves(data.gridKwh)) kwhFrozen++;
        prev = t;
        continue;
      }
    }
    block = 1;
    prev = t;
  }
  return { repeats, movedOutside: moved, kwhFrozen, firstRepeat: first, longestBlock: longest };
}

export interface DigitPreference {
  /** Distinct figures whose last non-zero digit is not 5. */
  distinct: number;
  digit: number;
  count: number;
  /** log10 of the binomial tail of the favourite digit's count at 1/8, times 8 digits (Bonferroni). */
  log10P: number;
}

/**
 * Last non-zero digit of the unit's distinct positive revenue figures (read at 0.1 precision):
 * honest figures, rounded or not, spread it nearly evenly over 1–9. A last non-zero 5 is what
 * rounding to halves (to 50, 500) leaves, so 5s are set aside and the favourite of the other
 * eight digits is tested at 1/8 (Bonferroni over the eight).
 */
export function terminalDigits(values: Float64Array, row: number, P: number): DigitPreference | null {
  if (KS.length < P) KS = new Float64Array(P);
  const counts = COUNTS.fill(0);
  let m = 0;
  let n = 0;
  for (let t = 0; t < P; t++) {
    const x = values[row + t]!;
    if (!(x > 0)) continue;
    const k = Math.round(x * 10);
    if (k > 0) KS[m++] = k;
  }
  // Distinct figures: sorted, each value once (the counts do not depend on the order).
  sortSmall(KS, m);
  for (let i = 0; i < m; i++) {
    let k = KS[i]!;
    if (i > 0 && k === KS[i - 1]) continue;
    let d: number;
    // Integer arithmetic where k fits 32 bits: the same digits without floating-point remainders.
    if (k <= 0x7fffffff) {
      let ki = k | 0;
      while (ki % 10 === 0) ki = (ki / 10) | 0;
      d = ki % 10;
    } else {
      while (k % 10 === 0) k /= 10;
      d = k % 10;
    }
    if (d === 5) continue;
    counts[d]!++;
    n++;
  }
  let digit = 1;
  for (let d = 2; d <= 9; d++) if (d !== 5 && counts[d]! > counts[digit]!) digit = d;
  if (!n) return null;
  const count = counts[digit]!;
  // The tail is only worth computing when the favourite digit stands ≥ 3σ above n/8 (p > 10^-3 below).
  if (count < 3 || count < n / 8 + 3 * Math.sqrt((n * 7) / 64)) return { distinct: n, digit, count, log10P: 0 };
  return { distinct: n, digit, count, log10P: Math.min(0, log10BinomialTail(n, count, 1 / 8) + Math.log10(8)) };
}

export interface GhostStats {
  months: number;
  staffedMonths: number;
  /** Tax, grid and insurance records over all months; −1 when the licence is not abnormal/revoked (not counted). */
  outsideRecords: number;
  status: string | null;
  statusDate: string | null;
}

/**
 * Months reported with staff, records in tax/grid/insurance over all months, and the latest
 * market status when it is abnormal (经营异常) or revoked (吊销) and dated before the last report.
 * (Deregistered units still filing are a register matter, not this signal.)
 */
export function ghostStats(data: DistrictData, u: number): GhostStats {
  const { P } = data;
  const row = u * P;
  const list = data.marketStatus.get(u);
  const latest = list?.[list.length - 1];
  const flagged = latest !== undefined && (latest.status === 'abnormal' || latest.status === 'revoked');
  let months = 0;
  let staffed = 0;
  let outside = 0;
  let last = -1;
  for (let t = 0; t < P; t++) {
    if (!Number.isNaN(data.revenue[row + t]!)) {
      months++;
      last = t;
      if (data.employees[row + t]! > 0) staffed++;
    }
    if (!flagged) continue;
    if (!Number.isNaN(data.taxSales[row + t]!)) outside++;
    if (!Number.isNaN(data.gridKwh[row + t]!)) outside++;
    if (!Number.isNaN(data.insured[row + t]!)) outside++;
  }
  const lastPeriod = last >= 0 ? data.periods[last]! : '';
  const bad = flagged && latest.status_date.slice(0, 7) <= lastPeriod ? latest : null;
  // Records are counted only for flagged units (the signal needs the licence status first).
  return { months, staffedMonths: staffed, outsideRecords: bad ? outside : -1, status: bad?.status ?? null, statusDate: bad?.status_date ?? null };
}
