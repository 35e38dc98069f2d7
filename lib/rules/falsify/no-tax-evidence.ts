/**
 * Evidence for units without monthly tax records: revenue against metered electricity with the
 * season taken out, and level shifts of a unit's own series over an episode.
 *
 * Why the peers' calendar: a restaurant's or hotel's meter follows the weather (air conditioning,
 * heating) and its revenue the holidays, so its revenue per kWh has a season of its own. Units
 * of the same kind in the same district share that calendar: the median over the peer group, in
 * each month, of each member's deviation from its own usual ratio is the season, and what is left
 * of the unit's ratio after it is the unit's own doing.
 */
import type { DistrictData } from '../../engine/district-data';
import { peerKey } from '../../engine/district-data';
import { medianInPlace } from './robust-series';

export interface KwhSeason {
  /** Per peer group (or `category|*` for small groups): per month, the peers' median deviation of ln(revenue / kWh). */
  byKey: Map<string, Float64Array>;
  keyOf: string[];
}

const cache = new WeakMap<DistrictData, KwhSeason>();

/** Members used at most per group for the season (first in register order). */
const MAX_MEMBERS = 300;
/** Members with a usable series needed per month. */
const MIN_MEMBERS = 5;

/** The season of ln(revenue / kWh) per peer group, from the members' deviations from their own medians (cached per district). */
export function seasonOf(data: DistrictData): KwhSeason {
  const hit = cache.get(data);
  if (hit) return hit;
  const { P } = data;
  const buf = new Float64Array(Math.max(P, MAX_MEMBERS * 4));
  const dev = (members: number[]): Float64Array | null => {
    const rows: Float64Array[] = [];
    for (const p of members) {
      if (rows.length >= MAX_MEMBERS) break;
      let n = 0;
      for (let t = 0; t < P; t++) {
        const r = data.revenue[p * P + t]!;
        const k = data.gridKwh[p * P + t]!;
        if (r > 0 && k > 0) buf[n++] = Math.log(r / k);
      }
      if (n < Math.min(12, P)) continue;
      const c = medianInPlace(buf, n);
      const d = new Float64Array(P).fill(Number.NaN);
      for (let t = 0; t < P; t++) {
        const r = data.revenue[p * P + t]!;
        const k = data.gridKwh[p * P + t]!;
        if (r > 0 && k > 0) d[t] = Math.log(r / k) - c;
      }
      rows.push(d);
    }
    if (rows.length < MIN_MEMBERS) return null;
    const out = new Float64Array(P).fill(Number.NaN);
    for (let t = 0; t < P; t++) {
      let n = 0;
      for (const d of rows) if (!Number.isNaN(d[t]!)) buf[n++] = d[t]!;
      if (n >= MIN_MEMBERS) out[t] = medianInPlace(buf, n);
    }
    return out;
  };
  const byKey = new Map<string, Float64Array>();
  const byCategory = new Map<string, number[]>();
  for (const [key, members] of data.peerGroups) {
    const cat = key.slice(0, key.indexOf('|'));
    const list = byCategory.get(cat);
    if (list) list.push(...members);
    else byCategory.set(cat, [...members]);
    const s = dev(members);
    if (s) byKey.set(key, s);
  }
  for (const [cat, members] of byCategory) {
    // Evenly spread sample of the category for groups too small for their own season.
    const step = Math.max(1, Math.floor(members.length / MAX_MEMBERS));
    const s = dev(members.filter((_, i) => i % step === 0));
    if (s) byKey.set(`${cat}|*`, s);
  }
  const keyOf = data.units.map((u) => {
    const k = peerKey(u);
    return byKey.has(k) ? k : `${u.category}|*`;
  });
  const season: KwhSeason = { byKey, keyOf };
  cache.set(data, season);
  return season;
}

/** ln(revenue / kWh) of unit u per month minus its peers' season (NaN where either is missing); written into `out`. */
export function adjustedKwhRatio(data: DistrictData, u: number, season: KwhSeason, out: Float64Array): void {
  const { P } = data;
  const s = season.byKey.get(season.keyOf[u]!);
  for (let t = 0; t < P; t++) {
    const r = data.revenue[u * P + t]!;
    const k = data.gridKwh[u * P + t]!;
    out[t] = r > 0 && k > 0 ? Math.log(r / k) - (s && !Number.isNaN(s[t]!) ? s[t]! : 0) : Number.NaN;
  }
}

/** Median log level of m over the months flagged in `inEp` minus over the others (NaN with too few). */
export function levelShift(m: Float64Array, row: number, inEp: Uint8Array, P: number, buf: Float64Array, buf2: Float64Array): number {
  let ni = 0;
  let no = 0;
  for (let t = 0; t < P; t++) {
    const v = m[row + t]!;
    if (!(v > 0)) continue;
    if (inEp[t]) buf[ni++] = Math.log(v);
    else buf2[no++] = Math.log(v);
  }
  return ni >= 2 && no >= 3 ? medianInPlace(buf, ni) - medianInPlace(buf2, no) : Number.NaN;
}
