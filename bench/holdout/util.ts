import { dateString, isoLocal, localMs } from './calendar';
import type { EventRow, HUnit, Report, World } from './model';
import type { Rng } from './rng';

/** Sum of a series over the 12 months ending with t (only months inside the window). */
export function trailing(series: readonly (number | null | undefined)[], t: number, n = 12): number {
  let s = 0;
  for (let k = t - n + 1; k <= t; k++) {
    const v = k >= 0 ? series[k] : null;
    if (v !== null && v !== undefined && Number.isFinite(v)) s += v;
  }
  return s;
}

export function reportedRevenue(u: HUnit): (number | null)[] {
  return u.reports.map((r, t) => {
    const last = u.revisions[t]?.at(-1);
    return last ? last.report.revenue : r ? r.revenue : null;
  });
}

/** Units no injector or look-alike has taken yet, matching a predicate, in random order. */
export function free(w: World, rng: Rng, pred: (u: HUnit) => boolean): HUnit[] {
  return rng.shuffle(w.units.filter((u) => u.role === undefined && u.listed && pred(u)));
}

export function take(u: HUnit, role: string): HUnit {
  u.role = role;
  return u;
}

/** Count of cases for a pattern at this district size (at least `min`). */
export function count(w: World, base: number, min = 1): number {
  return Math.max(min, Math.round(base * w.scale));
}

export function localDate(w: World, t: number, day: number): string {
  const y = w.cal.year(t);
  const m = w.cal.month(t);
  return dateString(localMs(y, m, Math.min(28, Math.max(1, day))));
}

export function addEvent(w: World, e: Omit<EventRow, 'event_id'>): EventRow {
  const row: EventRow = { event_id: `RE${e.period.replace('-', '')}${String(w.events.length + 1).padStart(4, '0')}`, ...e };
  w.events.push(row);
  return row;
}

/** Local time in the month before period t (applications come before the effective period). */
export function monthBefore(w: World, rng: Rng, t: number): number {
  const y = w.cal.year(t - 1);
  const m = w.cal.month(t - 1);
  return localMs(y, m, rng.int(3, 26), rng.int(8, 17), rng.int(0, 59), rng.int(0, 59));
}

export function periods(w: World, from: number, to: number): string[] {
  const out: string[] = [];
  for (let t = Math.max(0, from); t <= Math.min(w.cal.P - 1, to); t++) out.push(w.cal.period(t));
  return out;
}

export const r1 = (x: number) => Math.round(x * 10) / 10;

export function isoAt(ms: number): string {
  return isoLocal(ms);
}

/** Gives a unit a new credit code (and login), keeping the world's index right. */
export function recode(w: World, u: HUnit, id: string): void {
  w.byId.delete(u.id);
  u.id = id;
  u.account = `ZQ${id.slice(8, 17)}`;
  w.byId.set(id, u);
}

/** Applies `fn` to the first filing of each period in `ts` and to its later revisions. */
export function mutate(u: HUnit, ts: readonly number[], fn: (r: Report, t: number) => void, opts: { keepBreaks?: boolean } = {}): number[] {
  const done: number[] = [];
  const apply = (r: Report, t: number) => {
    fn(r, t);
    if (!opts.keepBreaks) consistent(r);
  };
  for (const t of ts) {
    const rep = u.reports[t];
    if (!rep) continue;
    apply(rep, t);
    for (const rv of u.revisions[t] ?? []) apply(rv.report, t);
    done.push(t);
  }
  return done;
}

/** Even a cheat passes the form's hard edits: main-business revenue within revenue, profit below it. */
export function consistent(r: Report): void {
  if (r.main !== undefined && r.main > r.revenue) r.main = r.revenue;
  if (r.profit !== undefined && r.profit > r.revenue) r.profit = r1(r.revenue * 0.5);
}

/** Multiplies the money figures of a report (not headcount, not the unit's own kWh reading). */
export function scaleMoney(r: Report, f: number): void {
  const extra = (f - 1) * r.revenue;
  r.revenue = r1(r.revenue * f);
  if (r.main !== undefined) r.main = r1(r.main * f);
  if (r.gross !== undefined) r.gross = r1(r.gross * f);
  if (r.profit !== undefined) r.profit = r1(r.profit + extra * 0.3);
}

export function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let t = from; t <= to; t++) out.push(t);
  return out;
}
