import type { SubmissionRecord } from '../../contract/schemas';
import type { Category } from '../../domain/kinds';
import type { Pattern } from '../../domain/finding';
import type { DistrictData } from '../../engine/district-data';
import { median } from '../../stats/robust';
import type { PeerGroupStats } from '../peer-stats';
import type { Detected } from '../problem';

/** What a self-inspection check sees: one unit's own district and aggregate peer statistics. */
export interface CheckContext {
  unitId: string;
  data: DistrictData;
  /** Row of the unit in the district's matrices; −1 when the district has no row for it. */
  u: number;
  category: Category | null;
  /** Register threshold of the unit's category (thousand yuan a year), null when none applies. */
  threshold: number | null;
  /** Periods of the uploaded reports. */
  scope: ReadonlySet<string>;
  /** The unit's filed reports (latest revision) of those periods, to compare the upload with. */
  filed: ReadonlyMap<string, SubmissionRecord>;
  /** The peer group's anonymised statistics, when the group is large enough. */
  peers: PeerGroupStats | undefined;
  /** Periods a cross-source episode already covers (that rule's problem says it better). */
  coveredByShift: ReadonlySet<string>;
}

/** A self-inspection check as data: identity, pattern, titles, and `evaluate`. */
export interface SelfCheck {
  id: string;
  pattern: Pattern;
  title: { zh: string; en: string };
  description: { zh: string; en: string };
  evaluate(ctx: CheckContext): Detected[];
}

/** Value of a matrix for the unit at column t (NaN when absent). */
export function at(ctx: CheckContext, m: Float64Array, t: number): number {
  if (ctx.u < 0 || t < 0 || t >= ctx.data.P) return Number.NaN;
  return m[ctx.u * ctx.data.P + t]!;
}

/** Columns of the uploaded periods, in order. */
export function scopeColumns(ctx: CheckContext): number[] {
  const out: number[] = [];
  ctx.data.periods.forEach((p, t) => {
    if (ctx.scope.has(p)) out.push(t);
  });
  return out;
}

/** Median of the unit's log ratio a/b over every month except `skip` (NaN with fewer than `min` months). */
export function usualLogRatio(ctx: CheckContext, a: Float64Array, b: Float64Array, skip: number, min = 6): number {
  const vals: number[] = [];
  for (let t = 0; t < ctx.data.P; t++) {
    if (t === skip) continue;
    const x = at(ctx, a, t);
    const y = at(ctx, b, t);
    if (x > 0 && y > 0) vals.push(Math.log(x / y));
  }
  return vals.length >= min ? median(vals) : Number.NaN;
}

/** Consecutive runs of columns, for one problem per run instead of one per month. */
export function runs(columns: readonly number[]): number[][] {
  const out: number[][] = [];
  for (const t of columns) {
    const last = out[out.length - 1];
    if (last && last[last.length - 1] === t - 1) last.push(t);
    else out.push([t]);
  }
  return out;
}

export const r1 = (x: number) => (Number.isFinite(x) ? Math.round(x * 10) / 10 : null);
export const r3 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null);
export const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(0)}%`;
