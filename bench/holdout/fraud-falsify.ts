import { derive } from './econ';
import type { HUnit, Report, World } from './model';
import type { Rng } from './rng';
import { count, free, mutate, periods, r1, range, scaleMoney, take } from './util';

const whole = (w: World) => (u: HUnit) => u.fileFrom === 0 && u.fileTo === w.cal.P - 1 && u.inRegister;
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

function cycle<T>(rng: Rng, variants: readonly T[], n: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(variants[i % variants.length]!);
  return rng.shuffle(out);
}

/** 虚报: revenue (and what goes with it) above what tax, grid and history support. */
export function injectInflate(w: World, rng: Rng): void {
  const P = w.cal.P;
  const variants = cycle(rng, ['step', 'step', 'yearend', 'creep', 'with_kwh', 'via_revision', 'step_no_tax'] as const, count(w, 14, 5));
  for (const variant of variants) {
    const pool = free(
      w,
      rng,
      (u) =>
        whole(w)(u) &&
        u.category !== 'real_estate' &&
        u.category !== 'construction' &&
        (variant === 'step_no_tax' ? u.econ.taxMode === 'none' || u.econ.taxMode === 'quarterly' : u.econ.taxMode === 'monthly') &&
        (variant !== 'with_kwh' || u.econ.reportsKwh),
    );
    const u = pool[0];
    if (!u) continue;
    take(u, 'INFLATE');
    let ts: number[] = [];
    let detail = '';
    const m = rng.uniform(0.08, 0.4);
    const empToo = rng.chance(0.3);
    switch (variant) {
      case 'step':
      case 'step_no_tax':
      case 'with_kwh':
      case 'via_revision': {
        const t0 = rng.int(6, P - 4);
        const t1 = variant === 'via_revision' ? Math.min(P - 1, t0 + rng.int(2, 7)) : rng.chance(0.6) ? P - 1 : Math.min(P - 1, t0 + rng.int(4, 11));
        ts = range(t0, t1);
        if (variant === 'via_revision') {
          ts = mutateRevision(w, rng, u, ts, m);
          detail = `first filings honest, then revision(s) raise revenue by ${pct(m)} for ${w.cal.period(t0)}..${w.cal.period(t1)}`;
        } else {
          ts = mutate(u, ts, (r) => {
            scaleMoney(r, 1 + m);
            if (empToo) r.employees = Math.round(r.employees * (1 + m * 0.4));
            if (variant === 'with_kwh' && r.kwh !== undefined) r.kwh = Math.round(r.kwh * (1 + m * rng.uniform(0.8, 1.0)));
          });
          detail = `revenue ×${(1 + m).toFixed(2)} from ${w.cal.period(t0)} to ${w.cal.period(t1)}${empToo ? ', headcount padded too' : ''}${variant === 'with_kwh' ? '; the unit also raises its own kWh reading (grid unchanged)' : ''}${variant === 'step_no_tax' ? ' — unit has no monthly tax record, only grid/insurance contradict' : '; tax and grid unchanged'}`;
        }
        break;
      }
      case 'yearend': {
        const mm = rng.uniform(0.15, 0.45);
        ts = range(0, P - 1).filter((t) => w.cal.month(t) === 12 || w.cal.month(t) === 11 || (rng.chance(0.4) && w.cal.month(t) % 3 === 0));
        ts = mutate(u, ts, (r) => scaleMoney(r, 1 + mm * rng.uniform(0.7, 1.1)));
        detail = `revenue pushed up ~${pct(mm)} in assessment months (Nov/Dec and some quarter ends); tax unchanged`;
        break;
      }
      case 'creep': {
        const t0 = rng.int(3, P - 12);
        const mMax = rng.uniform(0.2, 0.45);
        ts = mutate(u, range(t0, P - 1), (r, t) => scaleMoney(r, 1 + (mMax * (t - t0 + 1)) / (P - t0)));
        detail = `revenue creeps up to +${pct(mMax)} from ${w.cal.period(t0)} (about ${pct(mMax / (P - t0))} a month); tax flat`;
        break;
      }
    }
    w.truth.push({
      pattern: 'FALSIFY.INFLATE',
      variant,
      subject: { kind: 'unit', id: u.id },
      unit_ids: [u.id],
      periods: ts.map((t) => w.cal.period(t)),
      also: ['RENT.THRESHOLD'],
      detail: `${u.name} (${u.category}): ${detail}`,
    });
  }
}

