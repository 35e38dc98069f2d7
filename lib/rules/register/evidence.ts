/**
 * Shared evidence for the register rules: window sums over the reference matrices, each unit's
 * own tax/revenue ratio and electricity intensity, and their distributions among peers.
 *
 * Why peers: a register event is judged on the 12 months around it, often before the unit
 * filed any report, so the unit's own history may be empty. The ratio of tax-declared sales to
 * revenue and the kWh per thousand yuan are properties of the trade (VAT coverage differs
 * between retail and wholesale, a steel mill burns a hundred times a trader's power), so the
 * same category or industry division tells what tax and the meter should show for a declared
 * revenue. Computed once per district (WeakMap cache), O(units × periods).
 */
import type { DistrictData, UnitInfo } from '../../engine/district-data';
import { periodToMonth } from '../../engine/district-data';
import { median } from '../../stats/robust';
import { quantileSorted } from '../../stats/quantile';

export interface WindowStat {
  /** Months in the window with a value. */
  n: number;
  sum: number;
  /** Sum scaled to 12 months (NaN when n = 0). */
  annual: number;
  /** Median monthly value (NaN when n = 0). */
  median: number;
}

/** Column index of a period (may lie outside 0..P−1 when the period is outside the data). */
export function periodColumn(data: DistrictData, period: string): number {
  const t = data.periodIndex.get(period);
  if (t !== undefined) return t;
  if (data.P === 0) return 0;
  return periodToMonth(period) - periodToMonth(data.periods[0]!);
}

/** Statistics of matrix row `u` over columns [from, to] (inclusive, clipped), ignoring NaN. */
export function windowStat(data: DistrictData, m: Float64Array, u: number, from: number, to: number): WindowStat {
  const a = Math.max(0, from);
  const b = Math.min(data.P - 1, to);
  const vals: number[] = [];
  let sum = 0;
  for (let t = a; t <= b; t++) {
    const v = m[u * data.P + t]!;
    if (Number.isNaN(v)) continue;
    vals.push(v);
    sum += v;
  }
  const n = vals.length;
  return { n, sum, annual: n ? (sum * 12) / n : Number.NaN, median: n ? median(vals) : Number.NaN };
}

export interface PeerDistribution {
  key: string;
  n: number;
  median: number;
  q10: number;
  q90: number;
}

export interface UnitProfiles {
  /** Per unit: median over months of tax-declared sales / reported revenue (NaN if < 3 months). */
  taxRatio: Float64Array;
  /** Per unit: Σ grid kWh / Σ reported revenue over months with both (NaN if < 3 months). */
  kwhIntensity: Float64Array;
  /** Per unit: Σ reported revenue / Σ insured headcount, i.e. monthly revenue per insured head. */
  revenuePerHead: Float64Array;
  /** Peer distribution of a profile for a unit: its category × division if large enough, else its category, else all. */
  peers(profile: 'taxRatio' | 'kwhIntensity' | 'revenuePerHead', unit: { category: string; industryCode: string }): PeerDistribution | null;
}

const MIN_MONTHS = 3;
/** Smallest peer group whose quantiles are used; smaller groups fall back to the category. */
export const MIN_PEERS = 8;

function distribution(key: string, values: number[]): PeerDistribution | null {
  if (values.length < MIN_PEERS) return null;
  const s = Float64Array.from(values).sort();
  return { key, n: s.length, median: quantileSorted(s, 0.5), q10: quantileSorted(s, 0.1), q90: quantileSorted(s, 0.9) };
}

const cache = new WeakMap<DistrictData, UnitProfiles>();

