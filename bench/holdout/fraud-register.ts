import { classesOf, classOf } from './names';
import { derive, d1 } from './econ';
import type { IdPool } from './ids';
import type { HUnit, Report, World } from './model';
import type { Rng } from './rng';
import { scaleTrailing } from './lookalikes';
import { addEvent, consistent, count, free, isoAt, localDate, monthBefore, mutate, r1, range, recode, reportedRevenue, scaleMoney, take, trailing } from './util';
import { addUnit, threshold } from './world';

const whole = (w: World) => (u: HUnit) => u.fileFrom === 0 && u.fileTo === w.cal.P - 1 && u.inRegister;
const thrCat = (u: HUnit) => threshold(u.category) !== null;
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

function entryT(w: World, rng: Rng): number {
  return rng.chance(0.5) ? 12 : rng.int(13, w.cal.P - 3);
}

function towardsAccount(rng: Rng, u: HUnit, pTown: number): string {
  return rng.chance(pTown) ? u.town.account : u.account;
}

/** 数据寻租: figures placed just over the register threshold — to stay in (保规) or to get in (入规奖励). */
export function injectRent(w: World, rng: Rng): void {
  const P = w.cal.P;
  const n = count(w, 5, 3);
  for (let i = 0; i < n; i++) {
    const variant = i % 2 === 0 ? 'keep_register' : 'entry_push';
    const u = free(w, rng, (u) => whole(w)(u) && thrCat(u) && u.econ.taxMode === 'monthly' && u.category !== 'construction')[0];
    if (!u) continue;
    take(u, 'RENT');
    const thr = threshold(u.category)!;
    u.econ.growth = rng.normal(-0.02, 0.03);
    if (variant === 'keep_register') {
      const ty = rng.chance(0.5) ? 11 : 23;
      if (ty >= P) continue;
      scaleTrailing(w, u, ty, thr * rng.uniform(0.87, 0.97));
      derive(w, u);
      const target = thr * rng.uniform(1.003, 1.04);
      const have = trailing(reportedRevenue(u), ty);
      const months = range(ty - rng.int(3, 5), ty);
      const base = months.reduce((s, t) => s + (u.reports[t]?.revenue ?? 0), 0);
      const f = 1 + (target - have) / Math.max(1, base);
      const done = mutate(u, months, (r) => scaleMoney(r, f));
      w.truth.push({
        pattern: 'RENT.THRESHOLD',
        variant,
        subject: { kind: 'unit', id: u.id },
        unit_ids: [u.id],
        periods: done.map((t) => w.cal.period(t)),
        also: ['FALSIFY.INFLATE'],
        detail: `${u.name}: true 12-month revenue to ${w.cal.period(ty)} is ${pct(have / thr)} of the ${thr} threshold; the last ${months.length} months are raised ${pct(f - 1)} so the year lands at ${r1(target)} (just over); tax unchanged`,
      });
    } else {
      const t = entryT(w, rng);
      u.fileFrom = t;
      u.enteredPeriod = w.cal.period(t);
      scaleTrailing(w, u, t, thr * rng.uniform(0.8, 0.97));
      derive(w, u);
      const trueSum = trailing(u.trueRev, t);
      const declared = thr * rng.uniform(1.005, 1.05);
      const f = declared / trueSum;
      const done = mutate(u, range(t, P - 1), (r) => scaleMoney(r, f));
      const evidence = trailing(u.tax, t);
      const ev = addEvent(w, {
        unit_id: u.id,
        type: 'entry',
        category: u.category,
        period: w.cal.period(t),
        reason: 'reached_threshold',
        declared_annual_revenue: r1(declared),
        evidence_tax_revenue: rng.chance(0.5) ? r1(evidence) : undefined,
        submitted_by: towardsAccount(rng, u, 0.75),
        submitted_at: isoAt(monthBefore(w, rng, t)),
      });
      w.truth.push({
        pattern: 'RENT.THRESHOLD',
        variant,
        subject: { kind: 'unit', id: u.id },
        unit_ids: [u.id],
        subject_ids: [ev.event_id],
        periods: [w.cal.period(t), ...done.map((k) => w.cal.period(k))],
        also: ['REGISTER.FAKE_ENTRY', 'FALSIFY.INFLATE'],
        detail: `${u.name}: entry ${w.cal.period(t)} declares ${r1(declared)} (${pct(declared / thr)} of threshold) where the true 12 months are ${r1(trueSum)} and tax ${r1(evidence)}; later reports kept ${pct(f - 1)} high`,
      });
    }
  }
}

