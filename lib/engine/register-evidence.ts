/**
 * Evidence about a register entry shared by the rules that judge entries (REGISTER.FAKE_ENTRY
 * and RENT.THRESHOLD): what the tax records of the 12 months ending with the entry month — the
 * contract's window for `declared_annual_revenue` — say of the declared revenue, judged against
 * the same ratio among the unit's peers over the same months.
 *
 * Why sums over whole windows, never monthly ratios: a tenth of units declare VAT by quarter
 * (nothing in two months, the quarter's total in the third) and some sales are declared a month
 * late. Any 12 consecutive months hold four quarter totals, so the sum over the window is a year
 * of sales for monthly and quarterly declarers alike, and a late month moves little; a monthly
 * ratio's quantiles collapse to 0 as soon as a tenth of the peers file by quarter.
 *
 * Why peers over the same months: the revenue/tax ratio is a property of the trade (VAT coverage,
 * exempt lines) and drifts with the year; the peers' 12-month ratios in the entry's own window
 * give both its centre and its honest spread, and absorb any district-wide movement.
 */
import type { DistrictData } from './district-data';
import { peerKey, periodToMonth } from './district-data';
import { logRatioExcess, logRatioNull, type LogRatioNull } from '../stats/log-ratio-null';

/** Fewer peers than this in the category × division group: the whole category is used. */
export const MIN_WINDOW_PEERS = 8;
/** Groups up to this size are recomputed without the unit itself. */
const EXCLUDE_SELF_BELOW = 50;

/** Column index of a period (outside 0..P−1 when the period is outside the data). */
export function columnOf(data: DistrictData, period: string): number {
  const t = data.periodIndex.get(period);
  if (t !== undefined) return t;
  return data.P === 0 ? 0 : periodToMonth(period) - periodToMonth(data.periods[0]!);
}

/** Σ and count of the non-missing values of row u over columns [from, to] (clipped). */
export function rowSum(data: DistrictData, m: Float64Array, u: number, from: number, to: number): { n: number; sum: number } {
  let n = 0;
  let sum = 0;
  for (let t = Math.max(0, from); t <= Math.min(data.P - 1, to); t++) {
    const v = m[u * data.P + t]!;
    if (Number.isNaN(v)) continue;
    n++;
    sum += v;
  }
  return { n, sum };
}

/**
 * ln of (Σ num over the months of `numMask`, annualised to the span) / (Σ den over the months of
 * `denMask`, likewise) for row u, when every masked month is filed (NaN otherwise); a null mask
 * means every month of [from, to]. Why masks: a unit with tax (or reports) in only some months of
 * a window is judged by annualising those months; its peers are put through the same
 * annualisation of the same months, so that the season and quarterly filing weigh on them as
 * they weigh on the unit.
 */
function maskedLogRatio(data: DistrictData, num: Float64Array, den: Float64Array, u: number, from: number, to: number, numMask: readonly number[] | null, denMask: readonly number[] | null): number {
  const span = to - from + 1;
  const sum = (m: Float64Array, mask: readonly number[] | null): number => {
    let s = 0;
    const n = mask ? mask.length : span;
    for (let i = 0; i < n; i++) {
      const v = m[u * data.P + (mask ? mask[i]! : from + i)]!;
      if (Number.isNaN(v)) return Number.NaN;
      s += v;
    }
    return n ? (s * span) / n : Number.NaN;
  };
  const a = sum(num, numMask);
  const b = a > 0 ? sum(den, denMask) : Number.NaN;
  return a > 0 && b > 0 ? Math.log(a / b) : Number.NaN;
}

/** Months of [from, to] in which row u of m is filed. */
export function filedMonths(data: DistrictData, m: Float64Array, u: number, from: number, to: number): number[] {
  const out: number[] = [];
  for (let t = Math.max(0, from); t <= Math.min(data.P - 1, to); t++) if (!Number.isNaN(m[u * data.P + t]!)) out.push(t);
  return out;
}

export interface PeerWindowNull extends LogRatioNull {
  /** The peer group used: `category|division`, or `category|*` when the group is small. */
  group: string;
}

const nullCache = new WeakMap<DistrictData, Map<string, Float64Array>>();