/** Files an upward correction (next revision) over the honest first filing. */
function mutateRevision(w: World, rng: Rng, u: HUnit, ts: number[], m: number): number[] {
  const done: number[] = [];
  for (const t of ts) {
    const f = u.filings[t];
    const rep = u.reports[t];
    if (!f || !rep) continue;
    const prev = u.revisions[t]!.at(-1)?.report ?? rep;
    const next: Report = { ...prev };
    scaleMoney(next, 1 + m);
    u.revisions[t]!.push({ report: next, filing: { ...f, at: f.at + rng.int(3, 15) * 86_400_000 } });
    done.push(t);
  }
  return done;
}

/** 瞒报: figures reduced below what tax, grid and insurance show. */
export function injectConceal(w: World, rng: Rng): void {
  const P = w.cal.P;
  const variants = cycle(rng, ['step', 'step', 'second_year', 'headcount', 'irregular'] as const, count(w, 10, 4));
  for (const variant of variants) {
    const u = free(
      w,
      rng,
      (u) =>
        whole(w)(u) && u.category !== 'real_estate' && u.category !== 'construction' && (variant === 'headcount' ? u.econ.siMode === 'normal' && u.econ.coverage > 0.8 : u.econ.taxMode === 'monthly'),
    )[0];
    if (!u) continue;
    take(u, 'CONCEAL');
    const c = rng.uniform(0.15, 0.5);
    let ts: number[] = [];
    let detail = '';
    switch (variant) {
      case 'step': {
        const t0 = rng.int(4, P - 6);
        ts = mutate(u, range(t0, P - 1), (r) => scaleMoney(r, 1 - c));
        detail = `revenue cut by ${pct(c)} from ${w.cal.period(t0)}; tax and grid unchanged`;
        break;
      }
      case 'second_year': {
        const cc = rng.uniform(0.15, 0.35);
        ts = mutate(u, range(12, P - 1), (r) => scaleMoney(r, 1 - cc * rng.uniform(0.85, 1.15)));
        detail = `the whole second year reported ${pct(cc)} low; tax unchanged`;
        break;
      }
      case 'headcount': {
        const t0 = rng.int(2, P - 8);
        const k = rng.uniform(0.45, 0.72);
        ts = mutate(u, range(t0, P - 1), (r) => {
          r.employees = Math.max(1, Math.round(r.employees * k));
          if (r.wages !== undefined) r.wages = r1(r.wages * k);
        });
        detail = `headcount and wages reported at ${pct(k)} of reality from ${w.cal.period(t0)}; insured headcount unchanged`;
        break;
      }
      case 'irregular': {
        ts = mutate(
          u,
          range(2, P - 1).filter(() => rng.chance(0.4)),
          (r) => scaleMoney(r, 1 - rng.uniform(0.25, 0.5)),
        );
        detail = `revenue cut by 25–50% in scattered months (${ts.length}); tax unchanged`;
        break;
      }
    }
    w.truth.push({
      pattern: 'FALSIFY.CONCEAL',
      variant,
      subject: { kind: 'unit', id: u.id },
      unit_ids: [u.id],
      periods: ts.map((t) => w.cal.period(t)),
      detail: `${u.name} (${u.category}): ${detail}`,
    });
  }
}