/** 虚假入库: entries whose declared scale the unit does not have. */
export function injectFakeEntry(w: World, rng: Rng, ids: IdPool): void {
  const P = w.cal.P;
  const variants = rng.shuffle(['tax_gap', 'borrowed_evidence', 'shell', 'no_evidence', 'tax_gap', 'borrowed_evidence', 'shell'] as const).slice(0, count(w, 7, 4));
  for (const variant of variants) {
    const u = free(w, rng, (u) => whole(w)(u) && thrCat(u) && u.econ.taxMode === 'monthly' && u.category !== 'construction')[0];
    if (!u) continue;
    take(u, 'FAKE_ENTRY');
    const thr = threshold(u.category)!;
    const t = entryT(w, rng);
    u.fileFrom = t;
    u.enteredPeriod = w.cal.period(t);
    let declared = thr * rng.uniform(1.1, 2.0);
    let evidence: number | undefined;
    let detail: string;
    let reason = 'reached_threshold';
    if (variant === 'shell') {
      recode(w, u, ids.uscc(w.districtCode, { prefix: '91' }));
      u.existFrom = t - rng.int(1, 3);
      u.establishedDate = localDate(w, u.existFrom, rng.int(1, 28));
      u.market = [{ status: 'active', date: u.establishedDate, industryCode: u.industryCode, scope: u.cls.scope }];
      u.econ.annual = thr * rng.uniform(0.02, 0.08);
      u.econ.elecMode = rng.chance(0.5) ? 'none' : 'building';
      u.econ.taxMode = rng.chance(0.5) ? 'quarterly' : 'monthly';
      u.econ.coverage = 1;
      u.econ.revPerEmp = u.econ.annual / rng.int(2, 4);
      u.tags.add('new_firm');
      reason = 'newly_established';
      declared = thr * rng.uniform(1.2, 3);
      derive(w, u);
      evidence = undefined;
      const k = declared / 12 / Math.max(1, u.econ.annual / 12);
      const emp = rng.int(25, 90);
      mutate(u, range(t, P - 1), (r) => {
        scaleMoney(r, k);
        r.employees = emp + rng.int(-2, 2);
        if (r.wages !== undefined) r.wages = d1(r.employees * u.econ.wagePerEmp);
      });
      detail = `shell set up ${u.establishedDate} enters as newly established declaring ${r1(declared)}: ${u.insured.find((x) => x !== null) ?? 0} insured, hardly any power or tax; reports then claim ~${emp} staff and the declared scale`;
    } else {
      // The real business stays below the threshold: otherwise the entry is right and only the figure is padded.
      scaleTrailing(w, u, t, Math.min(declared * rng.uniform(0.3, 0.65), thr * rng.uniform(0.55, 0.92)));
      derive(w, u);
      const trueSum = trailing(u.trueRev, t);
      const taxSum = trailing(u.tax, t);
      const f = declared / trueSum;
      mutate(u, range(t, P - 1), (r) => scaleMoney(r, f * rng.uniform(0.95, 1.05)));
      if (variant === 'tax_gap') {
        evidence = taxSum;
        detail = `declares ${r1(declared)} at entry ${w.cal.period(t)}, but the attached tax evidence itself says ${r1(taxSum)}; true revenue ${r1(trueSum)}`;
      } else if (variant === 'no_evidence') {
        evidence = undefined;
        detail = `declares ${r1(declared)} at entry ${w.cal.period(t)} without evidence; local tax shows ${r1(taxSum)}`;
      } else {
        evidence = declared * rng.uniform(0.97, 1.0);
        const aff = free(w, rng, (a) => a !== u && a.econ.taxMode === 'monthly' && Math.abs(trailing(a.tax, t) / evidence! - 1) < 0.6)[0];
        let affNote = '';
        if (aff) {
          take(aff, 'FAKE_ENTRY_AFFILIATE');
          aff.legalRep = u.legalRep;
          affNote = ` — borrowed from ${aff.name} (same legal representative, tax ${r1(trailing(aff.tax, t))})`;
        }
        detail = `declares ${r1(declared)} with tax evidence ${r1(evidence)}${affNote}; its own tax records over the same months sum to ${r1(taxSum)}`;
      }
    }
    const ev = addEvent(w, {
      unit_id: u.id,
      type: 'entry',
      category: u.category,
      period: w.cal.period(t),
      reason,
      declared_annual_revenue: r1(declared),
      evidence_tax_revenue: evidence === undefined ? undefined : r1(evidence),
      submitted_by: towardsAccount(rng, u, 0.7),
      submitted_at: isoAt(monthBefore(w, rng, t)),
    });
    w.truth.push({
      pattern: 'REGISTER.FAKE_ENTRY',
      variant,
      subject: { kind: 'register_event', id: ev.event_id },
      unit_ids: [u.id],
      subject_ids: [ev.event_id],
      periods: [w.cal.period(t)],
      also:
        declared < thr * 1.1
          ? ['RENT.THRESHOLD', 'FALSIFY.INFLATE']
          : variant === 'shell'
            ? ['FALSIFY.INFLATE', 'FALSIFY.FABRICATE', 'REGISTER.MISCLASSIFIED']
            : ['FALSIFY.INFLATE', 'FALSIFY.FABRICATE'],
      detail: `${u.name} (${u.category}): ${detail}`,
    });
  }
}

