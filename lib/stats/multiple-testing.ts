/**
 * Benjamini–Hochberg adjusted p-values (q-values): q_(i) = min over j ≥ i of p_(j)·m/j, capped
 * at 1. Rejecting every hypothesis with q ≤ α keeps the expected share of false discoveries
 * among the rejections at or below α (independent or positively dependent tests) — the right
 * control when many reviewers and towns are screened at once and a few flags are expected.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p || x.i - y.i);
  const q = new Array<number>(m).fill(1);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const { p, i } = order[rank - 1]!;
    running = Math.min(running, (p * m) / rank);
    q[i] = Math.min(1, Math.max(0, running));
  }
  return q;
}