/** 伪造: invented figures — too smooth, too round, carried forward, lucky digits, exact ratios, a ghost firm. */
export function injectFabricate(w: World, rng: Rng): void {
  const P = w.cal.P;
  const variants = cycle(rng, ['smooth', 'rounded', 'carried_forward', 'lucky_digits', 'exact_ratios', 'ghost_firm', 'smooth', 'rounded', 'carried_forward', 'exact_ratios'] as const, count(w, 10, 5));
  for (const variant of variants) {
    const u = free(w, rng, (u) => whole(w)(u) && u.category !== 'real_estate' && u.category !== 'construction' && u.econ.rounding !== 'ten' && u.econ.rounding !== 'hundred')[0];
    if (!u) continue;
    take(u, 'FABRICATE');
    const t0 = variant === 'ghost_firm' ? 0 : rng.int(0, 8);
    const ts = range(t0, P - 1);
    const level = ts.reduce((s, t) => s + (u.reports[t]?.revenue ?? 0), 0) / Math.max(1, ts.filter((t) => u.reports[t]).length);
    const emp = u.reports[t0]?.employees ?? 20;
    let detail = '';
    if (variant === 'ghost_firm') {
      u.econ.taxMode = 'none';
      u.econ.elecMode = 'none';
      u.econ.siMode = 'none';
      derive(w, u);
      u.market.push({ status: 'abnormal', date: `${w.cal.period(rng.int(0, 6))}-1${rng.int(0, 9)}` });
    }
    const g = rng.uniform(0.004, 0.015);
    const margin = rng.uniform(0.03, 0.08);
    const wage = rng.pick([5, 6, 6.5, 7, 8]);
    for (const t of ts) u.revisions[t] = [];
    let held: Report | null = null;
    let holdLeft = 0;
    const done = mutate(u, ts, (r, t) => {
      switch (variant) {
        case 'smooth':
        case 'ghost_firm': {
          r.revenue = r1(level * 0.9 * Math.pow(1 + g, t - t0) * (1 + rng.normal(0, 0.002)));
          if (variant === 'ghost_firm') r.revenue = Math.round(r.revenue / 10) * 10;
          r.employees = emp;
          if (r.main !== undefined) r.main = r1(r.revenue * 0.97);
          if (r.gross !== undefined) r.gross = r1(r.revenue * 1.02);
          if (r.wages !== undefined) r.wages = r1(emp * wage);
          if (r.profit !== undefined) r.profit = r1(r.revenue * margin);
          if (variant === 'ghost_firm') r.kwh = undefined;
          break;
        }
        case 'rounded': {
          const unit = level > 3000 ? 100 : level > 600 ? 50 : 10;
          r.revenue = Math.max(unit, Math.round((level * rng.uniform(0.85, 1.15)) / unit) * unit);
          if (r.main !== undefined) r.main = r.revenue;
          if (r.gross !== undefined) r.gross = Math.round((r.revenue * 1.05) / unit) * unit;
          r.employees = emp;
          if (r.wages !== undefined) r.wages = Math.round((emp * wage) / 10) * 10;
          if (r.profit !== undefined) r.profit = Math.round((r.revenue * margin) / 10) * 10;
          break;
        }
        case 'carried_forward': {
          if (held && holdLeft > 0) {
            Object.assign(r, { ...held });
            holdLeft--;
          } else {
            held = { ...r };
            holdLeft = rng.int(3, 6);
          }
          break;
        }
        case 'lucky_digits': {
          const base = level * rng.uniform(0.9, 1.12);
          const mag = Math.pow(10, Math.floor(Math.log10(base)) - 1);
          const lucky = rng.pick([66, 68, 86, 88, 58, 98, 16, 18, 28, 38]);
          r.revenue = r1(Math.floor(base / (mag * 100)) * mag * 100 + lucky * mag + (rng.chance(0.5) ? 0.8 : 0));
          if (r.main !== undefined) r.main = r1(r.revenue * 0.98);
          if (r.gross !== undefined) r.gross = r1(r.revenue * 1.03);
          if (r.profit !== undefined) r.profit = r1(rng.pick([8.8, 18.8, 28.8, 66.6, 88.8]) * Math.max(1, level / 1000));
          break;
        }
        case 'exact_ratios': {
          r.revenue = r1(level * (1 + rng.uniform(-0.04, 0.04)));
          r.employees = emp;
          if (r.main !== undefined) r.main = r.revenue;
          if (r.gross !== undefined) r.gross = r1(r.revenue * 1.05);
          if (r.wages !== undefined) r.wages = r1(emp * wage);
          r.profit = r1(r.revenue * 0.05);
          break;
        }
      }
    });
    switch (variant) {
      case 'smooth':
        detail = `revenue a geometric series (+${(g * 100).toFixed(1)}%/month, no season, no noise) from ${w.cal.period(t0)}; headcount and wages constant`;
        break;
      case 'ghost_firm':
        detail = 'ghost firm: no tax, grid or insurance record at all, licence abnormal; smooth round reports invented every month';
        break;
      case 'rounded':
        detail = `every figure rounded (revenue to ${level > 3000 ? 100 : level > 600 ? 50 : 10}), headcount frozen, from ${w.cal.period(t0)}; unrelated to tax`;
        break;
      case 'carried_forward':
        detail = `whole reports repeated unchanged for 3–6 months at a time from ${w.cal.period(t0)}`;
        break;
      case 'lucky_digits':
        detail = `invented revenue ending in lucky digits (…88, …66, …8.8) from ${w.cal.period(t0)}`;
        break;
      case 'exact_ratios':
        detail = `flat invented revenue with exact ratios (main = revenue, output = 1.05×, profit = 5%, wages = headcount × ${wage}) from ${w.cal.period(t0)}`;
        break;
    }
    w.truth.push({
      pattern: 'FALSIFY.FABRICATE',
      variant,
      subject: { kind: 'unit', id: u.id },
      unit_ids: [u.id],
      periods: done.map((t) => w.cal.period(t)),
      also: ['FALSIFY.INFLATE', 'FALSIFY.CONCEAL'],
      detail: `${u.name} (${u.category}): ${detail}`,
    });
  }
}

