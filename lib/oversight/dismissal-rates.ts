import { stratifiedExactTest, type StratifiedExactResult } from '../stats/exact-stratified';
import type { Decision } from './decisions';

export type ComparisonKind = 'reviewer' | 'town';

/** One stratum's 2×2 table: the group's and the rest's dismissals and filings of comparable cases. */
export interface StratumTable {
  stratum: string;
  group: { decisions: number; dismissed: number };
  rest: { decisions: number; dismissed: number };
}

/** A group (one reviewer, one town) against everyone else, within strata of comparable cases. */
export interface GroupComparison {
  comparison: ComparisonKind;
  group: string;
  /** Strata where both the group and the rest decided cases: the only ones that say anything. */
  strata: StratumTable[];
  decisions: number;
  dismissed: number;
  rest: { decisions: number; dismissed: number };
  test: StratifiedExactResult;
  /** The group's decisions inside those strata. */
  members: Decision[];
}

const groupOf = (d: Decision, by: ComparisonKind) => (by === 'reviewer' ? d.reviewer : d.town_code);

/**
 * Each group's dismissal count against what its own mix of cases predicts from everyone
 * else's dismissal rates in the same strata (exact stratified test, one-sided: more
 * dismissals). A reviewer who gets weaker leads dismisses more in raw terms but not within
 * strata, so stays unremarkable. Groups with fewer than `minDecisions` comparable decisions,
 * or whose comparison group has fewer, are not tested at all (and do not count for the
 * multiple-testing correction): too few to tell anything.
 */
export function compareDismissalRates(decisions: readonly Decision[], by: ComparisonKind, minDecisions: number): GroupComparison[] {
  const byStratum = new Map<string, Decision[]>();
  for (const d of decisions) (byStratum.get(d.stratum) ?? byStratum.set(d.stratum, []).get(d.stratum)!).push(d);
  const groups = [...new Set(decisions.map((d) => groupOf(d, by)))].filter(Boolean).sort();
  const out: GroupComparison[] = [];
  for (const group of groups) {
    const strata: StratumTable[] = [];
    const members: Decision[] = [];
    for (const [stratum, list] of [...byStratum].sort(([a], [b]) => a.localeCompare(b))) {
      const mine = list.filter((d) => groupOf(d, by) === group);
      const rest = list.length - mine.length;
      if (!mine.length || !rest) continue;
      const mineDismissed = mine.filter((d) => d.outcome === 'dismissed').length;
      const allDismissed = list.filter((d) => d.outcome === 'dismissed').length;
      strata.push({ stratum, group: { decisions: mine.length, dismissed: mineDismissed }, rest: { decisions: rest, dismissed: allDismissed - mineDismissed } });
      members.push(...mine);
    }
    const sum = (f: (s: StratumTable) => number) => strata.reduce((s, t) => s + f(t), 0);
    const decided = sum((s) => s.group.decisions);
    const restDecided = sum((s) => s.rest.decisions);
    if (decided < minDecisions || restDecided < minDecisions) continue;
    const test = stratifiedExactTest(strata.map((s) => ({ a: s.group.dismissed, b: s.group.decisions - s.group.dismissed, c: s.rest.dismissed, d: s.rest.decisions - s.rest.dismissed })));
    out.push({ comparison: by, group, strata, decisions: decided, dismissed: sum((s) => s.group.dismissed), rest: { decisions: restDecided, dismissed: sum((s) => s.rest.dismissed) }, test, members });
  }
  return out;
}
