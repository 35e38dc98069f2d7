/**
 * Who filed each report: the rows of a district's submissions grouped by their filer, and the
 * timing evidence that one filer, not several independent units, keyed them in.
 *
 * A filer is, in this order: a town/park office, whether by its own account or from its network
 * (by CIDR) — one office, one filer, keyed by its town code; an account that is not the unit's own (another unit's or one missing from the register); else
 * the device fingerprint, else the submitter address. Accounting agencies' own accounts are no
 * filer here (their clients mandate them) unless they file from an office network.
 */
import type { AccountRecord } from '../../contract/schemas';
import type { DistrictData } from '../../engine/district-data';
import { tightestCluster } from '../../stats/cofiling-cluster';
import { log10FisherCombined } from '../../stats/tails';
import { cidrMatcher } from './cidr';

export const enum FilerKind {
  /** A town/park office, by its own account or from its network: keyed by the town code. */
  Office = 0,
  OtherAccount = 1,
  Device = 2,
  Address = 3,
}

/** One period's tightest cluster of a filer's first filings. */
export interface PeriodCluster {
  t: number;
  /** Units the filer first-filed that period. */
  filed: number;
  /** Units of the tightest cluster, their first and last filing time (ms). */
  units: number[];
  fromMs: number;
  toMs: number;
  /** Share of the other units' filings of the period inside the cluster's span. */
  width: number;
  log10P: number;
}

export interface FilerEvidence {
  kind: FilerKind;
  /** Town code (an office), account, device or address. */
  key: string;
  units: number[];
  rows: number;
  firstT: number;
  ips: string[];
  accounts: string[];
  /** Periods in which the filer first-filed two units or more. */
  periods: PeriodCluster[];
  /** Fisher combination of the periods' cluster p-values (log10). */
  log10Timing: number;
}

/** The two digits of s at i as a number. */
const twoDigits = (s: string, i: number) => (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48;

/** Milliseconds of an ISO time "YYYY-MM-DDTHH:MM:SS" with "Z" or "±HH:MM"; Date.parse otherwise. */
export function isoMs(s: string): number {
  if (s.length === 25 && s.charCodeAt(10) === 84 && (s.charCodeAt(19) === 43 || s.charCodeAt(19) === 45)) {
    // No closure over s: run through tsx (keepNames) every closure made costs a defineProperty, once per row here.
    const utc = Date.UTC(twoDigits(s, 0) * 100 + twoDigits(s, 2), twoDigits(s, 5) - 1, twoDigits(s, 8), twoDigits(s, 11), twoDigits(s, 14), twoDigits(s, 17));
    const off = (twoDigits(s, 20) * 60 + twoDigits(s, 23)) * 60_000;
    const ms = s.charCodeAt(19) === 43 ? utc - off : utc + off;
    if (Number.isFinite(ms)) return ms;
  }
  return Date.parse(s);
}

const upperBound = (a: Float64Array, x: number) => {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (a[m]! <= x) lo = m + 1;
    else hi = m;
  }
  return lo;
};
const lowerBound = (a: Float64Array, x: number) => {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (a[m]! < x) lo = m + 1;
    else hi = m;
  }
  return lo;
};

/** Every office filer, and every other filer that filed for two units or more, with its timing evidence. */
export function collectFilers(data: DistrictData): FilerEvidence[] {
  const rows = classifyRows(data);
  const times = periodTimes(rows, data.P);
  // The rows of the filers that serve two units or more, grouped by filer (counting sort, rows in
  // their order). Filers are numbered in the order of their first row, so this is also the order
  // in which a filer-keyed map would have met them.
  const F = rows.filerKind.length;
  const start = new Int32Array(F + 1);
  const counted = (f: number) => f >= 0 && (rows.multi[f] === 1 || rows.filerKind[f] === FilerKind.Office);
  for (let k = 0; k < rows.n; k++) if (counted(rows.filer[k]!)) start[rows.filer[k]! + 1]!++;
  for (let f = 0; f < F; f++) start[f + 1]! += start[f]!;
  const order = new Int32Array(start[F]!);
  const fill = start.slice(0, F);
  for (let k = 0; k < rows.n; k++) if (counted(rows.filer[k]!)) order[fill[rows.filer[k]!]!++] = k;
  const scratch = makeScratch(data.units.length, data.P, start);
  const out: FilerEvidence[] = [];
  for (let f = 0; f < F; f++) if (start[f + 1]! > start[f]!) out.push(filerEvidence(data, rows, f, order.subarray(start[f]!, start[f + 1]!), times, scratch));
  return out;
}

