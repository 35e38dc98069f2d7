/**
 * A null for one unit's log ratio of two sources (e.g. ln(declared revenue / tax-declared sales))
 * estimated from its peers' log ratios over the same months, and the upper tail of the unit's
 * value under it.
 *
 * Why robust centre and spread: the peers include a few units whose reports are themselves
 * lifted, and the very frauds sought sit in the tail; median and 1.4826·MAD ignore them. Why a
 * floor on the spread: a group whose members happen to share one ratio in a window does not make
 * the ratio of the next unit known to better than the ordinary year-to-year movement of a unit's
 * ratio (invoice timing, a sale declared late), which the caller states. Why the √(1 + 1/n)
 * inflation: the centre itself is estimated from n peers, so a unit is judged against a predictive
 * distribution, not against the exact population centre (matters for small groups only); for
 * the same reason the tail is Student's t, not the normal.
 */
import { median, scaledMad } from './robust';
import { log10StudentUpper } from './student-t';

export interface LogRatioNull {
  /** Peers whose ratio entered the null. */
  n: number;
  /** Median peer log ratio. */
  centre: number;
  /** Robust spread of the peer log ratios (σ-consistent MAD, at least the floor). */
  sigma: number;
  /** Spread of a new unit's log ratio about the centre: σ · √(1 + 1/n). */
  predictive: number;
}

/** Null from the peers' log ratios (non-finite values ignored); null when fewer than `minPeers` remain. */
export function logRatioNull(values: ArrayLike<number>, sigmaFloor: number, minPeers = 5): LogRatioNull | null {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) finite.push(values[i]!);
  if (finite.length < Math.max(2, minPeers)) return null;
  const centre = median(finite);
  const mad = scaledMad(finite);
  const sigma = Math.max(Number.isFinite(mad) ? mad : 0, sigmaFloor);
  return { n: finite.length, centre, sigma, predictive: sigma * Math.sqrt(1 + 1 / finite.length) };
}

/**
 * z of an observed log ratio above the null, and log10 of its upper tail: Student's t with n − 1
 * degrees of freedom, because the spread was estimated from the n peers themselves.
 */
export function logRatioExcess(observed: number, nul: LogRatioNull): { z: number; log10P: number } {
  const z = (observed - nul.centre) / nul.predictive;
  return { z, log10P: Number.isFinite(z) ? log10StudentUpper(z, Math.max(1, nul.n - 1)) : 0 };
}