/** A name as a second registration may spell it. */
function nameVariant(rng: Rng, name: string): string {
  const m = /^(济南市章丘区|济南|章丘|山东|)(.+?)(集团有限公司|股份有限公司|有限责任公司|有限公司)$/.exec(name);
  if (!m) return `${name}（章丘）`;
  const [, prefix, core, suffix] = m;
  const options = [
    `${prefix === '济南' ? '济南市章丘区' : '济南'}${core}${suffix}`,
    `${prefix}${core}${suffix === '有限公司' ? '有限责任公司' : '有限公司'}`,
    `${core}（章丘）${suffix}`,
    `${prefix}${core!.replace(/(.{2})/, '$1 ')}${suffix}`,
  ];
  return rng.pick(options).replace(/\s+/g, rng.chance(0.5) ? ' ' : '');
}

function addressVariant(rng: Rng, address: string): string {
  return rng.pick([address.replace('山东省', ''), address.replace('街道', '街道办事处'), address.replace(/(\d+)号$/, '$1号院'), address.replace('济南市章丘区', '章丘区')]);
}

/** 重复入库: one business in the register twice (ghost record, old and new code, branch double count). */
export function injectDuplicateUnits(w: World, rng: Rng, ids: IdPool): void {
  const P = w.cal.P;
  const variants = rng.shuffle(['name_variant_ghost', 'old_and_new_code', 'branch_double_count', 'name_variant_ghost'] as const).slice(0, count(w, 4, 3));
  for (const variant of variants) {
    const a = free(w, rng, (u) => whole(w)(u) && u.category !== 'real_estate' && u.econ.taxMode === 'monthly')[0];
    if (!a) continue;
    take(a, 'DUPLICATE_ORIGINAL');
    const b: HUnit = {
      ...a,
      idx: -1,
      seed: rng.u32(),
      tags: new Set(['duplicate']),
      market: [],
      econ: { ...a.econ, taxMode: 'none', elecMode: 'none', siMode: 'none', shocks: [...a.econ.shocks] },
      role: 'DUPLICATE',
    };
    let detail: string;
    const dupFrom = rng.chance(0.5) ? 0 : rng.int(3, P - 10);
    b.fileFrom = dupFrom;
    if (variant === 'old_and_new_code') {
      // The firm re-registered (new MA code); the record under the old code was never removed.
      b.id = ids.uscc(a.id.slice(2, 8), { prefix: '91', legacy: true });
      b.name = a.name;
      b.legalRep = a.legalRep;
      b.market = [
        { status: 'active', date: a.establishedDate, industryCode: a.industryCode },
        { status: 'deregistered', date: `${rng.int(2019, 2022)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}` },
      ];
      const newId = ids.uscc(w.districtCode, { prefix: '91' });
      recode(w, a, newId);
      a.market[0]!.date = a.market[0]!.date < '2019-01-01' ? a.market[0]!.date : a.market[0]!.date;
      detail = `old-code record ${b.id} (licence deregistered on re-registration) still reports beside the new code ${a.id}: same name, address and figures`;
    } else if (variant === 'branch_double_count') {
      b.id = ids.uscc(w.districtCode, { prefix: '91' });
      b.name = a.name.replace(/(有限责任公司|有限公司|股份有限公司|集团有限公司)$/, '$1章丘分公司');
      b.legalRep = rng.chance(0.5) ? a.legalRep : b.legalRep;
      b.market = [{ status: 'active', date: a.establishedDate, industryCode: a.industryCode, scope: a.market[0]?.scope }];
      detail = `branch ${b.id} reports a share of the head office's revenue that the head office ${a.id} also reports; no separate tax (head-office VAT)`;
    } else {
      b.id = ids.uscc(w.districtCode, { prefix: '91' });
      b.name = nameVariant(rng, a.name);
      b.address = addressVariant(rng, a.address);
      b.phone = rng.chance(0.6) ? a.phone : undefined;
      b.industryCode = rng.chance(0.7) ? a.industryCode : a.industryCode.slice(0, 3) + String((Number(a.industryCode[3]) + 1) % 10);
      detail = `${b.name} ${b.id} is ${a.name} ${a.id} registered a second time (name/address variants, same legal representative); it has no tax, grid or insurance records of its own`;
    }
    b.account = `ZQ${b.id.slice(8, 17)}`;
    b.enteredPeriod = dupFrom > 0 ? w.cal.period(dupFrom) : b.enteredPeriod;
    addUnit(w, b);
    derive(w, b);
    const share = variant === 'branch_double_count' ? rng.uniform(0.35, 0.6) : 1;
    for (let t = 0; t < P; t++) {
      const src = a.reports[t];
      if (t < dupFrom || !src) {
        b.reports[t] = null;
        b.filings[t] = null;
        b.revisions[t] = [];
        continue;
      }
      const jitter = () => (variant === 'old_and_new_code' ? 1 : 1 + rng.uniform(-0.03, 0.03));
      const rep: Report = {
        ...src,
        revenue: r1(src.revenue * share * jitter()),
        main: src.main === undefined ? undefined : r1(src.main * share * jitter()),
        gross: src.gross === undefined ? undefined : r1(src.gross * share),
        employees: Math.max(1, Math.round(src.employees * (variant === 'branch_double_count' ? share : 1))),
      };
      rep.kwh = undefined;
      consistent(rep);
      b.reports[t] = rep;
      b.revisions[t] = [];
      const f = a.filings[t]!;
      b.filings[t] = rng.chance(0.5) ? { ...f, account: b.account, at: f.at + rng.int(5, 120) * 60_000 } : { ...(b.filings[t] ?? f), account: b.account };
    }
    if (dupFrom > 0) {
      const ev = addEvent(w, {
        unit_id: b.id,
        type: 'entry',
        category: b.category,
        period: w.cal.period(dupFrom),
        reason: 'other',
        declared_annual_revenue: r1(trailing(a.trueRev, dupFrom) * share),
        submitted_by: b.town.account,
        submitted_at: isoAt(monthBefore(w, rng, dupFrom)),
      });
      void ev;
    }
    w.truth.push({
      pattern: 'REGISTER.DUPLICATE',
      variant,
      subject: { kind: 'unit', id: b.id },
      unit_ids: [b.id, a.id],
      periods: dupFrom > 0 ? [w.cal.period(dupFrom)] : [],
      also: variant === 'old_and_new_code' ? ['REGISTER.MISSED_EXIT', 'FALSIFY.COPY'] : ['FALSIFY.COPY', 'FALSIFY.FABRICATE'],
      detail,
    });
  }
}