/** The null: each period's first filings of all units, sorted. */
function periodTimes(rows: ClassifiedRows, P: number): Float64Array[] {
  const count = new Int32Array(P);
  for (let k = 0; k < rows.n; k++) if (!Number.isNaN(rows.ms[k]!)) count[rows.t[k]!]!++;
  const times = Array.from({ length: P }, (_, t) => new Float64Array(count[t]!));
  count.fill(0);
  for (let k = 0; k < rows.n; k++) if (!Number.isNaN(rows.ms[k]!)) times[rows.t[k]!]![count[rows.t[k]!]!++] = rows.ms[k]!;
  for (const l of times) l.sort();
  return times;
}

/**
 * Buffers one filer after another reuses, sized for the largest: per unit the last filer and
 * (filer, period) group that met it and its entry in the group, so that units are told apart
 * without a map per filer and period.
 */
interface Scratch {
  unitSeen: Int32Array;
  unitGroup: Int32Array;
  unitEntry: Int32Array;
  group: number;
  /** The filer's first-filing rows bucketed by period. */
  perT: Int32Array;
  tStart: Int32Array;
  /** One group's units, their first filing time, and the order by time. */
  eu: Int32Array;
  ems: Float64Array;
  byTime: Int32Array;
  /** Order of entries by time, ties in row order (made once: a closure per call is costly under tsx's keepNames). */
  byTimeThenRow: (a: number, b: number) => number;
  before: Int32Array;
  upTo: Int32Array;
}

function makeScratch(U: number, P: number, start: Int32Array): Scratch {
  let most = 0;
  for (let f = 0; f + 1 < start.length; f++) most = Math.max(most, start[f + 1]! - start[f]!);
  const n = Math.min(most, U);
  const ems = new Float64Array(n);
  const byTimeThenRow = (a: number, b: number) => ems[a]! - ems[b]! || a - b;
  return {
    unitSeen: new Int32Array(U).fill(-1),
    unitGroup: new Int32Array(U).fill(-1),
    unitEntry: new Int32Array(U),
    group: 0,
    perT: new Int32Array(most),
    tStart: new Int32Array(P + 1),
    eu: new Int32Array(n),
    ems,
    byTime: new Int32Array(n),
    byTimeThenRow,
    before: new Int32Array(n),
    upTo: new Int32Array(n),
  };
}

