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

/** Milliseconds of an ISO time "YYYY-MM-DDTHH:MM:SS" with "Z" or "±HH:MM"; Date.parse otherwise. */
export function isoMs(s: string): number {
  if (s.length === 25 && s.charCodeAt(10) === 84 && (s.charCodeAt(19) === 43 || s.charCodeAt(19) === 45)) {
    const d = (i: number) => (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48;
    const utc = Date.UTC(d(0) * 100 + d(2), d(5) - 1, d(8), d(11), d(14), d(17));
    const off = (d(20) * 60 + d(23)) * 60_000;
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
  const { P } = data;
  // The null: each period's first filings of all units, sorted.
  const perPeriod: number[][] = Array.from({ length: P }, () => []);
  for (let k = 0; k < rows.n; k++) if (!Number.isNaN(rows.ms[k]!)) perPeriod[rows.t[k]!]!.push(rows.ms[k]!);
  const times = perPeriod.map((l) => Float64Array.from(l).sort());
  // Rows of the filers that serve two units or more, grouped by filer.
  const byFiler = new Map<number, number[]>();
  for (let k = 0; k < rows.n; k++) {
    const f = rows.filer[k]!;
    if (f < 0 || !(rows.multi[f] || rows.filerKind[f]! === FilerKind.Office)) continue;
    let l = byFiler.get(f);
    if (!l) byFiler.set(f, (l = []));
    l.push(k);
  }
  const out: FilerEvidence[] = [];
  for (const [f, list] of byFiler) out.push(filerEvidence(data, rows, f, list, times));
  return out;
}

function filerEvidence(data: DistrictData, rows: ClassifiedRows, f: number, list: number[], times: Float64Array[]): FilerEvidence {
  const subs = data.submissions;
  const units = new Set<number>();
  const ips = new Set<string>();
  const accounts = new Set<string>();
  let firstT = Number.POSITIVE_INFINITY;
  const firsts = new Map<number, Map<number, number>>();
  for (const k of list) {
    const u = rows.u[k]!;
    const t = rows.t[k]!;
    units.add(u);
    if (t < firstT) firstT = t;
    const s = subs[rows.row[k]!]!;
    if (ips.size < 20) ips.add(s.submitter_ip);
    if (accounts.size < 20) accounts.add(s.submitter_account);
    const ms = rows.ms[k]!;
    if (Number.isNaN(ms)) continue;
    let m = firsts.get(t);
    if (!m) firsts.set(t, (m = new Map()));
    const prev = m.get(u);
    if (prev === undefined || ms < prev) m.set(u, ms);
  }
  const periods: PeriodCluster[] = [];
  for (const [t, m] of [...firsts].sort((a, b) => a[0] - b[0])) {
    if (m.size < 2) continue;
    periods.push(periodCluster(t, [...m].sort((a, b) => a[1] - b[1]), times[t]!));
  }
  return {
    kind: rows.filerKind[f]!,
    key: rows.filerKey[f]!,
    units: [...units],
    rows: list.length,
    firstT,
    ips: [...ips],
    accounts: [...accounts],
    periods,
    log10Timing: log10FisherCombined(periods.map((c) => c.log10P)),
  };
}

/** The tightest cluster of one filer's first filings of period t (sorted by time) among all the period's filings. */
function periodCluster(t: number, filings: [number, number][], all: Float64Array): PeriodCluster {
  const m = filings.length;
  const before = new Int32Array(m);
  const upTo = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const x = filings[i]![1];
    let ownBefore = i;
    while (ownBefore > 0 && filings[ownBefore - 1]![1] === x) ownBefore--;
    let ownUpTo = i + 1;
    while (ownUpTo < m && filings[ownUpTo]![1] === x) ownUpTo++;
    before[i] = Math.max(0, lowerBound(all, x) - ownBefore);
    upTo[i] = Math.max(before[i]!, upperBound(all, x) - ownUpTo);
  }
  const c = tightestCluster(before, upTo, m, Math.max(0, all.length - m));
  return {
    t,
    filed: m,
    units: filings.slice(c.from, c.to + 1).map((x) => x[0]),
    fromMs: filings[c.from]![1],
    toMs: filings[c.to]![1],
    width: c.width,
    log10P: c.log10P,
  };
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
  const out: ClassifiedRows = { n: 0, row: new Int32Array(N), u: new Int32Array(N), t: new Int32Array(N), ms: new Float64Array(N), filer: new Int32Array(N), filerKind: [], filerKey: [], multi: new Uint8Array(0) };
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
    if (u !== undefined) [prevUnit, prevUnitId] = [u, s.unit_id];
    if (u === undefined || t === undefined) continue;
    if (s.submitter_account !== prevAccount) [prevAccount, prevRec] = [s.submitter_account, data.accounts.get(s.submitter_account)];
    if (s.submitter_ip !== prevIp) [prevIp, prevOffice] = [s.submitter_ip, officeOf(s.submitter_ip)];
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