/** 错误归类: trade or services put into the industry register, wholesale passed off as retail. */
export function injectMisclassified(w: World, rng: Rng): void {
  const P = w.cal.P;
  const variants = rng
    .shuffle(['trade_as_industry', 'wholesale_as_retail', 'code_category_mismatch', 'services_as_industry', 'trade_as_industry', 'wholesale_as_retail'] as const)
    .slice(0, count(w, 6, 4));
  for (const variant of variants) {
    const srcCat = variant === 'services_as_industry' ? 'services' : variant === 'code_category_mismatch' ? 'wholesale' : 'wholesale';
    const u = free(w, rng, (u) => whole(w)(u) && u.category === srcCat && u.industryCode !== '7212')[0];
    if (!u) continue;
    take(u, 'MISCLASSIFIED');
    const real = u.cls;
    const withEntry = variant !== 'code_category_mismatch' && rng.chance(0.7);
    let detail: string;
    if (variant === 'trade_as_industry' || variant === 'services_as_industry') {
      const fake = rng.pick(classesOf('industry').filter((c) => c.kwh < 150));
      u.category = 'industry';
      u.industryCode = fake.code;
      if (rng.chance(0.5)) u.name = u.name.replace(real.word, fake.word);
      u.market = [{ status: 'active', date: u.establishedDate, industryCode: real.code, scope: real.scope }];
      derive(w, u);
      mutate(u, range(0, P - 1), (r) => {
        r.gross = r1(r.revenue * rng.uniform(0.99, 1.02));
      });
      detail = `${variant === 'trade_as_industry' ? 'a trading firm' : 'a services firm'} (licence ${real.code} ${real.scope}) registered as industry ${fake.code}; office-level power use, gross output simply copied from sales`;
    } else if (variant === 'wholesale_as_retail') {
      const fake = rng.pick(classesOf('retail').filter((c) => c.code !== '5265'));
      u.econ.annual = rng.uniform(6000, 17_000);
      u.category = 'retail';
      u.industryCode = fake.code;
      u.market = [{ status: 'active', date: u.establishedDate, industryCode: real.code, scope: real.scope }];
      derive(w, u);
      detail = `a wholesaler (licence ${real.code} ${real.scope}, revenue ≈${r1(u.econ.annual)}, below the 20 000 wholesale threshold) entered as retail ${fake.code} to clear the 5 000 retail threshold`;
    } else {
      const fakeCat = rng.pick(['services', 'industry'] as const);
      u.category = fakeCat;
      detail = `category ${fakeCat} with a wholesale industry code ${u.industryCode} (licence agrees it is wholesale)`;
      derive(w, u);
    }
    let subject: { kind: 'unit' | 'register_event'; id: string } = { kind: 'unit', id: u.id };
    const ps: string[] = [];
    const ids: string[] = [];
    if (withEntry) {
      const t = entryT(w, rng);
      u.fileFrom = t;
      u.enteredPeriod = w.cal.period(t);
      derive(w, u);
      if (variant !== 'wholesale_as_retail') mutate(u, range(t, P - 1), (r) => (r.gross = r1(r.revenue * rng.uniform(0.99, 1.02))));
      const ev = addEvent(w, {
        unit_id: u.id,
        type: 'entry',
        category: u.category,
        period: w.cal.period(t),
        reason: 'reached_threshold',
        declared_annual_revenue: r1(trailing(u.trueRev, t)),
        evidence_tax_revenue: r1(trailing(u.tax, t)),
        submitted_by: towardsAccount(rng, u, 0.6),
        submitted_at: isoAt(monthBefore(w, rng, t)),
      });
      subject = { kind: 'unit', id: u.id };
      ps.push(w.cal.period(t));
      ids.push(ev.event_id);
    }
    w.truth.push({ pattern: 'REGISTER.MISCLASSIFIED', variant, subject, unit_ids: [u.id], subject_ids: ids.length ? ids : undefined, periods: ps, detail: `${u.name}: ${detail}` });
  }
  void classOf;
}

