import { PERIODS, type SimUnit } from './model';
import { claim, officeIp, townOfficeAccount, type SampleContext } from './context';
import { round1, simulateEconomy } from './base';
import { TOWNS } from './district';

const periodsFrom = (from: number, to = PERIODS.length - 1) => PERIODS.slice(from, to + 1);
const unitTruth = (ctx: SampleContext, pattern: string, u: SimUnit, periods: string[], detail: string, unitIds = [u.unitId]) =>
  ctx.truth.push({ pattern, subject: { kind: 'unit', id: u.unitId }, unit_ids: unitIds, periods, detail });

/** Hard-edit breaks: one bad submission each. */
export function injectInvalid(ctx: SampleContext): void {
  const [a, b, c, d] = claim(ctx, 4);
  const e = claim(ctx, 1, (u) => u.category === 'industry')[0]!;
  const month = () => ctx.rng.int(3, 22);
  const cases: [SimUnit, (m: number) => Record<string, number>, string][] = [
    [a!, (m) => ({ main_revenue: round1(a!.reportedRevenue[m]! * 1.35) }), 'main revenue above revenue'],
    [b!, (m) => ({ profit: round1(b!.reportedRevenue[m]! * 1.6) }), 'profit above revenue'],
    [c!, () => ({ employees: 0 }), 'wages reported with no employees'],
    [d!, (m) => ({ wages: round1(d!.reportedEmployees[m]! * 85) }), 'average wage 85 thousand yuan a month'],
    [e, (m) => ({ gross_output: round1(e.reportedRevenue[m]! * 4.2) }), 'gross output four times revenue'],
  ];
  for (const [u, override, detail] of cases) {
    const m = month();
    u.overrides.set(m, override(m));
    unitTruth(ctx, 'DATA.INVALID', u, [PERIODS[m]!], detail);
  }
}

/** Reported revenue lifted (or cut) from some month on while tax and the grid see the real business. */
export function injectInflateConceal(ctx: SampleContext): void {
  for (const u of claim(ctx, 5)) {
    const from = ctx.rng.int(8, 18);
    const factor = ctx.rng.uniform(1.35, 1.8);
    for (let m = from; m < PERIODS.length; m++) u.reportedRevenue[m] = round1(u.trueRevenue[m]! * factor * (1 + ctx.rng.normal(0, 0.02)));
    if (ctx.rng.chance(0.5)) for (let m = from; m < PERIODS.length; m++) u.reportedEmployees[m] = Math.round(u.trueEmployees[m]! * 1.4);
    unitTruth(ctx, 'FALSIFY.INFLATE', u, periodsFrom(from), `reported revenue ×${factor.toFixed(2)} from ${PERIODS[from]}; tax and electricity unchanged`);
  }
  for (const u of claim(ctx, 4)) {
    const from = ctx.rng.int(8, 18);
    const factor = ctx.rng.uniform(0.45, 0.65);
    for (let m = from; m < PERIODS.length; m++) u.reportedRevenue[m] = round1(u.trueRevenue[m]! * factor * (1 + ctx.rng.normal(0, 0.02)));
    unitTruth(ctx, 'FALSIFY.CONCEAL', u, periodsFrom(from), `reported revenue ×${factor.toFixed(2)} from ${PERIODS[from]}; tax and electricity unchanged`);
  }
  // Look-alikes: real booms and real declines, seen by every source.
  for (const u of claim(ctx, 5)) {
    const from = ctx.rng.int(8, 18);
    const factor = ctx.rng.uniform(1.4, 1.9);
    for (let m = from; m < PERIODS.length; m++) {
      const ramp = Math.min(1, (m - from + 1) / 3);
      const f = 1 + (factor - 1) * ramp;
      u.trueRevenue[m] = u.reportedRevenue[m] = round1(u.trueRevenue[m]! * f);
      u.trueEmployees[m] = u.reportedEmployees[m] = Math.round(u.trueEmployees[m]! * (1 + 0.3 * ramp));
    }
    ctx.lookalikes.push({ kind: 'boom', unit_ids: [u.unitId], detail: `real growth ×${factor.toFixed(2)} from ${PERIODS[from]}, in tax and electricity too` });
  }
  for (const u of claim(ctx, 4)) {
    const from = ctx.rng.int(8, 18);
    const factor = ctx.rng.uniform(0.5, 0.7);
    for (let m = from; m < PERIODS.length; m++) u.trueRevenue[m] = u.reportedRevenue[m] = round1(u.trueRevenue[m]! * factor);
    ctx.lookalikes.push({ kind: 'decline', unit_ids: [u.unitId], detail: `real decline ×${factor.toFixed(2)} from ${PERIODS[from]}, in tax and electricity too` });
  }
}

