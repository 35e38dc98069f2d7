import { dateString, localMs } from './calendar';
import { derive } from './econ';
import type { IdPool } from './ids';
import type { HUnit, LookAlike, World } from './model';
import { classesOf, zihao } from './names';
import type { Rng } from './rng';
import { addEvent, count, free, isoAt, localDate, monthBefore, r1, recode, reportedRevenue, take, trailing } from './util';
import { threshold } from './world';

const lk = (w: World, l: LookAlike) => w.lookalikes.push(l);

/** Scales a unit's size so that its true revenue over the 12 months ending with t is `target`. */
export function scaleTrailing(w: World, u: HUnit, t: number, target: number): void {
  derive(w, u);
  const s = trailing(u.trueRev, t);
  if (s > 0) u.econ.annual *= target / s;
}

/**
 * Legitimate businesses that look like fraud to a careless rule: real booms and declines that
 * other departments confirm, strong seasonality, fixed fees, exporters, agents invoicing gross,
 * near-threshold firms, groups and chains, honest entries and exits, town-wide real shocks.
 * Runs before the units are derived (parameters) and queues what needs derived data.
 */
export function planLookalikes(w: World, rng: Rng, ids: IdPool): void {
  const P = w.cal.P;
  const thrCat = (u: HUnit) => threshold(u.category) !== null;

  for (const u of free(w, rng, (u) => u.category !== 'real_estate' && u.category !== 'construction').slice(0, count(w, 22))) {
    take(u, 'real_boom');
    const from = rng.int(3, P - 8);
    const factor = rng.uniform(1.45, 2.6);
    u.econ.shocks.push({ from, to: P, factor, ramp: rng.int(2, 8), transient: false });
    lk(w, { kind: 'real_boom', unit_ids: [u.id], risk: ['FALSIFY.INFLATE'], detail: `real growth ×${factor.toFixed(2)} from ${w.cal.period(from)}, confirmed by tax, grid and insured headcount` });
  }
  for (const u of free(w, rng, (u) => u.category !== 'real_estate').slice(0, count(w, 22))) {
    take(u, 'real_decline');
    const from = rng.int(3, P - 6);
    const factor = rng.uniform(0.38, 0.72);
    u.econ.shocks.push({ from, to: P, factor, ramp: rng.int(1, 6), transient: false });
    lk(w, { kind: 'real_decline', unit_ids: [u.id], risk: ['FALSIFY.CONCEAL'], detail: `real decline ×${factor.toFixed(2)} from ${w.cal.period(from)}, confirmed by tax and grid` });
  }
  const seasonal: [string[], number[], string][] = [
    [['1524', '1469'], [0.55, 0.6, 0.8, 1.0, 1.25, 1.55, 1.8, 1.7, 1.2, 0.8, 0.6, 0.5], 'summer beverages'],
    [['1331', '1391'], [1.3, 1.0, 0.7, 0.6, 0.6, 0.7, 0.7, 0.8, 1.2, 1.6, 1.6, 1.5], 'post-harvest processing'],
    [['5162'], [1.6, 1.4, 1.0, 0.7, 0.6, 0.6, 0.7, 0.7, 0.8, 1.1, 1.5, 1.7], 'winter heating coal'],
    [['6140', '6110'], [0.5, 0.6, 0.8, 1.1, 1.3, 1.1, 1.5, 1.6, 1.1, 1.3, 0.7, 0.5], 'tourist lodging'],
  ];
  for (const [codes, shape, what] of seasonal) {
    for (const u of free(w, rng, (u) => codes.includes(u.industryCode)).slice(0, count(w, 4))) {
      take(u, 'seasonal_business');
      u.econ.ownSeason = shape.map((x) => x * rng.uniform(0.95, 1.05));
      lk(w, { kind: 'seasonal_business', unit_ids: [u.id], risk: ['FALSIFY.INFLATE', 'FALSIFY.CONCEAL', 'INTERFERE.COORDINATED'], detail: `strongly seasonal (${what}); tax and electricity follow` });
    }
  }
  for (const u of free(w, rng, (u) => ['7020', '7111', '7221', '5990'].includes(u.industryCode)).slice(0, count(w, 12))) {
    take(u, 'fixed_fee');
    u.econ.fixedFee = true;
    u.econ.rounding = rng.chance(0.6) ? 'int' : 'ten';
    u.econ.taxLag = 0;
    u.econ.taxNoise = 0.01;
    lk(w, { kind: 'fixed_fee', unit_ids: [u.id], risk: ['FALSIFY.FABRICATE', 'FALSIFY.COPY'], detail: 'contract fees: the same round revenue every month, adjusted once a year; tax agrees' });
  }
  for (const u of free(w, rng, (u) => u.category === 'industry' && u.econ.taxMode === 'monthly').slice(0, count(w, 12))) {
    take(u, 'exporter');
    u.econ.taxRatio = rng.uniform(0.3, 0.65);
    lk(w, { kind: 'exporter', unit_ids: [u.id], risk: ['FALSIFY.INFLATE'], detail: `exports are zero-rated: taxable sales only ${(u.econ.taxRatio * 100).toFixed(0)}% of revenue, steadily` });
  }
  for (const u of free(w, rng, (u) => (u.category === 'wholesale' || u.category === 'services') && u.econ.taxMode === 'monthly').slice(0, count(w, 6))) {
    take(u, 'gross_invoicing_agent');
    u.econ.taxRatio = rng.uniform(1.6, 3.0);
    lk(w, {
      kind: 'gross_invoicing_agent',
      unit_ids: [u.id],
      risk: ['FALSIFY.CONCEAL'],
      detail: `books net commission but invoices gross: taxable sales ${u.econ.taxRatio.toFixed(1)}× revenue, steadily`,
    });
  }
  for (const u of free(w, rng, (u) => u.category === 'industry' && (u.industryCode === '1331' || u.industryCode === '1391')).slice(0, count(w, 3))) {
    take(u, 'vat_exempt');
    u.econ.taxMode = 'none';
    lk(w, { kind: 'vat_exempt', unit_ids: [u.id], risk: ['FALSIFY.INFLATE', 'REGISTER.FAKE_ENTRY'], detail: 'sales of own agricultural produce are VAT-exempt: no tax declarations at all' });
  }
  for (const u of free(w, rng, (u) => u.category === 'industry' || u.category === 'services').slice(0, count(w, 4))) {
    take(u, 'zero_months');
    const from = rng.int(4, P - 4);
    const len = rng.int(1, 2);
    u.econ.shocks.push({ from, to: from + len - 1, factor: 0, ramp: 0, transient: true });
    lk(w, {
      kind: 'zero_months',
      unit_ids: [u.id],
      risk: ['DATA.INVALID', 'FALSIFY.CONCEAL'],
      detail: `shut for renovation/overhaul ${w.cal.period(from)} (+${len - 1}): zero revenue with staff kept`,
    });
  }

  // Honest near-threshold firms: annual revenue a hair above the threshold, tax agreeing.
  for (const u of free(w, rng, (u) => thrCat(u) && u.econ.taxMode === 'monthly').slice(0, count(w, 18))) {
    take(u, 'near_threshold_honest');
    u.econ.growth = rng.normal(0, 0.03);
    const thr = threshold(u.category)!;
    scaleTrailing(w, u, P - 1, thr * rng.uniform(1.0, 1.07));
    lk(w, { kind: 'near_threshold_honest', unit_ids: [u.id], risk: ['RENT.THRESHOLD'], detail: 'really just above its register threshold; tax agrees' });
  }

  // Groups with one legal representative, and chains: names alike, records independent.
  for (let g = 0; g < count(w, 8); g++) {
    const members = free(w, rng, (u) => u.category !== 'real_estate').slice(0, rng.int(2, 4));
    if (members.length < 2) break;
    const head = members[0]!;
    const zh = zihao(rng);
    const sameAddress = rng.chance(0.6);
    for (const u of members) {
      take(u, 'group_member');
      u.legalRep = head.legalRep;
      if (rng.chance(0.5)) u.phone = head.phone;
      if (sameAddress) u.address = head.address;
      u.town = head.town;
      u.name = `济南${zh}${u.cls.word}${u === head ? '集团有限公司' : '有限公司'}`;
    }
    lk(w, {
      kind: 'group_same_legal_rep',
      unit_ids: members.map((u) => u.id),
      risk: ['REGISTER.DUPLICATE', 'FALSIFY.COPY'],
      detail: `group ${zh}: ${members.length} firms with one legal representative${sameAddress ? ' at one address' : ''}, different trades, separate tax and grid records`,
    });
  }
  for (let c = 0; c < count(w, 3); c++) {
    const cat = rng.pick(['catering', 'retail', 'accommodation'] as const);
    const stores = free(w, rng, (u) => u.category === cat).slice(0, rng.int(3, 5));
    if (stores.length < 2) break;
    const zh = zihao(rng);
    const cls = stores[0]!.cls;
    for (const u of stores) {
      take(u, 'chain_store');
      u.cls = cls;
      u.industryCode = cls.code;
      u.name = `济南${zh}${cls.word}有限公司${u.town.name.replace(/(街道|镇|经济技术开发区)$/, '')}分公司`;
      u.econ.seasonAmp = 1;
      u.econ.annual = stores[0]!.econ.annual * rng.uniform(0.7, 1.3);
    }
    lk(w, {
      kind: 'chain_store',
      unit_ids: stores.map((u) => u.id),
      risk: ['REGISTER.DUPLICATE', 'FALSIFY.COPY'],
      detail: `${stores.length} branches of chain ${zh} in different streets: similar names, sizes and seasons, independent records`,
    });
  }

  // Market status noise that is not an exit: listed as abnormal (e.g. late annual report), or a revocation reversed.
  for (const u of free(w, rng, () => true).slice(0, count(w, 10))) {
    take(u, 'abnormal_status');
    const t = rng.int(0, P - 2);
    u.market.push({ status: 'abnormal', date: localDate(w, t, rng.int(1, 28)) });
    if (rng.chance(0.4)) u.market.push({ status: 'active', date: localDate(w, Math.min(P - 1, t + rng.int(1, 5)), rng.int(1, 28)) });
    lk(w, { kind: 'abnormal_status', unit_ids: [u.id], risk: ['REGISTER.MISSED_EXIT'], detail: 'listed as 经营异常 (abnormal) but still operating: not a reason to exit' });
  }
  for (const u of free(w, rng, () => true).slice(0, count(w, 3))) {
    take(u, 'revocation_reversed');
    const t = rng.int(0, P - 6);
    u.market.push({ status: 'revoked', date: localDate(w, t, rng.int(1, 28)) });
    u.market.push({ status: 'active', date: localDate(w, t + rng.int(1, 4), rng.int(1, 28)) });
    lk(w, { kind: 'revocation_reversed', unit_ids: [u.id], risk: ['REGISTER.MISSED_EXIT'], detail: 'licence revoked, then restored on review: the latest status is active' });
  }
  // A trading licence that predates the firm's switch to manufacturing: register category is right.
  for (const u of free(w, rng, (u) => u.category === 'industry' && u.econ.elecMode === 'output').slice(0, count(w, 3))) {
    take(u, 'transformed_business');
    const trade = rng.pick(classesOf('wholesale'));
    u.market = [{ status: 'active', date: u.establishedDate, industryCode: trade.code, scope: `${trade.scope}；${u.cls.scope}` }];
    lk(w, {
      kind: 'transformed_business',
      unit_ids: [u.id],
      risk: ['REGISTER.MISCLASSIFIED'],
      detail: `licence still shows trade (${trade.code}) from before it turned to manufacturing; grid use and output confirm industry`,
    });
  }

  planHonestRegister(w, rng, ids);
  planTownShocks(w, rng);
}