/** 违规退库: exits of units that still qualify, or after their figures were pushed down. */
export function injectFakeExit(w: World, rng: Rng): void {
  const P = w.cal.P;
  const variants = rng.shuffle(['still_above', 'reduced_before_exit', 'ceased_but_operating', 'moved_out_but_here', 'still_above', 'reduced_before_exit'] as const).slice(0, count(w, 6, 4));
  for (const variant of variants) {
    const u = free(w, rng, (u) => whole(w)(u) && thrCat(u) && u.econ.taxMode === 'monthly' && u.econ.elecMode !== 'none' && u.category !== 'construction')[0];
    if (!u) continue;
    take(u, 'FAKE_EXIT');
    const thr = threshold(u.category)!;
    const t = rng.chance(0.5) ? 12 : rng.int(13, P - 2);
    scaleTrailing(w, u, t - 1, thr * (variant === 'reduced_before_exit' ? rng.uniform(1.06, 1.35) : rng.uniform(1.15, 2.0)));
    derive(w, u);
    u.fileTo = t - 1;
    u.inRegister = false;
    u.exitedPeriod = w.cal.period(t);
    for (let k = t; k < P; k++) {
      u.reports[k] = null;
      u.filings[k] = null;
      u.revisions[k] = [];
    }
    let reason = 'below_threshold';
    let claimed: number | undefined;
    let detail: string;
    const trueSum = trailing(u.trueRev, t - 1);
    const taxSum = trailing(u.tax, t - 1);
    let periodsHit = [w.cal.period(t)];
    if (variant === 'still_above') {
      claimed = thr * rng.uniform(0.7, 0.95);
      detail = `exits ${w.cal.period(t)} as below threshold claiming ${r1(claimed)}, while its own reports sum to ${r1(trailing(reportedRevenue(u), t - 1))} and tax to ${r1(taxSum)}`;
    } else if (variant === 'reduced_before_exit') {
      const k0 = t - rng.int(4, 8);
      const target = thr * rng.uniform(0.75, 0.95);
      const rev = reportedRevenue(u);
      const keep = trailing(rev, k0 - 1, 12 - (t - k0));
      const cut = trailing(rev, t - 1, t - k0);
      const f = Math.max(0.2, (target - keep) / Math.max(1, cut));
      const done = mutate(u, range(k0, t - 1), (r) => scaleMoney(r, f));
      claimed = trailing(reportedRevenue(u), t - 1);
      periodsHit = [...done.map((k) => w.cal.period(k)), w.cal.period(t)];
      detail = `reports cut to ${pct(f)} for ${w.cal.period(k0)}..${w.cal.period(t - 1)} so the year shows ${r1(claimed)}, then exits below threshold; tax ${r1(taxSum)} and grid never fell`;
    } else if (variant === 'ceased_but_operating') {
      reason = 'ceased';
      detail = `exits ${w.cal.period(t)} as ceased (停业) but keeps declaring tax, drawing power and insuring staff (true 12 months ${r1(trueSum)})`;
    } else {
      reason = 'moved_out';
      detail = `exits ${w.cal.period(t)} as moved out, yet local tax, grid and insurance records go on as before`;
    }
    const ev = addEvent(w, {
      unit_id: u.id,
      type: 'exit',
      category: u.category,
      period: w.cal.period(t),
      reason,
      declared_annual_revenue: claimed === undefined ? undefined : r1(claimed),
      submitted_by: towardsAccount(rng, u, 0.6),
      submitted_at: isoAt(monthBefore(w, rng, t)),
    });
    w.truth.push({
      pattern: 'REGISTER.FAKE_EXIT',
      variant,
      subject: { kind: 'register_event', id: ev.event_id },
      unit_ids: [u.id],
      subject_ids: [ev.event_id],
      periods: periodsHit,
      also: variant === 'reduced_before_exit' ? ['FALSIFY.CONCEAL'] : undefined,
      detail: `${u.name} (${u.category}): ${detail}`,
    });
  }
}

