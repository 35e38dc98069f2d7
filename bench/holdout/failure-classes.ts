/**
 * What other authors' districts taught (issue 13), added to this generator with their look-alikes:
 * copies that last only a few months, and a statistics station's one-off help from the office
 * network beside the real 代填代报. Injected after everything else, from their own random streams,
 * so that the older cases of a seed stay where they were.
 */
import type { HUnit, Report, World } from './model';
import type { Rng } from './rng';
import { count, free, mutate, periods, range, take } from './util';

const whole = (w: World) => (u: HUnit) => u.fileFrom === 0 && u.fileTo === w.cal.P - 1 && u.inRegister;

/**
 * 抄袭, short: every field of another unit of the same town and category copied for 3–5 months
 * (a clerk filling in a neighbour's form), then the copier's own figures again.
 */
export function injectShortCopies(w: World, rng: Rng): void {
  const P = w.cal.P;
  for (let i = 0; i < count(w, 3, 2); i++) {
    const src = free(w, rng, (u) => whole(w)(u) && u.category !== 'real_estate' && u.category !== 'construction')[0];
    if (!src) return;
    const dst = free(w, rng, (u) => whole(w)(u) && u !== src && u.category === src.category && u.town === src.town)[0];
    if (!dst) continue;
    take(src, 'COPY_SOURCE');
    take(dst, 'COPY');
    const len = rng.int(3, 5);
    const t0 = rng.int(1, P - len - 1);
    const t1 = t0 + len - 1;
    for (let t = t0; t <= t1; t++) dst.revisions[t] = [];
    const done = mutate(dst, range(t0, t1), (r: Report, t) => {
      const from = src.reports[t];
      if (!from) return;
      Object.assign(r, {
        revenue: from.revenue,
        main: from.main,
        gross: from.gross ?? r.gross,
        employees: from.employees,
        wages: from.wages,
        profit: from.profit,
        inventory: from.inventory ?? r.inventory,
      });
    });
    w.truth.push({
      pattern: 'FALSIFY.COPY',
      variant: 'short_exact',
      subject: { kind: 'unit', id: dst.id },
      unit_ids: [dst.id, src.id],
      periods: done.map((t) => w.cal.period(t)),
      also: ['FALSIFY.FABRICATE', 'FALSIFY.INFLATE', 'FALSIFY.CONCEAL'],
      detail: `${dst.name} copies every figure of ${src.name} (${src.town.name}) for ${len} months, ${w.cal.period(t0)}..${w.cal.period(t1)}`,
    });
  }
}

/**
 * Look-alike of 代填代报: a station helps a unit or two once, from the office network, when the
 * unit's own login failed — the unit's own account and figures, one month, no pattern.
 */
export function planOfficeHelp(w: World, rng: Rng): void {
  const P = w.cal.P;
  const towns = rng.shuffle(w.towns.filter((t) => t.kind !== 'park')).slice(0, count(w, 3, 2));
  for (const town of towns) {
    const units = free(w, rng, (u) => whole(w)(u) && u.town === town && u.filingMode.kind === 'self').slice(0, rng.int(1, 2));
    if (!units.length) continue;
    const t = rng.int(0, P - 1);
    for (const u of units) {
      take(u, 'office_one_off_help');
      const f = u.filings[t];
      if (!f) continue;
      f.ip = town.officeIp(rng);
      for (const rv of u.revisions[t]!) Object.assign(rv.filing, { ip: f.ip });
    }
    w.lookalikes.push({
      kind: 'office_one_off_help',
      unit_ids: units.map((u) => u.id),
      risk: ['INTERFERE.PROXY_FILING'],
      detail: `${town.name} station filed once (${periods(w, t, t)[0]}) for ${units.length} unit(s) whose login failed, with their own accounts and figures, from the office network`,
    });
  }
}
