/**
 * Shared helpers of the falsify rules: robust location/scale on preallocated typed buffers
 * and, per district, every unit's usual ratio of reported revenue to what other departments
 * see (tax-declared sales, grid-metered kWh) with its peer-group distribution.
 *
 * Why buffers: the rules run over ~42 000 units × 24 months; medians are taken on a scratch
 * Float64Array (sorted in place, then `quantileSorted` from lib/stats) so no per-unit arrays are
 * allocated in the hot loops. Why log ratios: a mark-up of reported revenue over the unit's real
 * business is multiplicative, and seasonality and real growth cancel in revenue / tax and
 * revenue / kWh, so the log ratio is flat for an honest unit whatever its business does.
 */
import type { RegisterEventRecord } from '../../contract/schemas';
import type { DistrictData } from '../../engine/district-data';
import { peerKey } from '../../engine/district-data';
import { MAD_SCALE } from '../../stats/robust';
import { quantileSorted } from '../../stats/quantile';

/**
 * Median of buf[0..n) — sorts that prefix in place. NaN when n = 0. Short prefixes (a unit's
 * months) are insertion-sorted without allocating; longer ones use the native sort and
 * `quantileSorted`.
 */
export function medianInPlace(buf: Float64Array, n: number): number {
  if (n <= 0) return Number.NaN;
  if (n > 64) return quantileSorted(buf.subarray(0, n).sort(), 0.5);
  for (let i = 1; i < n; i++) {
    const v = buf[i]!;
    let j = i - 1;
    while (j >= 0 && buf[j]! > v) {
      buf[j + 1] = buf[j]!;
      j--;
    }
    buf[j + 1] = v;
  }
  const h = n >> 1;
  return n & 1 ? buf[h]! : (buf[h - 1]! + buf[h]!) / 2;
}

/** Median and σ-consistent MAD (1.4826·MAD) of buf[0..n); `work` is a second scratch buffer. Sorts buf. */
export function medianMad(buf: Float64Array, n: number, work: Float64Array): { median: number; sigma: number } {
  const med = medianInPlace(buf, n);
  for (let i = 0; i < n; i++) work[i] = Math.abs(buf[i]! - med);
  return { median: med, sigma: MAD_SCALE * medianInPlace(work, n) };
}

/** Robust centre and spread of a small list (peer statistics; not for hot loops). */
export function robustStats(values: number[]): { n: number; median: number; sigma: number } {
  const buf = Float64Array.from(values.filter((v) => Number.isFinite(v)));
  const work = new Float64Array(buf.length);
  const { median, sigma } = medianMad(buf, buf.length, work);
  return { n: buf.length, median, sigma };
}

export interface RatioProfiles {
  /** Per unit: median over months of ln(revenue / tax sales); NaN with fewer than `minMonths` months. */
  lnTax: Float64Array;
  /** Per unit: median over months of ln(revenue / grid kWh). */
  lnKwh: Float64Array;
  /** Peer group key per unit (category|division). */
  key: string[];
}

const cache = new WeakMap<DistrictData, RatioProfiles>();

/** Every unit's usual log ratios of reported revenue to tax sales and to metered kWh (cached per district). */
export function ratioProfiles(data: DistrictData, minMonths = 3): RatioProfiles {
  const hit = cache.get(data);
  if (hit) return hit;
  const { P, units } = data;
  const U = units.length;
  const lnTax = new Float64Array(U).fill(Number.NaN);
  const lnKwh = new Float64Array(U).fill(Number.NaN);
  const bufT = new Float64Array(P);
  const bufK = new Float64Array(P);
  for (let u = 0; u < U; u++) {
    let nt = 0;
    let nk = 0;
    const row = u * P;
    for (let t = 0; t < P; t++) {
      const r = data.revenue[row + t]!;
      if (!(r > 0)) continue;
      const x = data.taxSales[row + t]!;
      const k = data.gridKwh[row + t]!;
      if (x > 0) bufT[nt++] = Math.log(r / x);
      if (k > 0) bufK[nk++] = Math.log(r / k);
    }
    if (nt >= minMonths) lnTax[u] = medianInPlace(bufT, nt);
    if (nk >= minMonths) lnKwh[u] = medianInPlace(bufK, nk);
  }
  const profiles: RatioProfiles = { lnTax, lnKwh, key: units.map((x) => peerKey(x)) };
  cache.set(data, profiles);
  return profiles;
}

export interface PeerRatio {
  /** Where the distribution comes from: the peer group, or the whole category when the group is small. */
  basis: string;
  n: number;
  median: number;
  sigma: number;
}

/** Per-run cache of peer-group members and statistics. */
export interface PeerMemo {
  members: Map<string, number[]>;
  stats: Map<string, { values: number[]; stats: PeerRatio } | null>;
  /** Register entry events by unit id, in file order (built by the threshold rule on first use). */
  entries?: Map<string, RegisterEventRecord[]>;
}

export function peerMemo(): PeerMemo {
  return { members: new Map(), stats: new Map() };
}

/** Groups up to this size are recomputed without the unit itself; larger ones use the cached all-member statistics. */
const EXCLUDE_SELF_BELOW = 50;

/**
 * The distribution of a per-unit log ratio among a unit's peers: its peer group, or its
 * category when the group has fewer than `minPeers` usable units. Small groups leave the unit
 * itself out (it would pull the median towards itself); large groups use statistics computed
 * once per group, so each call is O(1) after the first.
 */
export function peerRatio(data: DistrictData, values: Float64Array, tag: string, u: number, minPeers: number, memo: PeerMemo): PeerRatio | null {
  const unit = data.units[u]!;
  const collect = (basis: string, members: () => number[]): PeerRatio | null => {
    const cacheKey = `${tag}|${basis}`;
    let entry = memo.stats.get(cacheKey);
    if (entry === undefined) {
      let list = memo.members.get(basis);
      if (!list) memo.members.set(basis, (list = members()));
      const vals: number[] = [];
      for (const i of list) if (Number.isFinite(values[i]!)) vals.push(values[i]!);
      const st = robustStats(vals);
      entry = vals.length ? { values: vals, stats: { basis, n: st.n, median: st.median, sigma: st.sigma } } : null;
      memo.stats.set(cacheKey, entry);
    }
    if (!entry) return null;
    const own = values[u]!;
    // Both bases are built from the unit's own group or category, so a known unit is a member.
    const includesSelf = Number.isFinite(own) && unit.known;
    if (entry.values.length - (includesSelf ? 1 : 0) < minPeers) return null;
    if (!includesSelf || entry.values.length > EXCLUDE_SELF_BELOW) return entry.stats;
    const others = [...entry.values];
    others.splice(others.indexOf(own), 1);
    const st = robustStats(others);
    return { basis, n: st.n, median: st.median, sigma: st.sigma };
  };
  const key = peerKey(unit);
  return (
    collect(key, () => data.peerGroups.get(key) ?? []) ??
    collect(`${unit.category}|*`, () => {
      const all: number[] = [];
      for (const [k, members] of data.peerGroups) if (k.startsWith(`${unit.category}|`)) all.push(...members);
      return all;
    })
  );
}