/** 抄袭: one unit's figures copied from another's, exactly, scaled, perturbed or a month late. */
export function injectCopy(w: World, rng: Rng): void {
  const P = w.cal.P;
  const variants = cycle(rng, ['exact', 'scaled', 'perturbed', 'lagged', 'perturbed', 'scaled', 'exact', 'partial_fields'] as const, count(w, 8, 4));
  for (const variant of variants) {
    const src = free(w, rng, (u) => whole(w)(u) && u.category !== 'real_estate')[0];
    if (!src) continue;
    const dst =
      free(w, rng, (u) => whole(w)(u) && u !== src && u.category === src.category && u.town === src.town)[0] ?? free(w, rng, (u) => whole(w)(u) && u !== src && u.category === src.category)[0];
    if (!dst) continue;
    take(src, 'COPY_SOURCE');
    take(dst, 'COPY');
    const t0 = rng.int(0, P - 10);
    const t1 = rng.chance(0.6) ? P - 1 : Math.min(P - 1, t0 + rng.int(7, 14));
    const s = variant === 'scaled' || variant === 'lagged' ? rng.uniform(0.6, 1.5) : 1;
    const eps = rng.uniform(0.01, 0.03);
    for (let t = t0; t <= t1; t++) dst.revisions[t] = [];
    const done = mutate(dst, range(t0, t1), (r, t) => {
      const from = variant === 'lagged' ? src.reports[t - 1] : src.reports[t];
      if (!from) return;
      const jit = (x: number) => (variant === 'perturbed' ? x * (1 + rng.uniform(-eps, eps)) : x * s);
      const copy: Report = {
        revenue: r1(jit(from.revenue)),
        main: from.main === undefined ? undefined : r1(jit(from.main)),
        gross: from.gross === undefined ? r.gross : r1(jit(from.gross)),
        employees: Math.max(1, Math.round(variant === 'perturbed' ? from.employees + rng.int(-1, 1) : from.employees * s)),
        wages: from.wages === undefined ? undefined : r1(jit(from.wages)),
        profit: from.profit === undefined ? undefined : r1(jit(from.profit)),
        kwh: r.kwh,
        inventory: from.inventory === undefined ? r.inventory : r1(jit(from.inventory)),
      };
      if (variant === 'partial_fields') {
        r.wages = copy.wages;
        r.profit = copy.profit;
        r.employees = copy.employees;
        r.revenue = r1(r.revenue * 0.5 + copy.revenue * 0.5);
      } else Object.assign(r, copy);
    });
    const what: Record<typeof variant, string> = {
      exact: 'every figure identical',
      scaled: `every figure ×${s.toFixed(2)}`,
      perturbed: `every figure within ±${pct(eps)}`,
      lagged: `last month's figures ×${s.toFixed(2)}`,
      partial_fields: 'headcount, wages and profit copied; revenue half-way',
    };
    w.truth.push({
      pattern: 'FALSIFY.COPY',
      variant,
      subject: { kind: 'unit', id: dst.id },
      unit_ids: [dst.id, src.id],
      periods: done.map((t) => w.cal.period(t)),
      also: variant === 'partial_fields' ? ['FALSIFY.FABRICATE', 'FALSIFY.INFLATE', 'FALSIFY.CONCEAL', 'DATA.INVALID'] : ['FALSIFY.FABRICATE', 'FALSIFY.INFLATE', 'FALSIFY.CONCEAL'],
      detail: `${dst.name} copies ${src.name} (${src.town.name}): ${what[variant]}, ${w.cal.period(t0)}..${w.cal.period(t1)}`,
    });
  }
}