function filerEvidence(data: DistrictData, rows: ClassifiedRows, f: number, list: Int32Array, times: Float64Array[], sc: Scratch): FilerEvidence {
  const subs = data.submissions;
  const { P } = data;
  const units: number[] = [];
  const ips = new Set<string>();
  const accounts = new Set<string>();
  let firstT = Number.POSITIVE_INFINITY;
  let lastIp: string | undefined;
  let lastAccount: string | undefined;
  const { tStart, perT } = sc;
  tStart.fill(0);
  for (const k of list) {
    const u = rows.u[k]!;
    const t = rows.t[k]!;
    if (sc.unitSeen[u] !== f) {
      sc.unitSeen[u] = f;
      units.push(u);
    }
    if (t < firstT) firstT = t;
    // A filer's rows mostly repeat the previous row's address and account: no set look-up then.
    const s = subs[rows.row[k]!]!;
    if (ips.size < 20 && s.submitter_ip !== lastIp) ips.add((lastIp = s.submitter_ip));
    if (accounts.size < 20 && s.submitter_account !== lastAccount) accounts.add((lastAccount = s.submitter_account));
    if (!Number.isNaN(rows.ms[k]!)) tStart[t + 1]!++;
  }
  // First filings bucketed by period, each bucket in row order.
  for (let t = 0; t < P; t++) tStart[t + 1]! += tStart[t]!;
  const fill = tStart.slice(0, P);
  for (const k of list) if (!Number.isNaN(rows.ms[k]!)) perT[fill[rows.t[k]!]!++] = k;
  const periods: PeriodCluster[] = [];
  for (let t = 0; t < P; t++) {
    const c = tStart[t + 1]! - tStart[t]! >= 2 ? periodCluster(rows, t, perT.subarray(tStart[t]!, tStart[t + 1]!), times[t]!, sc) : null;
    if (c) periods.push(c);
  }
  return {
    kind: rows.filerKind[f]!,
    key: rows.filerKey[f]!,
    units,
    rows: list.length,
    firstT,
    ips: [...ips],
    accounts: [...accounts],
    periods,
    log10Timing: log10FisherCombined(periods.map((c) => c.log10P)),
  };
}
/**
 * The tightest cluster of one filer's first filings of period t (rows in row order) among all the
 * period's filings; null when the filer first-filed fewer than two units that period. A unit's
 * filing is its earliest; units of equal time keep the order in which their rows came.
 */
function periodCluster(rows: ClassifiedRows, t: number, bucket: Int32Array, all: Float64Array, sc: Scratch): PeriodCluster | null {
  const { eu, ems, byTime, before, upTo } = sc;
  const group = ++sc.group;
  let m = 0;
  for (const k of bucket) {
    const u = rows.u[k]!;
    const ms = rows.ms[k]!;
    if (sc.unitGroup[u] !== group) {
      sc.unitGroup[u] = group;
      sc.unitEntry[u] = m;
      eu[m] = u;
      ems[m++] = ms;
    } else if (ms < ems[sc.unitEntry[u]!]!) ems[sc.unitEntry[u]!] = ms;
  }
  if (m < 2) return null;
  for (let i = 0; i < m; i++) byTime[i] = i;
  const order = byTime.subarray(0, m).sort(sc.byTimeThenRow);
  // Filings of one time form a run: the filer's own filings before and up to each are the run's
  // bounds, found once per run rather than by walking the ties from every filing.
  for (let i = 0; i < m;) {
    const x = ems[order[i]!]!;
    let j = i + 1;
    while (j < m && ems[order[j]!] === x) j++;
    const lo = Math.max(0, lowerBound(all, x) - i);
    const hi = Math.max(lo, upperBound(all, x) - j);
    before.fill(lo, i, j);
    upTo.fill(hi, i, j);
    i = j;
  }
  const c = tightestCluster(before, upTo, m, Math.max(0, all.length - m));
  const units: number[] = [];
  for (let i = c.from; i <= c.to; i++) units.push(eu[order[i]!]!);
  return { t, filed: m, units, fromMs: ems[order[c.from]!]!, toMs: ems[order[c.to]!]!, width: c.width, log10P: c.log10P };
}

interface ClassifiedRows {
  n: number;
  row: Int32Array;
  u: Int32Array;
  t: Int32Array;
  /** Time of a first filing (revision 0); NaN for revisions and unreadable times. */
  ms: Float64Array;
  /** Filer number of the row, −1 when none (an agency's own account off the office networks). */
  filer: Int32Array;
  filerKind: FilerKind[];
  filerKey: string[];
  /** 1 once a filer has served a second unit. */
  multi: Uint8Array;
}

