/**
 * Evidence of a register fact or an activity profile against the district's own units.
 *
 * Why these two forms: a register rule combines record facts (a licence code of another trade, a
 * blank output field) with physical profiles (kWh per yuan, revenue per head). A record fact is
 * only as telling as it is rare among the district's units — how often it occurs there is its
 * probability under the null (`shareOf`, Laplace-smoothed so that a fact never seen is not
 * "impossible"). A profile is judged by where the unit's value lies among its peers on a log
 * scale, with a robust centre and scale (median, 1.4826·MAD) so that the frauds in the tail do not
 * widen the null that should expose them (`logProfileTail`).
 */
import { log10NormalUpper } from './tails';
import { MAD_SCALE, median } from './robust';

/** Laplace-smoothed share k/n of units showing a fact: (k + 1) / (n + 2); 1 when n = 0. */
export function shareOf(k: number, n: number): number {
  return n > 0 ? Math.min(1, (k + 1) / (n + 2)) : 1;
}

export interface LogProfile {
  /** Median of ln(value) over the peers. */
  centre: number;
  /** 1.4826·MAD of ln(value), at least `minScale`. */
  scale: number;
  n: number;
}

/** Robust centre and scale of ln(values) (positive finite values only); null below `minPeers`. */
export function logProfile(values: Iterable<number>, minPeers: number, minScale: number): LogProfile | null {
  const logs: number[] = [];
  for (const v of values) if (v > 0 && Number.isFinite(v)) logs.push(Math.log(v));
  if (logs.length < minPeers) return null;
  const centre = median(logs);
  const dev = logs.map((x) => Math.abs(x - centre));
  return { centre, scale: Math.max(minScale, MAD_SCALE * median(dev)), n: logs.length };
}

/**
 * log10 of the one-sided tail of a unit's value among its peers, toward `direction` (+1 above,
 * −1 below): P(Z ≥ direction · (ln value − centre) / scale) under a normal null.
 */
export function logProfileTail(value: number, peers: LogProfile, direction: 1 | -1): { z: number; log10P: number } {
  if (!(value > 0) || !Number.isFinite(value)) return { z: Number.NaN, log10P: 0 };
  const z = (direction * (Math.log(value) - peers.centre)) / peers.scale;
  return { z, log10P: log10NormalUpper(z) };
}

/**
 * Empirical upper-tail p-value of `value` among `values` (the unit itself included, so never 0):
 * the share of values at least as large. For a fact whose strength is a share (e.g. of months with
 * a blank field), where no parametric null is credible.
 */
export function empiricalUpper(value: number, values: readonly number[]): number {
  if (!values.length) return 1;
  let k = 0;
  for (const v of values) if (v >= value) k++;
  return Math.max(1, k) / values.length;
}

/**
 * Surprisal of a value among the district's values toward `direction` (+1: larger is rarer,
 * −1: smaller is rarer): −log10 of the share of values at least as extreme, the value's own
 * record included (so 0 for the commonest value and at most log10 n).
 */
export function surprisal(value: number, values: readonly number[], direction: 1 | -1 = 1): number {
  if (!values.length || !Number.isFinite(value)) return 0;
  let k = 0;
  for (const v of values) if (direction * (v - value) >= 0) k++;
  return -Math.log10(Math.max(1, k) / values.length);
}

/**
 * log10 P(W₁ + … + W_k ≥ observed) when each Wᵢ is drawn independently from `nulls[i]` (a fact's
 * surprisal for every record of the reference set, each equally likely): how rare the sum of a
 * record's surprisals would be if its facts were unrelated. Every fact is judged by the district's
 * own distribution, so a fact that a third of the records show weighs 0.48 however it looks, and a
 * record showing nothing unusual scores 0. Exact up to `resolution` (null weights are rounded up,
 * the observed sum down: the tail is never understated).
 */
export function log10SurprisalSumTail(nulls: readonly (readonly number[])[], observed: number, resolution = 0.01): number {
  if (!(observed > 0)) return 0;
  let pmf = new Float64Array([1]);
  for (const ws of nulls) {
    if (!ws.length) continue;
    const counts = new Map<number, number>();
    for (const w of ws) {
      const b = Math.max(0, Math.ceil(w / resolution - 1e-9));
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
    let max = 0;
    for (const b of counts.keys()) if (b > max) max = b;
    const next = new Float64Array(pmf.length + max);
    for (const [b, c] of counts) {
      const p = c / ws.length;
      for (let i = 0; i < pmf.length; i++) if (pmf[i]) next[i + b]! += pmf[i]! * p;
    }
    pmf = next;
  }
  const from = Math.floor(observed / resolution + 1e-9);
  let tail = 0;
  for (let i = Math.min(from, pmf.length); i < pmf.length; i++) tail += pmf[i]!;
  return tail > 0 ? Math.min(0, Math.log10(tail)) : Number.NEGATIVE_INFINITY;
}
