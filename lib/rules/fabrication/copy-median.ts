/**
 * Median of a short buffer for the copy searches, called hundreds of thousands of times per
 * district: `medianOf` (series-tools.ts) allocates a typed-array view and calls the built-in sort
 * for every call, which on 5–30 numbers costs far more than the sort itself. This one sorts the
 * prefix in place by insertion and interpolates exactly as `quantileSorted(…, 0.5)` does, so it
 * returns the same number and leaves the prefix sorted as well.
 */
import { medianOf } from './series-tools';

/** Median of buf[0..n), sorting that prefix in place; same value as `medianOf(buf, n)`. */
export function smallMedian(buf: Float64Array, n: number): number {
  if (n <= 0) return Number.NaN;
  // The built-in sort puts NaN last; insertion by `<` would not: leave such input to it.
  for (let i = 0; i < n; i++) if (buf[i] !== buf[i]) return medianOf(buf, n);
  for (let i = 1; i < n; i++) {
    const x = buf[i]!;
    let j = i - 1;
    while (j >= 0 && buf[j]! > x) {
      buf[j + 1] = buf[j]!;
      j--;
    }
    buf[j + 1] = x;
  }
  if (n & 1) return buf[n >> 1]!;
  // quantileSorted's interpolation halfway between the two middle order statistics.
  const a = buf[(n >> 1) - 1]!;
  const b = buf[n >> 1]!;
  if (a === b || a === Number.NEGATIVE_INFINITY) return a;
  if (b === Number.POSITIVE_INFINITY) return b;
  let v = a + 0.5 * (b - a);
  if (!Number.isFinite(v)) v = 2 * (a / 2 + 0.5 * (b / 2 - a / 2));
  return v < a ? a : v > b ? b : v;
}