/** 应退未退: units deregistered or revoked by market regulation that are still in the register. */
export function injectMissedExit(w: World, rng: Rng): void {
  const P = w.cal.P;
  const variants = rng
    .shuffle(['deregistered_silent', 'revoked_still_reporting', 'deregistered_long_ago', 'deregistered_zero_reports', 'deregistered_silent', 'revoked_still_reporting'] as const)
    .slice(0, count(w, 6, 4));
  for (const variant of variants) {
    const u = free(w, rng, (u) => whole(w)(u) && u.market.length === 1 && (variant !== 'deregistered_long_ago' || u.establishedDate < '2019-01-01'))[0];
    if (!u) continue;
    take(u, 'MISSED_EXIT');
    if (variant === 'deregistered_long_ago') u.enteredPeriod = undefined;
    let detail: string;
    let ps: string[];
    if (variant === 'deregistered_long_ago') {
      const date = `${rng.int(2020, 2022)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
      u.market.push({ status: 'deregistered', date });
      u.existTo = -1;
      derive(w, u);
      for (let t = 0; t < P; t++) {
        u.reports[t] = { revenue: 0, employees: 0 };
        u.filings[t] = { account: u.town.account, ip: u.town.officeIp(rng), device: u.town.staffDevices[0], at: localDateMs(w, t + 1, rng.int(3, 9)) };
        u.revisions[t] = [];
      }
      detail = `deregistered ${date}, before the window; still in the register with zero reports filed every month`;
      ps = [w.cal.period(0)];
    } else {
      const td = rng.int(2, P - 5);
      const status = variant === 'revoked_still_reporting' ? 'revoked' : 'deregistered';
      const date = localDate(w, td, rng.int(1, 28));
      u.market.push({ status, date });
      u.existTo = td;
      const keep = variant === 'revoked_still_reporting' || variant === 'deregistered_zero_reports';
      const last = u.econ.annual / 12;
      derive(w, u);
      if (keep) {
        for (let t = td + 1; t < P; t++) {
          const f = u.filings[td] ?? u.filings.find((x) => x) ?? null;
          if (!f) continue;
          u.reports[t] =
            variant === 'deregistered_zero_reports' ? { revenue: 0, employees: 0 } : { revenue: Math.round((last * rng.uniform(0.6, 0.9)) / 10) * 10, employees: u.reports[td]?.employees ?? 10 };
          u.filings[t] = { ...f, at: localDateMs(w, t + 1, rng.int(3, 9)) };
          u.revisions[t] = [];
        }
      }
      detail = `${status} ${date}; no exit filed, still in the register${variant === 'revoked_still_reporting' ? ', reports continue with round invented figures while tax and grid stop' : variant === 'deregistered_zero_reports' ? ', zero reports continue' : ', reports just stop'}`;
      ps = [w.cal.period(td)];
    }
    w.truth.push({
      pattern: 'REGISTER.MISSED_EXIT',
      variant,
      subject: { kind: 'unit', id: u.id },
      unit_ids: [u.id],
      periods: ps,
      also: variant === 'revoked_still_reporting' ? ['FALSIFY.FABRICATE', 'FALSIFY.INFLATE'] : variant === 'deregistered_long_ago' ? ['INTERFERE.PROXY_FILING'] : undefined,
      detail: `${u.name}: ${detail}`,
    });
  }
}

function localDateMs(w: World, t: number, day: number): number {
  return Date.UTC(w.cal.year(t), w.cal.month(t) - 1, day, 10, 0, 0);
}
