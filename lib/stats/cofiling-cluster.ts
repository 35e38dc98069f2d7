/**
 * How surprising it is that several independent filers' submissions land close together in time.
 *
 * The null: in one period, each unit files at a time drawn from the district's own distribution
 * of filing times that period (office hours, weekends, the deadline rush all included). Mapped
 * through that distribution's CDF, each unit's filing time is Uniform(0, 1) under the null, so a
 * cluster is measured by the share r of the *other* units' filings that fall between its first and
 * last filing — a width in the null's own units, with no window or rate to choose.
 *
 * For k of m iid uniforms, P(range ≤ r) = k·r^(k−1) − (k−1)·r^k ≤ k·r^(k−1); some k-subset of the
 * m within r has probability ≤ C(m, k)·k·r^(k−1) (union over subsets). The tightest cluster is the
 * best of the m − 1 sizes k = 2…m, so its p-value is Bonferroni-corrected by m − 1.
 */
import { lnChoose } from './tails';

/** log10 of C(m, k)·k·r^(k−1), capped at 0: some k of m iid uniforms lie within a range r. */
export function log10SubsetRangeTail(m: number, k: number, r: number): number {
  if (k < 2 || k > m) return 0;
  if (r >= 1) return 0;
  if (r <= 0) return Number.NEGATIVE_INFINITY;
  return Math.min(0, (lnChoose(m, k) + Math.log(k) + (k - 1) * Math.log(r)) / Math.LN10);
}

export interface TightestCluster {
  /** Index of the cluster's first and last filing in the sorted input. */
  from: number;
  to: number;
  /** Filings in the cluster (to − from + 1). */
  size: number;
  /** Share of the other units' filings between its first and last filing (≥ the resolution). */
  width: number;
  /** log10 p of the tightest cluster, corrected for the m − 1 sizes tried. */
  log10P: number;
}

/**
 * The tightest cluster among m filings of one filer in one period.
 *
 * `othersBefore[i]` is how many other units' filings came strictly before the filer's i-th filing
 * and `othersUpTo[i]` how many came at or before it (the filings sorted by time, so both are
 * non-decreasing); `others` is how many other filings the period has. The width of filings i..j is
 * (othersUpTo[j] − othersBefore[i] + 1) / (others + 1): the +1 is the resolution of an empirical
 * CDF, so that a cluster no other filing interrupts is as tight as the data can show, not infinitely.
 */
export function tightestCluster(othersBefore: ArrayLike<number>, othersUpTo: ArrayLike<number>, m: number, others: number): TightestCluster {
  const best: TightestCluster = { from: 0, to: 0, size: 1, width: 1, log10P: 0 };
  if (m < 2) return best;
  // For one size k the tail only grows with the width, so only the narrowest run of k filings can
  // win: an integer scan per size and one tail per size (m of them), not one tail per pair (m²/2,
  // each three log-gammas), which cost seconds on a district where one address files for hundreds.
  // The narrowest run of k filings holds one of k − 1 that is no wider: the least gap found so far
  // bounds every larger size's from below, and a size whose bound cannot reach the best tail (or
  // reaches only 0, which is never kept) is not scanned. Only these integers are compared, so the
  // result is the full scan's; on the usual filer, unremarkable, most sizes are skipped.
  let least = 0;
  for (let k = 2; k <= m; k++) {
    const bound = log10SubsetRangeTail(m, k, Math.min(1, (least + 1) / (others + 1)));
    if (bound === 0 || bound > best.log10P) continue;
    let from = 0;
    let gap = othersUpTo[k - 1]! - othersBefore[0]!;
    for (let i = 1; i + k <= m; i++) {
      const d = othersUpTo[i + k - 1]! - othersBefore[i]!;
      if (d < gap) {
        gap = d;
        from = i;
      }
    }
    least = gap;
    const width = Math.min(1, (gap + 1) / (others + 1));
    const lp = log10SubsetRangeTail(m, k, width);
    // The pair scan kept the first pair (by first filing, then last) of the least tail: of equal
    // tails, the earlier start wins, and of equal starts the smaller size, met first here.
    if (lp < best.log10P || (lp === best.log10P && lp < 0 && from < best.from)) Object.assign(best, { from, to: from + k - 1, size: k, width, log10P: lp });
  }
  best.log10P = Math.min(0, best.log10P + Math.log10(m - 1));
  return best;
}
