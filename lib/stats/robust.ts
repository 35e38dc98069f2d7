/**
 * Robust location and scale: median, median absolute deviation, robust z-scores.
 *
 * Why robust: the figures screened for fraud are heavy-tailed and the frauds themselves are
 * the outliers; a mean/SD z-score is dragged by the very values it should expose. Thin over
 * simple-statistics (`median`, `medianAbsoluteDeviation`).
 */
import { median as ssMedian, medianAbsoluteDeviation as ssMad } from 'simple-statistics';

/** Consistency constant: 1.4826·MAD estimates σ for normal data (1/Φ⁻¹(3/4)). */
export const MAD_SCALE = 1.4826;
/** Consistency constant for the mean absolute deviation around the median (√(π/2)). */
export const MEAN_AD_SCALE = 1.253314;

function asArray(values: ArrayLike<number>): number[] {
  return Array.isArray(values) ? (values as number[]) : Array.from(values);
}

/** Median (mean of the two middle values for even n); NaN for empty input. */
export function median(values: ArrayLike<number>): number {
  return values.length === 0 ? Number.NaN : ssMedian(asArray(values));
}

/** Raw MAD: median |x − median(x)|; NaN for empty input. */
export function medianAbsoluteDeviation(values: ArrayLike<number>): number {
  return values.length === 0 ? Number.NaN : ssMad(asArray(values));
}

/** MAD scaled to estimate σ under normality: 1.4826 · median |x − median(x)|. */
export function scaledMad(values: ArrayLike<number>): number {
  return MAD_SCALE * medianAbsoluteDeviation(values);
}

export interface RobustZOptions {
  /**
   * Smallest scale used. When more than half the values are identical the MAD is 0; the scale
   * then falls back to 1.253314 · mean |x − median| (IBM's modified z-score convention), and if
   * that is also below `minScale`, to `minScale` itself. Default: 1e-9 · max(1, |median|).
   */
  minScale?: number;
}

export interface RobustZResult {
  center: number;
  /** Scale actually used (after the fallbacks). */
  scale: number;
  z: Float64Array;
}

/**
 * Robust z-scores (x − median) / (1.4826 · MAD), never dividing by zero: see `minScale`.
 * NaN inputs give NaN scores and are ignored for the centre and scale.
 */
export function robustZScores(values: ArrayLike<number>, options: RobustZOptions = {}): RobustZResult {
  const finite = asArray(values).filter((v) => !Number.isNaN(v));
  const center = median(finite);
  const floor = options.minScale ?? 1e-9 * Math.max(1, Math.abs(center));
  let scale = MAD_SCALE * medianAbsoluteDeviation(finite);
  if (!(scale >= floor)) {
    let sum = 0;
    for (const v of finite) sum += Math.abs(v - center);
    scale = (MEAN_AD_SCALE * sum) / finite.length;
    if (!(scale >= floor)) scale = floor;
  }
  const z = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) z[i] = (values[i]! - center) / scale;
  return { center, scale, z };
}
