/**
 * How surprising it is that n members drawn from a population fall so often into one group (one
 * town), when the groups' shares of the population are known: for each group g the binomial tail
 * P(X ≥ c_g), X ~ Bin(n, π_g), the smallest of them Bonferroni-corrected by the number of groups.
 */
import { log10BinomialTail } from './tails';

/** log10 p that some group holds at least its observed count; counts and shares indexed alike. */
export function log10GroupConcentration(counts: ArrayLike<number>, shares: ArrayLike<number>): number {
  let n = 0;
  for (let g = 0; g < counts.length; g++) n += counts[g]!;
  if (n < 2) return 0;
  let best = 0;
  for (let g = 0; g < counts.length; g++) {
    const c = counts[g]!;
    if (c < 2) continue;
    const lp = log10BinomialTail(n, c, Math.min(1, Math.max(0, shares[g]!)));
    if (lp < best) best = lp;
  }
  return Math.min(0, best + Math.log10(Math.max(1, counts.length)));
}