/** Logical errors a hard edit must catch. */
export function injectInvalid(w: World, rng: Rng): void {
  const P = w.cal.P;
  const variants = cycle(rng, ['main_gt_revenue', 'profit_gt_revenue', 'wages_without_staff', 'wages_in_yuan'] as const, count(w, 12, 4));
  for (const variant of variants) {
    const u = free(
      w,
      rng,
      (u) =>
        whole(w)(u) &&
        (variant !== 'main_gt_revenue' || u.econ.reportsMain) &&
        (variant !== 'profit_gt_revenue' || u.econ.reportsProfit) &&
        (variant === 'main_gt_revenue' || variant === 'profit_gt_revenue' || u.econ.reportsWages),
    )[0];
    if (!u) continue;
    take(u, 'INVALID');
    const t0 = rng.int(0, P - 3);
    const ts = range(t0, t0 + rng.int(0, 2)).filter((t) => u.reports[t]);
    const done = mutate(
      u,
      ts,
      (r) => {
        switch (variant) {
          case 'main_gt_revenue':
            r.main = r1(r.revenue * rng.uniform(1.08, 2.5));
            break;
          case 'profit_gt_revenue':
            r.profit = r1(r.revenue * rng.uniform(1.2, 6));
            break;
          case 'wages_without_staff':
            r.employees = 0;
            break;
          case 'wages_in_yuan':
            if (r.wages !== undefined) r.wages = Math.round(r.wages * 1000);
            break;
        }
      },
      { keepBreaks: true },
    );
    const what = {
      main_gt_revenue: 'main-business revenue above total revenue',
      profit_gt_revenue: 'profit above revenue',
      wages_without_staff: 'wages paid with zero employees',
      wages_in_yuan: 'wages entered in yuan, not thousand yuan (per-capita wage ×1000)',
    }[variant];
    w.truth.push({
      pattern: 'DATA.INVALID',
      variant,
      subject: { kind: 'unit', id: u.id },
      unit_ids: [u.id],
      periods: done.map((t) => w.cal.period(t)),
      detail: `${u.name}: ${what} in ${done.map((t) => w.cal.period(t)).join(', ')}`,
    });
  }
  void periods;
}
