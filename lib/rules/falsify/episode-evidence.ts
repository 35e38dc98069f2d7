/**
 * Evidence around a level-shift episode for the cross-source shift rule: the peers' ratio
 * changes over the same months (for the robust z-score and Hidiroglou–Berthelot), and whether
 * the reports still follow the business month to month.
 *
 * Why the same months for peers: a district-wide change (a tax rule, a tariff, a shock) moves
 * every unit's ratio in those months; only a change the peers did not share points at the unit.
 */
import type { DistrictData } from '../../engine/district-data';
import { medianInPlace } from './robust-series';
import { RowOrder, rowOrderOf } from './row-order';

/**
 * Per-run cache of peers' episode statistics. Candidates of one peer group share the group's
 * member list, and many share an episode too, so each member's medians over the same months
 * are computed once per run, on rows sorted once per district (RowOrder).
 */
export interface PeerShiftMemo {
  runs: Map<Float64Array, WeakMap<number[], Map<string, PeerRun>>>;
}

interface PeerRun {
  /** Members computed so far (a prefix of the member list). */
  n: number;
  valid: Uint8Array;
  x1: Float64Array;
  x2: Float64Array;
  shift: Float64Array;
}

export function peerShiftMemo(): PeerShiftMemo {
  return { runs: new Map() };
}

/** Key of the episode months: "start-end" for a contiguous block, else the whole mask. */
function episodeKey(inEp: Uint8Array, maxPeers: number): string {
  let first = -1;
  let last = -1;
  let count = 0;
  for (let t = 0; t < inEp.length; t++) {
    if (!inEp[t]) continue;
    if (first < 0) first = t;
    last = t;
    count++;
  }
  return count === last - first + 1 ? `${maxPeers}|${first}-${last}` : `${maxPeers}|${inEp.join('')}`;
}

/** Peers' shifts of one source's log ratio over the unit's episode and baseline months. */
export function peerShifts(data: DistrictData, source: Float64Array, u: number, inEp: Uint8Array, members: number[], maxPeers: number, buf: Float64Array, buf2: Float64Array, memo?: PeerShiftMemo) {
  const { P } = data;
  if (!memo || P > RowOrder.MAX_P) return peerShiftsDirect(data, source, u, inEp, members, maxPeers, buf, buf2);
  const order = rowOrderOf(data.revenue, source, P);
  let byMembers = memo.runs.get(source);
  if (!byMembers) memo.runs.set(source, (byMembers = new WeakMap()));
  let runs = byMembers.get(members);
  if (!runs) byMembers.set(members, (runs = new Map()));
  const key = episodeKey(inEp, maxPeers);
  let run = runs.get(key);
  if (!run) {
    const m = members.length;
    runs.set(key, (run = { n: 0, valid: new Uint8Array(m), x1: new Float64Array(m), x2: new Float64Array(m), shift: new Float64Array(m) }));
  }
  const ids: number[] = [];
  const x1: number[] = [];
  const x2: number[] = [];
  const shifts: number[] = [];
  for (let j = 0; j < members.length; j++) {
    const p = members[j]!;
    if (p === u) continue;
    if (ids.length >= maxPeers) break;
    while (run.n <= j) {
      order.split(members[run.n]!, inEp);
      if (order.nIn >= 2 && order.nOut >= 3) {
        const mi = order.medianIn;
        const mo = order.medianOut;
        run.valid[run.n] = 1;
        run.x1[run.n] = Math.exp(mo);
        run.x2[run.n] = Math.exp(mi);
        run.shift[run.n] = mi - mo;
      }
      run.n++;
    }
    if (!run.valid[j]) continue;
    ids.push(p);
    x1.push(run.x1[j]!);
    x2.push(run.x2[j]!);
    shifts.push(run.shift[j]!);
  }
  return { ids, x1, x2, shifts };
}

function peerShiftsDirect(data: DistrictData, source: Float64Array, u: number, inEp: Uint8Array, members: number[], maxPeers: number, buf: Float64Array, buf2: Float64Array) {
  const { P } = data;
  const ids: number[] = [];
  const x1: number[] = [];
  const x2: number[] = [];
  const shifts: number[] = [];
  for (const p of members) {
    if (p === u) continue;
    if (ids.length >= maxPeers) break;
    let ni = 0;
    let no = 0;
    for (let t = 0; t < P; t++) {
      const r = data.revenue[p * P + t]!;
      const x = source[p * P + t]!;
      if (!(r > 0 && x > 0)) continue;
      if (inEp[t]) buf[ni++] = Math.log(r / x);
      else buf2[no++] = Math.log(r / x);
    }
    if (ni < 2 || no < 3) continue;
    const mi = medianInPlace(buf, ni);
    const mo = medianInPlace(buf2, no);
    ids.push(p);
    x1.push(Math.exp(mo));
    x2.push(Math.exp(mi));
    shifts.push(mi - mo);
  }
  return { ids, x1, x2, shifts };
}

/**
 * MAD of month-to-month log changes of reported revenue over that of the cross source, over the
 * whole series (the single jump of a mark-up does not move a MAD; short episodes give too few
 * pairs). ≈ 1 when the report is the business times a factor; ≈ 0 for a flat or smooth invented
 * series.
 */
export function trackingRatio(data: DistrictData, u: number, source: Float64Array, buf: Float64Array, buf2: Float64Array): number {
  const { P } = data;
  const collect = (from: number, to: number) => {
    let n = 0;
    for (let t = from + 1; t <= to; t++) {
      const r0 = data.revenue[u * P + t - 1]!;
      const r1 = data.revenue[u * P + t]!;
      const x0 = source[u * P + t - 1]!;
      const x1 = source[u * P + t]!;
      if (!(r0 > 0 && r1 > 0 && x0 > 0 && x1 > 0)) continue;
      buf[n] = Math.log(r1 / r0);
      buf2[n++] = Math.log(x1 / x0);
    }
    return n;
  };
  const n = collect(0, P - 1);
  if (n < 4) return Number.NaN;
  const mad = (b: Float64Array) => {
    const m = medianInPlace(b, n);
    for (let i = 0; i < n; i++) b[i] = Math.abs(b[i]! - m);
    return medianInPlace(b, n);
  };
  const dx = mad(buf2);
  return dx > 0 ? mad(buf) / dx : Number.NaN;
}