/** One pass over the submissions: each row's unit, period, first-filing time and filer. */
function classifyRows(data: DistrictData): ClassifiedRows {
  const subs = data.submissions;
  const N = subs.length;
  const officeOf = cidrMatcher(data.offices.map((o) => o.cidr));
  const officeTown = data.offices.map((o) => o.town_code);
  const out: ClassifiedRows = {
    n: 0,
    row: new Int32Array(N),
    u: new Int32Array(N),
    t: new Int32Array(N),
    ms: new Float64Array(N),
    filer: new Int32Array(N),
    filerKind: [],
    filerKey: [],
    multi: new Uint8Array(0),
  };
  const numbers: Map<string, number>[] = [new Map(), new Map(), new Map(), new Map()];
  const firstUnit: number[] = [];
  let multi = new Uint8Array(1024);
  const filerOf = (kind: FilerKind, key: string, u: number) => {
    let f = numbers[kind]!.get(key);
    if (f === undefined) {
      f = out.filerKind.length;
      numbers[kind]!.set(key, f);
      out.filerKind.push(kind);
      out.filerKey.push(key);
      firstUnit.push(u);
      if (f >= multi.length) {
        const grown = new Uint8Array(multi.length * 2);
        grown.set(multi);
        multi = grown;
      }
    } else if (firstUnit[f] !== u) multi[f] = 1;
    return f;
  };
  // The cell of each row that is a cell's latest revision, so those rows need no string look-up
  // of unit and period (buildDistrictData set latestSubmission from these very rows).
  const { P } = data;
  const cellOf = new Int32Array(N).fill(-1);
  const latest = data.latestSubmission;
  for (let c = 0; c < latest.length; c++) if (latest[c]! >= 0 && latest[c]! < N) cellOf[latest[c]!] = c;
  // Rows come grouped by unit, and a unit mostly files with one account, address and device: the
  // previous row's look-ups are reused when the key repeats.
  let prevAccount: string | undefined;
  let prevRec: AccountRecord | undefined;
  let prevIp: string | undefined;
  let prevOffice = -1;
  let prevUnitId: string | undefined;
  let prevUnit = -1;
  for (let k = 0; k < N; k++) {
    const s = subs[k]!;
    const cell = cellOf[k]!;
    let u: number | undefined;
    let t: number | undefined;
    if (cell >= 0) {
      u = (cell / P) | 0;
      t = cell - u * P;
    } else {
      u = s.unit_id === prevUnitId ? prevUnit : data.unitIndex.get(s.unit_id);
      t = data.periodIndex.get(s.period);
    }
    if (u !== undefined) {
      prevUnit = u;
      prevUnitId = s.unit_id;
    }
    if (u === undefined || t === undefined) continue;
    if (s.submitter_account !== prevAccount) {
      prevAccount = s.submitter_account;
      prevRec = data.accounts.get(prevAccount);
    }
    if (s.submitter_ip !== prevIp) {
      prevIp = s.submitter_ip;
      prevOffice = officeOf(prevIp);
    }
    const type = prevRec?.owner_type;
    let f = -1;
    if (type === 'town_office' || type === 'park_office') f = filerOf(FilerKind.Office, prevRec!.owner_id, u);
    else if (prevOffice >= 0) f = filerOf(FilerKind.Office, officeTown[prevOffice]!, u);
    else if (type === 'agent') f = -1;
    else if (!prevRec || prevRec.owner_id !== s.unit_id) f = filerOf(FilerKind.OtherAccount, s.submitter_account, u);
    else if (s.submitter_device) f = filerOf(FilerKind.Device, s.submitter_device, u);
    else if (s.submitter_ip) f = filerOf(FilerKind.Address, s.submitter_ip, u);
    const i = out.n++;
    out.row[i] = k;
    out.u[i] = u;
    out.t[i] = t;
    out.ms[i] = s.revision === 0 ? isoMs(s.submitted_at) : Number.NaN;
    out.filer[i] = f;
  }
  out.multi = multi;
  return out;
}