/**
 * The peers' distribution of ln(Σ num / Σ den) over columns [from, to] (clipped to the data; each
 * side annualised from the months of its mask when given, see maskedLogRatio): the unit's
 * category × division, or its category when that group has fewer than MIN_WINDOW_PEERS usable
 * members; the unit itself left out. `tag` names the pair of matrices for the cache.
 */
export function peerWindowNull(
  data: DistrictData,
  u: number,
  tag: string,
  num: Float64Array,
  den: Float64Array,
  from: number,
  to: number,
  sigmaFloor: number,
  numMask: readonly number[] | null = null,
  denMask: readonly number[] | null = null,
): PeerWindowNull | null {
  const a = Math.max(0, from);
  const b = Math.min(data.P - 1, to);
  if (b < a) return null;
  let cache = nullCache.get(data);
  if (!cache) nullCache.set(data, (cache = new Map()));
  const unit = data.units[u]!;
  const full = (m: readonly number[] | null) => (m && m.length < b - a + 1 ? m : null);
  const nm = full(numMask);
  const dm = full(denMask);
  const own = maskedLogRatio(data, num, den, u, a, b, nm, dm);
  const values = (group: string, members: () => number[]): Float64Array => {
    const key = `${tag}|${group}|${a}|${b}|${nm ? nm.join(',') : 'all'}|${dm ? dm.join(',') : 'all'}`;
    let v = cache!.get(key);
    if (!v) {
      const out: number[] = [];
      for (const i of members()) {
        if (!data.units[i]!.known) continue;
        const r = maskedLogRatio(data, num, den, i, a, b, nm, dm);
        if (Number.isFinite(r)) out.push(r);
      }
      cache!.set(key, (v = Float64Array.from(out)));
    }
    return v;
  };
  const judge = (group: string, v: Float64Array): PeerWindowNull | null => {
    let use: ArrayLike<number> = v;
    // The unit's own ratio, if it filed the window, must not pull its own null towards itself.
    if (Number.isFinite(own) && unit.known && v.length <= EXCLUDE_SELF_BELOW) {
      const i = v.indexOf(own);
      if (i >= 0) use = [...v.subarray(0, i), ...v.subarray(i + 1)];
    }
    if (use.length < MIN_WINDOW_PEERS) return null;
    const nul = logRatioNull(use, sigmaFloor, MIN_WINDOW_PEERS);
    return nul ? { ...nul, group } : null;
  };
  const key = peerKey(unit);
  const cat = `${unit.category}|*`;
  return (
    judge(
      key,
      values(key, () => data.peerGroups.get(key) ?? []),
    ) ??
    judge(
      cat,
      values(cat, () => {
        const all: number[] = [];
        for (const [k, members] of data.peerGroups) if (k.startsWith(`${unit.category}|`)) all.push(...members);
        return all;
      }),
    )
  );
}

export interface WindowExcess {
  /** Months of the window in which the unit filed the numerator and the denominator. */
  numMonths: number;
  denMonths: number;
  /** Σ of each over those months (not annualised). */
  numSum: number;
  denSum: number;
  /** The unit's ln(Σ num / Σ den), each annualised over its months. */
  logRatio: number;
  peer: PeerWindowNull | null;
  z: number;
  log10P: number;
}

/**
 * How far a unit's ratio of two sources over [from, to] lies above its peers' over the same
 * months (annualised the same way): e.g. reported revenue over tax-declared sales after an entry,
 * or reported staff over insured heads.
 */
export function windowExcess(data: DistrictData, u: number, tag: string, num: Float64Array, den: Float64Array, from: number, to: number, sigmaFloor: number): WindowExcess {
  const nm = filedMonths(data, num, u, from, to);
  const dm = filedMonths(data, den, u, from, to);
  const s = (m: Float64Array, months: number[]) => months.reduce((acc, t) => acc + m[u * data.P + t]!, 0);
  const a = Math.max(0, from);
  const b = Math.min(data.P - 1, to);
  const logRatio = nm.length && dm.length ? maskedLogRatio(data, num, den, u, a, b, nm, dm) : Number.NaN;
  const peer = Number.isFinite(logRatio) ? peerWindowNull(data, u, tag, num, den, a, b, sigmaFloor, nm, dm) : null;
  const ex = peer ? logRatioExcess(logRatio, peer) : { z: Number.NaN, log10P: 0 };
  return { numMonths: nm.length, denMonths: dm.length, numSum: s(num, nm), denSum: s(den, dm), logRatio, peer, z: ex.z, log10P: ex.z > 0 ? ex.log10P : 0 };
}