export function unitProfiles(data: DistrictData): UnitProfiles {
  const hit = cache.get(data);
  if (hit) return hit;
  const { P, units } = data;
  const U = units.length;
  const taxRatio = new Float64Array(U).fill(Number.NaN);
  const kwhIntensity = new Float64Array(U).fill(Number.NaN);
  const revenuePerHead = new Float64Array(U).fill(Number.NaN);
  const buf = new Float64Array(P);
  for (let u = 0; u < U; u++) {
    let k = 0;
    let kwh = 0;
    let kwhRev = 0;
    let kwhN = 0;
    let heads = 0;
    let headRev = 0;
    let headN = 0;
    for (let t = 0; t < P; t++) {
      const c = u * P + t;
      const rev = data.revenue[c]!;
      if (!(rev > 0)) continue;
      const tax = data.taxSales[c]!;
      if (tax >= 0) buf[k++] = tax / rev;
      const g = data.gridKwh[c]!;
      if (g >= 0) {
        kwh += g;
        kwhRev += rev;
        kwhN++;
      }
      const h = data.insured[c]!;
      if (h > 0) {
        heads += h;
        headRev += rev;
        headN++;
      }
    }
    if (k >= MIN_MONTHS) taxRatio[u] = median(buf.subarray(0, k));
    if (kwhN >= MIN_MONTHS && kwhRev > 0) kwhIntensity[u] = kwh / kwhRev;
    if (headN >= MIN_MONTHS) revenuePerHead[u] = headRev / heads;
  }
  const groups = new Map<string, PeerDistribution | null>();
  const arrays = { taxRatio, kwhIntensity, revenuePerHead };
  // Known units (in index order) by category and by category × two-digit division, so that a
  // peer group is read from its members instead of a scan of the district per group.
  const byCategory = new Map<string, number[]>();
  const byDivision = new Map<string, number[]>();
  const known: number[] = [];
  for (let u = 0; u < U; u++) {
    const x = units[u]!;
    if (!x.known) continue;
    known.push(u);
    let c = byCategory.get(x.category);
    if (!c) byCategory.set(x.category, (c = []));
    c.push(u);
    if (x.industryCode.length >= 2) {
      const k = `${x.category}|${x.industryCode.slice(0, 2)}`;
      let d = byDivision.get(k);
      if (!d) byDivision.set(k, (d = []));
      d.push(u);
    }
  }
  const collect = (profile: keyof typeof arrays, key: string, members: readonly number[] | null, accept: (u: UnitInfo) => boolean): PeerDistribution | null => {
    const cacheKey = `${profile}#${key}`;
    if (groups.has(cacheKey)) return groups.get(cacheKey)!;
    const values: number[] = [];
    const arr = arrays[profile];
    if (members) {
      for (const u of members) if (Number.isFinite(arr[u]!)) values.push(arr[u]!);
    } else {
      for (let u = 0; u < U; u++) if (units[u]!.known && accept(units[u]!) && Number.isFinite(arr[u]!)) values.push(arr[u]!);
    }
    const d = distribution(key, values);
    groups.set(cacheKey, d);
    return d;
  };
  const profiles: UnitProfiles = {
    taxRatio,
    kwhIntensity,
    revenuePerHead,
    peers(profile, unit) {
      const division = unit.industryCode.slice(0, 2);
      const key = `${unit.category}|${division}`;
      // A code shorter than two digits is a prefix of several divisions: that group is scanned.
      const divisionMembers = division.length === 2 ? (byDivision.get(key) ?? []) : null;
      return (
        collect(profile, key, divisionMembers, (x) => x.category === unit.category && x.industryCode.startsWith(division)) ??
        collect(profile, unit.category, byCategory.get(unit.category) ?? [], (x) => x.category === unit.category) ??
        collect(profile, 'all', known, () => true)
      );
    },
  };
  cache.set(data, profiles);
  return profiles;
}

/** A peer distribution of a physical profile is only meaningful within a trade: the all-units fallback is dropped. */
export function usable(d: PeerDistribution | null): PeerDistribution | null {
  return d && d.key !== 'all' ? d : null;
}

/** Fallback tax/revenue ratio when no peer group is large enough (VAT-declared sales ≈ revenue). */
export const DEFAULT_TAX_RATIO = { median: 0.95, q10: 0.85 };

/** Latest market-status row of a unit, and the latest row that carries a registered industry code. */
export function latestMarketStatus(data: DistrictData, u: number) {
  const rows = data.marketStatus.get(u);
  if (!rows?.length) return { latest: undefined, withIndustry: undefined, withScope: undefined };
  const latest = rows[rows.length - 1];
  let withIndustry;
  let withScope;
  for (let i = rows.length - 1; i >= 0 && (!withIndustry || !withScope); i--) {
    if (!withIndustry && rows[i]!.registered_industry_code) withIndustry = rows[i];
    if (!withScope && rows[i]!.business_scope) withScope = rows[i];
  }
  return { latest, withIndustry, withScope };
}

export function fmt(x: number, digits = 0): string {
  return Number.isFinite(x) ? x.toFixed(digits) : 'n/a';
}