/** Invented figures: round, smoothly growing series with constant headcount. */
export function injectFabricate(ctx: SampleContext): void {
  for (const u of claim(ctx, 4)) {
    const level = u.trueRevenue.slice(0, 12).reduce((s, x) => s + x, 0) / 12;
    const step = level > 5000 ? 1000 : 100;
    const growth = ctx.rng.uniform(1.004, 1.012);
    const heads = u.trueEmployees[0]!;
    for (let m = 0; m < PERIODS.length; m++) {
      u.reportedRevenue[m] = Math.round((level * Math.pow(growth, m)) / step) * step;
      u.reportedEmployees[m] = heads;
    }
    unitTruth(ctx, 'FALSIFY.FABRICATE', u, [...PERIODS], `revenue invented as multiples of ${step} growing ${((growth - 1) * 100).toFixed(1)}% a month`);
  }
  // Look-alikes: property managers whose fees really are near-constant (but not round).
  for (const u of claim(ctx, 3, (x) => x.industry.code === '7020' || x.category === 'services')) {
    const level = u.trueRevenue[0]!;
    for (let m = 0; m < PERIODS.length; m++) u.trueRevenue[m] = u.reportedRevenue[m] = round1(level * (1 + ctx.rng.normal(0, 0.01)));
    ctx.lookalikes.push({ kind: 'stable_revenue', unit_ids: [u.unitId], detail: 'contract fees, near-constant but not round' });
  }
}

/** One unit's figures copied into another's reports, identically or scaled. */
export function injectCopy(ctx: SampleContext): void {
  // Whole history copied, copied at 80 %, and only the last twelve months copied.
  const cases = [
    { scale: 1, months: PERIODS.length },
    { scale: 0.8, months: PERIODS.length },
    { scale: 1, months: 12 },
  ];
  for (const { scale, months } of cases) {
    const [source, copier] = claim(ctx, 2);
    const from = PERIODS.length - months;
    const levelRatio = copier!.trueRevenue.reduce((s, x) => s + x, 0) / source!.trueRevenue.reduce((s, x) => s + x, 0);
    // The copier's own economy is put at the copied level so that only the copying is wrong.
    if (levelRatio < 0.5 || levelRatio > 2) simulateEconomy(ctx.rng, copier!, source!.trueRevenue.slice(0, 12).reduce((s, x) => s + x, 0) * scale, 0.05);
    for (let m = from; m < PERIODS.length; m++) {
      copier!.reportedRevenue[m] = round1(source!.reportedRevenue[m]! * scale);
      copier!.reportedEmployees[m] = Math.round(source!.reportedEmployees[m]! * scale);
    }
    copier!.wagePerHead = source!.wagePerHead;
    copier!.margin = source!.margin;
    copier!.mainShare = source!.mainShare;
    copier!.inventoryRatio = source!.inventoryRatio;
    unitTruth(ctx, 'FALSIFY.COPY', copier!, periodsFrom(from), `figures copied from ${source!.unitId} ×${scale}`, [copier!.unitId, source!.unitId]);
  }
}