function eventAccount(w: World, rng: Rng, u: HUnit): string {
  return rng.chance(0.55) ? u.town.account : u.account;
}

/** Honest entries (reached threshold, newly established, moved in) and exits (below threshold, deregistered, ceased, moved out, merged). */
function planHonestRegister(w: World, rng: Rng, ids: IdPool): void {
  const P = w.cal.P;
  const thrCat = (u: HUnit) => threshold(u.category) !== null;
  const entryT = () => (rng.chance(0.6) ? 12 : rng.int(13, P - 2));
  for (const u of free(w, rng, (u) => thrCat(u) && u.econ.taxMode !== 'none').slice(0, count(w, 30))) {
    take(u, 'honest_entry');
    const t = entryT();
    const thr = threshold(u.category)!;
    u.econ.growth = rng.uniform(0.12, 0.35);
    u.fileFrom = t;
    u.enteredPeriod = w.cal.period(t);
    scaleTrailing(w, u, t, thr * rng.uniform(1.03, 1.6));
    w.after.push(() => {
      const declared = trailing(u.trueRev, t) * rng.uniform(0.99, 1.01);
      const evidence = trailing(u.tax, t);
      addEvent(w, {
        unit_id: u.id,
        type: 'entry',
        category: u.category,
        period: w.cal.period(t),
        reason: 'reached_threshold',
        declared_annual_revenue: r1(declared),
        evidence_tax_revenue: rng.chance(0.85) && evidence > 0 ? r1(evidence) : undefined,
        submitted_by: eventAccount(w, rng, u),
        submitted_at: isoAt(monthBefore(w, rng, t)),
      });
      lk(w, {
        kind: 'honest_entry',
        unit_ids: [u.id],
        risk: ['REGISTER.FAKE_ENTRY', 'RENT.THRESHOLD'],
        detail: `reached its threshold by real growth; declared ${r1(declared)} vs tax ${r1(evidence)}`,
      });
    });
  }
  for (const u of free(w, rng, (u) => thrCat(u) && u.category !== 'construction').slice(0, count(w, 10))) {
    take(u, 'new_firm');
    u.tags.add('new_firm');
    const t = rng.int(5, P - 3);
    const born = t - rng.int(1, 5);
    const est = localMs(w.cal.year(born), w.cal.month(born), rng.int(1, 28));
    u.establishedDate = dateString(est);
    recode(w, u, ids.uscc(w.districtCode, { prefix: '91' }));
    u.market = [{ status: 'active', date: u.establishedDate, industryCode: u.cls.code, scope: u.cls.scope }];
    u.existFrom = born;
    u.fileFrom = t;
    u.enteredPeriod = w.cal.period(t);
    u.econ.annual = threshold(u.category)! * rng.uniform(1.3, 5);
    u.econ.growth = rng.uniform(0.1, 0.4);
    w.after.push(() => {
      const declared = trailing(u.trueRev, t);
      const evidence = trailing(u.tax, t);
      addEvent(w, {
        unit_id: u.id,
        type: 'entry',
        category: u.category,
        period: w.cal.period(t),
        reason: 'newly_established',
        declared_annual_revenue: r1(declared),
        evidence_tax_revenue: evidence > 0 ? r1(evidence) : undefined,
        submitted_by: eventAccount(w, rng, u),
        submitted_at: isoAt(monthBefore(w, rng, t)),
      });
      lk(w, {
        kind: 'new_firm_short_history',
        unit_ids: [u.id],
        risk: ['REGISTER.FAKE_ENTRY', 'FALSIFY.INFLATE', 'RENT.THRESHOLD'],
        detail: `established ${u.establishedDate}, entered ${w.cal.period(t)} with ${t - born + 1} months of history and a ramp-up`,
      });
    });
  }
  for (const u of free(w, rng, (u) => thrCat(u) && u.econ.taxMode === 'monthly').slice(0, count(w, 4))) {
    take(u, 'moved_in');
    u.tags.add('moved_in');
    const t = rng.int(12, P - 3);
    recode(w, u, ids.uscc(rng.pick(['370112', '370102', '370105']), { prefix: '91', legacy: u.establishedDate < '2015-10-01' }));
    u.existFrom = t;
    u.fileFrom = t;
    u.enteredPeriod = w.cal.period(t);
    u.econ.annual = threshold(u.category)! * rng.uniform(1.5, 6);
    w.after.push(() => {
      const declared = u.econ.annual * Math.exp(u.econ.growth * (t / 12)) * rng.uniform(0.96, 1.04);
      addEvent(w, {
        unit_id: u.id,
        type: 'entry',
        category: u.category,
        period: w.cal.period(t),
        reason: 'moved_in',
        declared_annual_revenue: r1(declared),
        evidence_tax_revenue: r1(declared * rng.uniform(0.94, 1.0)),
        submitted_by: eventAccount(w, rng, u),
        submitted_at: isoAt(monthBefore(w, rng, t)),
      });
      lk(w, {
        kind: 'moved_in',
        unit_ids: [u.id],
        risk: ['REGISTER.FAKE_ENTRY'],
        detail: `moved in from another district at ${w.cal.period(t)}: no local tax history, evidence from the former tax office attached`,
      });
    });
  }
  // Exits.
  for (const u of free(w, rng, (u) => thrCat(u) && u.econ.annual < threshold(u.category)! * 1.8).slice(0, count(w, 28))) {
    take(u, 'honest_exit_below');
    const t = rng.chance(0.7) ? 12 : rng.int(13, P - 1);
    const thr = threshold(u.category)!;
    if (rng.chance(0.5)) u.econ.shocks.push({ from: Math.max(0, t - rng.int(6, 11)), to: P, factor: rng.uniform(0.6, 0.85), ramp: 3, transient: false });
    u.fileTo = t - 1;
    u.inRegister = false;
    u.exitedPeriod = w.cal.period(t);
    scaleTrailing(w, u, t - 1, thr * rng.uniform(0.55, 0.95));
    w.after.push(() => {
      const claimed = trailing(reportedRevenue(u), t - 1);
      const evidence = trailing(u.tax, t - 1);
      addEvent(w, {
        unit_id: u.id,
        type: 'exit',
        category: u.category,
        period: w.cal.period(t),
        reason: 'below_threshold',
        declared_annual_revenue: r1(claimed),
        evidence_tax_revenue: rng.chance(0.6) && evidence > 0 ? r1(evidence) : undefined,
        submitted_by: eventAccount(w, rng, u),
        submitted_at: isoAt(monthBefore(w, rng, t)),
      });
      lk(w, { kind: 'honest_exit_below', unit_ids: [u.id], risk: ['REGISTER.FAKE_EXIT'], detail: `really below threshold: 12-month revenue ${r1(claimed)}, tax ${r1(evidence)}` });
    });
  }
  const exitKinds: ['deregistered' | 'ceased' | 'moved_out' | 'merged', number][] = [
    ['deregistered', 10],
    ['ceased', 6],
    ['moved_out', 5],
    ['merged', 3],
  ];
  for (const [reason, n] of exitKinds) {
    for (const u of free(w, rng, () => true).slice(0, count(w, n))) {
      take(u, `honest_exit_${reason}`);
      const t = rng.int(4, P - 1);
      u.fileTo = t - 1;
      u.existTo = t - 1;
      u.inRegister = false;
      u.exitedPeriod = w.cal.period(t);
      if (reason === 'deregistered') u.econ.shocks.push({ from: Math.max(0, t - rng.int(4, 8)), to: P, factor: rng.uniform(0.3, 0.6), ramp: 3, transient: false });
      if (reason === 'ceased') u.econ.shocks.push({ from: Math.max(0, t - rng.int(5, 9)), to: P, factor: rng.uniform(0.1, 0.35), ramp: rng.int(2, 4), transient: false });
      if (reason === 'deregistered') u.market.push({ status: 'deregistered', date: localDate(w, t - 1, rng.int(5, 28)) });
      if (reason === 'merged') u.market.push({ status: 'deregistered', date: localDate(w, Math.min(P - 1, t + rng.int(0, 2)), rng.int(1, 28)) });
      w.after.push(() => {
        if (reason === 'ceased') {
          // Ceased firms keep filing zero tax returns for a while.
          for (let k = t; k < Math.min(P, t + rng.int(2, 8)); k++) if (u.econ.taxMode === 'monthly') u.tax[k] = 0;
          // The meter keeps turning for lights and guards; a caretaker or two stay insured for a while.
          const before = u.elec.slice(Math.max(0, t - 3), t).filter((x): x is number => x !== null);
          const base = before.length ? before.reduce((a, b) => a + b, 0) / before.length : 0;
          for (let k = t; k < P; k++) if (base > 0) u.elec[k] = Math.round(base * rng.uniform(0.02, 0.06));
          for (let k = t; k < Math.min(P, t + rng.int(1, 4)); k++) if (u.econ.siMode === 'normal') u.insured[k] = rng.int(1, 2);
        }
        const claimed = trailing(reportedRevenue(u), t - 1);
        addEvent(w, {
          unit_id: u.id,
          type: 'exit',
          category: u.category,
          period: w.cal.period(t),
          reason,
          declared_annual_revenue: reason === 'deregistered' || rng.chance(0.5) ? undefined : r1(claimed),
          submitted_by: eventAccount(w, rng, u),
          submitted_at: isoAt(monthBefore(w, rng, t)),
        });
        lk(w, {
          kind: `honest_exit_${reason}`,
          unit_ids: [u.id],
          risk: ['REGISTER.FAKE_EXIT'],
          detail: `${reason} at ${w.cal.period(t)}; the tax, grid and insurance records stop (or go to zero) accordingly`,
        });
      });
    }
  }
}

