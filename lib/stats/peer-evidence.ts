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