/** Town offices filing their units' reports (代填代报), and agencies doing it legitimately. */
export function injectProxyFiling(ctx: SampleContext): void {
  const towns = ctx.rng.shuffle([4, 5, 6, 7, 8, 9, 10].filter((t) => ctx.units.filter((u) => u.townIndex === t).length >= 12)).slice(0, 2);
  const [viaAccount, viaNetwork] = towns;
  if (viaAccount !== undefined) {
    const victims = claim(ctx, 7, (u) => u.townIndex === viaAccount);
    const from = ctx.rng.int(6, 14);
    const account = townOfficeAccount(viaAccount);
    const ip = officeIp(ctx, viaAccount);
    const device = `fp-office${String(viaAccount).padStart(7, '0')}`;
    const day = ctx.rng.uniform(3, 6) * 24;
    for (const u of victims)
      for (let m = from; m < from + 6; m++) {
        u.filer[m] = { account, ip, device };
        u.filingDelayHours[m] = day + ctx.rng.uniform(0, 3);
      }
    ctx.truth.push({
      pattern: 'INTERFERE.PROXY_FILING',
      subject: { kind: 'account', id: account },
      unit_ids: victims.map((u) => u.unitId),
      periods: periodsFrom(from, from + 5),
      detail: `${TOWNS[viaAccount]!.office} account filed for ${victims.length} units`,
    });
  }
  if (viaNetwork !== undefined) {
    const victims = claim(ctx, 6, (u) => u.townIndex === viaNetwork);
    const from = ctx.rng.int(6, 14);
    const ip = officeIp(ctx, viaNetwork);
    const day = ctx.rng.uniform(3, 6) * 24;
    for (const u of victims)
      for (let m = from; m < from + 6; m++) {
        u.filer[m] = { account: u.account, ip, device: 'fp-office-pc-01' };
        u.filingDelayHours[m] = day + ctx.rng.uniform(0, 2);
      }
    ctx.truth.push({
      pattern: 'INTERFERE.PROXY_FILING',
      subject: { kind: 'town', id: TOWNS[viaNetwork]!.code },
      unit_ids: victims.map((u) => u.unitId),
      periods: periodsFrom(from, from + 5),
      detail: `units' own accounts used from the ${TOWNS[viaNetwork]!.office} network`,
    });
  }
}

/** A town lifting its units' figures together by mass upward revisions; and a real town-wide shock. */
export function injectCoordinated(ctx: SampleContext): void {
  const candidates = ctx.rng.shuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].filter((t) => ctx.units.filter((u) => u.townIndex === t && !ctx.claimed.has(u.unitId)).length >= 14));
  const [town, shockTown] = candidates;
  if (town !== undefined) {
    const units = claim(ctx, 10, (u) => u.townIndex === town);
    const month = ctx.rng.int(10, 20);
    const at = ctx.rng.uniform(12, 16) * 24;
    for (const u of units) u.revisions.set(month, [{ factor: ctx.rng.uniform(1.08, 1.18), delayHours: at + ctx.rng.uniform(0, 30) }]);
    ctx.truth.push({
      pattern: 'INTERFERE.COORDINATED',
      subject: { kind: 'town', id: TOWNS[town]!.code },
      unit_ids: units.map((u) => u.unitId),
      periods: [PERIODS[month]!],
      detail: `${units.length} units revised upward 8–18% within 30 hours`,
    });
  }
  if (shockTown !== undefined) {
    const units = ctx.units.filter((u) => u.townIndex === shockTown && !ctx.claimed.has(u.unitId));
    const from = ctx.rng.int(10, 18);
    for (const u of units) {
      for (let m = from; m < Math.min(PERIODS.length, from + 3); m++) u.trueRevenue[m] = u.reportedRevenue[m] = round1(u.trueRevenue[m]! * 0.68);
      ctx.claimed.add(u.unitId);
    }
    ctx.lookalikes.push({
      kind: 'town_shock',
      unit_ids: units.map((u) => u.unitId),
      detail: `${TOWNS[shockTown]!.name}: real three-month fall of a third from ${PERIODS[from]} (road closure), seen by tax and the grid`,
    });
  }
}
