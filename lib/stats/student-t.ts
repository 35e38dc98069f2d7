/**
 * Upper tail of Student's t distribution on a log10 scale, for a z whose scale was estimated from
 * a sample (a peer group of n units gives n − 1 degrees of freedom): with a dozen peers the normal
 * tail would overstate how rare a value 3 spreads out is by a factor of five.
 *
 * P(T ≥ t) = ½ · I_x(ν/2, ½) with x = ν / (ν + t²), the regularised incomplete beta evaluated by
 * its continued fraction (Lentz's method) in logs so that it never underflows.
 */
import { gammaln } from 'simple-statistics';
import { log10NormalUpper } from './tails';

/** log of the regularised incomplete beta I_x(a, b), for x < (a + 1)/(a + b + 2) (where the fraction converges fast). */
function logBetaIncSmallX(x: number, a: number, b: number): number {
  const front = a * Math.log(x) + b * Math.log1p(-x) - (gammaln(a) + gammaln(b) - gammaln(a + b)) - Math.log(a);
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let f = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let num = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    f *= d * c;
    num = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-12) break;
  }
  return front + Math.log(f);
}

/** log10 P(T ≥ t) for T ~ Student t with `df` degrees of freedom (df ≥ 1; above 1e6 the normal tail). */
export function log10StudentUpper(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return 0;
  if (!Number.isFinite(t)) return t > 0 ? Number.NEGATIVE_INFINITY : 0;
  if (df > 1e6) return log10NormalUpper(t);
  if (t < 0) return Math.log10(1 - Math.pow(10, log10StudentUpper(-t, df)));
  const x = df / (df + t * t);
  const a = df / 2;
  const b = 0.5;
  // I_x(a, b) directly when x is small (large t); else 1 − I_{1−x}(b, a).
  const logI = x < (a + 1) / (a + b + 2) ? logBetaIncSmallX(x, a, b) : Math.log1p(-Math.exp(logBetaIncSmallX(1 - x, b, a)));
  return Math.min(0, (logI + Math.log(0.5)) / Math.LN10);
}