/** Real town-wide events: a winter pollution shutdown, a festival, a cluster boom, a legitimate audit-driven revision wave. */
function planTownShocks(w: World, rng: Rng): void {
  const P = w.cal.P;
  const towns = rng.shuffle(w.towns.filter((t) => t.kind !== 'park'));
  const industrial = towns.filter((t) => t.weightIndustry >= 4);
  const shutdownTown = industrial[0]!;
  const tShut = Math.min(P - 3, 10 + rng.int(0, 1));
  const len = rng.int(1, 3);
  const hit = w.units.filter((u) => u.town === shutdownTown && u.category === 'industry' && u.cls.kwh >= 100 && rng.chance(0.85));
  for (const u of hit) {
    u.econ.shocks.push({ from: tShut, to: tShut + len - 1, factor: rng.uniform(0.4, 0.75), ramp: 0, transient: true });
    u.tags.add('town_shock');
  }
  lk(w, {
    kind: 'town_shutdown',
    unit_ids: hit.map((u) => u.id),
    risk: ['INTERFERE.COORDINATED', 'FALSIFY.CONCEAL'],
    detail: `${shutdownTown.name}: heavy-pollution emergency output cuts ${w.cal.period(tShut)} for ${len} month(s) across ${hit.length} industrial units; tax and grid fall too`,
  });

  const festTown = towns.find((t) => t !== shutdownTown && t.weightTrade >= 2) ?? towns[1]!;
  const tFest = rng.int(14, P - 2);
  const fest = w.units.filter((u) => u.town === festTown && (u.category === 'catering' || u.category === 'accommodation' || u.category === 'retail'));
  for (const u of fest) {
    u.econ.shocks.push({ from: tFest, to: tFest, factor: rng.uniform(1.2, 1.45), ramp: 0, transient: true });
    u.tags.add('town_shock');
  }
  lk(w, {
    kind: 'town_festival',
    unit_ids: fest.map((u) => u.id),
    risk: ['INTERFERE.COORDINATED', 'FALSIFY.INFLATE'],
    detail: `${festTown.name}: a spring-water festival lifts ${fest.length} shops, hotels and restaurants in ${w.cal.period(tFest)}; tax follows`,
  });

  const boomTown = industrial.find((t) => t !== shutdownTown) ?? industrial[1]!;
  const tBoom = rng.int(6, P - 8);
  const cluster = w.units.filter((u) => u.town === boomTown && u.category === 'industry' && ['3670', '3484', '3391', '2929', '3821'].includes(u.industryCode));
  for (const u of cluster) {
    u.econ.shocks.push({ from: tBoom, to: P, factor: rng.uniform(1.15, 1.4), ramp: rng.int(1, 3), transient: false });
    u.tags.add('town_shock');
  }
  lk(w, {
    kind: 'cluster_boom',
    unit_ids: cluster.map((u) => u.id),
    risk: ['INTERFERE.COORDINATED', 'FALSIFY.INFLATE'],
    detail: `${boomTown.name}: a new vehicle plant's orders lift ${cluster.length} parts suppliers from ${w.cal.period(tBoom)}; tax and grid follow`,
  });

  const auditTown = towns.find((t) => t !== shutdownTown && t !== festTown && t !== boomTown)!;
  const tAudit = rng.int(4, P - 3);
  w.after.push(() => {
    const revised: HUnit[] = [];
    for (const u of w.units) {
      if (u.town !== auditTown || !u.reports[tAudit] || u.revisions[tAudit]!.length || !rng.chance(0.55)) continue;
      const f = u.filings[tAudit]!;
      const rep = { ...u.reports[tAudit]! };
      rep.revenue = r1(rep.revenue * (1 + rng.normal(-0.025, 0.03)));
      if (rep.main !== undefined) rep.main = Math.min(rep.revenue, r1(rep.main * (rep.revenue / u.reports[tAudit]!.revenue || 1)));
      const day = localMs(w.cal.year(tAudit + 1), w.cal.month(tAudit + 1), rng.int(14, 24), rng.int(8, 18), rng.int(0, 59));
      u.revisions[tAudit]!.push({ report: rep, filing: { ...f, at: Math.max(day, f.at + 86_400_000) } });
      revised.push(u);
    }
    lk(w, {
      kind: 'audit_revision_wave',
      unit_ids: revised.map((u) => u.id),
      risk: ['INTERFERE.COORDINATED'],
      detail: `${auditTown.name}: after a bureau data-quality review of ${w.cal.period(tAudit)}, ${revised.length} units correct their own figures (mostly down, own devices, over ten days)`,
    });
  });
}