export interface EntryTaxEvidence {
  /** Window of the declaration: the 12 months ending with the entry month (column indices, may lie outside the data). */
  from: number;
  to: number;
  declared: number;
  /** Months of the window with a tax record (a quarterly declarer's empty months count: they are filed as 0). */
  taxMonths: number;
  taxSum: number;
  /** Tax-declared sales of the window scaled to 12 months. */
  taxAnnual: number;
  /** ln(declared / taxAnnual). */
  logRatio: number;
  peer: PeerWindowNull | null;
  /** The unit's own ln(revenue / tax) over the 12 months before the window, when it filed them all. */
  own: number | null;
  /** Which centre judged the entry: the peers', or the unit's own history when that is the more lenient. */
  basis: 'peer' | 'own';
  /** Revenue the window's tax supports at that centre. */
  implied: number;
  /** z of the declaration over what tax supports, in units of the peers' predictive spread, and its log10 upper tail. */
  z: number;
  log10P: number;
}

/**
 * What the tax records say of an entry's declaration. `z` and `log10P` are NaN/0 without tax
 * records or peers. The unit's own ratio before the window (a returning unit) is used when it
 * makes the declaration less surprising: an exporter's zero-rated sales show in its own history.
 */
export function entryTaxEvidence(data: DistrictData, u: number, period: string, declared: number, sigmaFloor: number): EntryTaxEvidence {
  const to = columnOf(data, period);
  const from = to - 11;
  const tax = rowSum(data, data.taxSales, u, from, to);
  const taxAnnual = tax.n ? (tax.sum * 12) / tax.n : Number.NaN;
  const logRatio = taxAnnual > 0 && declared > 0 ? Math.log(declared / taxAnnual) : Number.NaN;
  const mask = filedMonths(data, data.taxSales, u, from, to);
  const peer = mask.length ? peerWindowNull(data, u, 'revenue/tax', data.revenue, data.taxSales, from, to, sigmaFloor, null, mask) : null;
  // A whole year before the window, filed in every month, so that quarterly filing cancels.
  const own = from - 12 >= 0 ? maskedLogRatio(data, data.revenue, data.taxSales, u, from - 12, from - 1, null, null) : Number.NaN;
  const ownOk = Number.isFinite(own);
  let basis: 'peer' | 'own' = 'peer';
  // No peers (a district of one unit, as in self-inspection): the unit's own quarters before the
  // window are its null; a quarter's ratio scatters more than a year's, so this is the lenient side.
  const nul = peer ?? (ownOk ? ownQuarterNull(data, u, from, sigmaFloor) : null);
  let centre = nul?.centre ?? Number.NaN;
  if (nul && ownOk && (!peer || own > centre)) {
    basis = 'own';
    centre = own;
  }
  const ex = nul && Number.isFinite(logRatio) ? logRatioExcess(logRatio, { ...nul, centre }) : { z: Number.NaN, log10P: 0 };
  return {
    from,
    to,
    declared,
    taxMonths: tax.n,
    taxSum: tax.sum,
    taxAnnual,
    logRatio,
    peer: nul,
    own: ownOk ? own : null,
    basis,
    implied: taxAnnual * Math.exp(centre),
    z: ex.z,
    log10P: ex.z > 0 ? ex.log10P : 0,
  };
}

/** The unit's own ln(revenue/tax) of each whole quarter before column `before` (at least four quarters). */
function ownQuarterNull(data: DistrictData, u: number, before: number, sigmaFloor: number): PeerWindowNull | null {
  const values: number[] = [];
  for (let q = before - 3; q >= 0; q -= 3) values.push(maskedLogRatio(data, data.revenue, data.taxSales, u, q, q + 2, null, null));
  const nul = logRatioNull(values, sigmaFloor, 4);
  return nul ? { ...nul, group: 'own quarters' } : null;
}
