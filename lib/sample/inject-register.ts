import { INDUSTRIES, TOWNS, VILLAGES } from './district';
import { PERIODS, type SimUnit } from './model';
import { addEvent, claim, threshold, townOfficeAccount, trailing12, type SampleContext } from './context';
import { makeBaseUnit, publicIp, deviceId, round1, simulateEconomy, makeUscc } from './base';
import { makeProject, nextProjectId, registeredAt, permitFor, type SimProject } from './projects';

const YEAR_2024 = PERIODS.slice(12);

/** Scales a unit's true economy so that its 2024 revenue is `target`. */
function scaleTo2024(u: SimUnit, target: number): void {
  const current = u.trueRevenue.slice(12).reduce((s, x) => s + x, 0);
  const f = target / current;
  u.trueRevenue = u.trueRevenue.map((x) => round1(x * f));
  u.reportedRevenue = [...u.trueRevenue];
  u.trueEmployees = u.trueEmployees.map((e) => Math.max(3, Math.round(e * f)));
  u.reportedEmployees = [...u.trueEmployees];
}

/** Reports placed just above the register threshold while tax shows a smaller business (数据寻租). */
export function injectThreshold(ctx: SampleContext): void {
  const withThreshold = (u: SimUnit) => ['industry', 'wholesale', 'retail', 'catering', 'services'].includes(u.category);
  for (const u of claim(ctx, 4, withThreshold)) {
    scaleTo2024(u, threshold(u) * ctx.rng.uniform(0.7, 0.84));
    const target = threshold(u) * ctx.rng.uniform(1.004, 1.035);
    const f = target / u.trueRevenue.slice(12).reduce((s, x) => s + x, 0);
    for (let m = 12; m < PERIODS.length; m++) u.reportedRevenue[m] = round1(u.trueRevenue[m]! * f);
    for (let m = 0; m < 12; m++) u.reportedRevenue[m] = round1(u.trueRevenue[m]! * f);
    ctx.truth.push({
      pattern: 'RENT.THRESHOLD',
      subject: { kind: 'unit', id: u.unitId },
      unit_ids: [u.unitId],
      periods: [...YEAR_2024],
      detail: `2024 revenue reported ${target.toFixed(0)} against threshold ${threshold(u)}; tax shows ${(1 / f).toFixed(2)} of it`,
    });
  }
  for (const u of claim(ctx, 4, withThreshold)) {
    scaleTo2024(u, threshold(u) * ctx.rng.uniform(1.005, 1.05));
    ctx.lookalikes.push({ kind: 'near_threshold', unit_ids: [u.unitId], detail: 'really just above the threshold; tax agrees' });
  }
}

/** Entries into the register: genuine ones, and ones whose scale no other source bears out. */
export function injectEntries(ctx: SampleContext): void {
  const addEntrant = (industryIndex: number) => {
    const u = makeBaseUnit(ctx.rng, ctx.usedCodes, INDUSTRIES[industryIndex]!, ctx.rng.int(0, TOWNS.length - 1));
    ctx.units.push(u);
    ctx.claimed.add(u.unitId);
    ctx.accounts.push({ account: u.account, ownerType: 'unit', ownerId: u.unitId });
    return u;
  };
  const eligible = INDUSTRIES.map((ind, i) => [ind, i] as const).filter(([ind]) => ind.category !== 'real_estate');
  // Genuine entrants: grew through the threshold in 2023; entered 2024-01.
  for (let k = 0; k < 6; k++) {
    const [, i] = ctx.rng.pick(eligible);
    const u = addEntrant(i);
    const t = threshold(u);
    simulateEconomy(ctx.rng, u, t * ctx.rng.uniform(0.95, 1.1), ctx.rng.uniform(0.25, 0.45));
    const entryMonth = 12;
    const declared = round1(trailing12(u.trueRevenue, entryMonth - 1));
    if (declared < t) {
      const f = (t * 1.03) / declared;
      u.trueRevenue = u.trueRevenue.map((x) => round1(x * f));
      u.reportedRevenue = [...u.trueRevenue];
    }
    u.firstMonth = entryMonth;
    u.enteredPeriod = PERIODS[entryMonth];
    const finalDeclared = round1(trailing12(u.trueRevenue, entryMonth - 1));
    addEvent(ctx, {
      unit: u,
      type: 'entry',
      month: entryMonth,
      reason: 'reached_threshold',
      declared: finalDeclared,
      evidenceTax: round1(finalDeclared * u.taxRatio),
      submittedBy: k % 2 ? u.account : townOfficeAccount(u.townIndex),
    });
    ctx.lookalikes.push({ kind: 'genuine_entry', unit_ids: [u.unitId], detail: `entered ${u.enteredPeriod} with declared ${finalDeclared}` });
  }
  // Fake entrants: real scale about 60% of the threshold; reports jump before entry.
  for (let k = 0; k < 3; k++) {
    const [, i] = ctx.rng.pick(eligible.filter(([ind]) => ind.category !== 'services'));
    const u = addEntrant(i);
    const t = threshold(u);
    simulateEconomy(ctx.rng, u, t * ctx.rng.uniform(0.5, 0.68), ctx.rng.uniform(0, 0.08));
    const entryMonth = ctx.rng.int(12, 16);
    const lift = (t * ctx.rng.uniform(1.03, 1.12)) / trailing12(u.trueRevenue, entryMonth - 1);
    for (let m = entryMonth - 3; m < PERIODS.length; m++) u.reportedRevenue[m] = round1(u.trueRevenue[m]! * lift);
    u.firstMonth = entryMonth - 3;
    u.enteredPeriod = PERIODS[entryMonth];
    const declared = round1(trailing12(u.trueRevenue, entryMonth - 1) * lift);
    const event = addEvent(ctx, {
      unit: u,
      type: 'entry',
      month: entryMonth,
      reason: 'reached_threshold',
      declared,
      evidenceTax: round1(declared * ctx.rng.uniform(0.96, 1)),
      submittedBy: townOfficeAccount(u.townIndex),
    });
    ctx.truth.push({
      pattern: 'REGISTER.FAKE_ENTRY',
      subject: { kind: 'register_event', id: event.eventId },
      unit_ids: [u.unitId],
      periods: [PERIODS[entryMonth]!],
      detail: `declared ${declared} (threshold ${t}); tax shows ${round1(trailing12(u.trueRevenue, entryMonth - 1) * u.taxRatio)}`,
    });
  }
}

/** Exits: genuine falls below the threshold, and exits of units still above it. */
export function injectExits(ctx: SampleContext): void {
  const withThreshold = (u: SimUnit) => u.category !== 'real_estate' && u.category !== 'construction';
  for (const u of claim(ctx, 3, withThreshold)) {
    const exitMonth = ctx.rng.int(16, 20);
    scaleTo2024(u, threshold(u) * ctx.rng.uniform(1.4, 2));
    for (let m = exitMonth - 4; m <= exitMonth; m++) u.reportedRevenue[m] = round1(u.trueRevenue[m]! * ctx.rng.uniform(0.4, 0.55));
    u.lastMonth = exitMonth - 1;
    u.inRegister = false;
    u.exitedPeriod = PERIODS[exitMonth];
    const claimed = round1(trailing12(u.reportedRevenue, exitMonth - 1) * 0.55);
    const event = addEvent(ctx, { unit: u, type: 'exit', month: exitMonth, reason: 'below_threshold', declared: claimed, submittedBy: u.account });
    ctx.truth.push({
      pattern: 'REGISTER.FAKE_EXIT',
      subject: { kind: 'register_event', id: event.eventId },
      unit_ids: [u.unitId],
      periods: [PERIODS[exitMonth]!],
      detail: `exit claims ${claimed}; tax and electricity stay above threshold ${threshold(u)}`,
    });
  }
  for (const u of claim(ctx, 3, withThreshold)) {
    const exitMonth = ctx.rng.int(16, 20);
    const from = exitMonth - 8;
    const t = threshold(u);
    const level = (t * ctx.rng.uniform(0.55, 0.75)) / 12;
    for (let m = from; m < PERIODS.length; m++) u.trueRevenue[m] = u.reportedRevenue[m] = round1(level * (1 + ctx.rng.normal(0, 0.05)));
    u.lastMonth = exitMonth - 1;
    u.inRegister = false;
    u.exitedPeriod = PERIODS[exitMonth];
    addEvent(ctx, { unit: u, type: 'exit', month: exitMonth, reason: 'below_threshold', declared: round1(trailing12(u.trueRevenue, exitMonth - 1)), submittedBy: u.account });
    ctx.lookalikes.push({ kind: 'genuine_exit', unit_ids: [u.unitId], detail: `fell to ${(level * 12).toFixed(0)} a year (threshold ${t}); tax and electricity fell too` });
  }
  // Deregistered by market regulation and never exited from the register.
  for (const u of claim(ctx, 3)) {
    const month = ctx.rng.int(13, 18);
    const status = ctx.rng.chance(0.5) ? 'deregistered' : 'revoked';
    u.marketStatus.push({ status, date: `${PERIODS[month]}-${String(ctx.rng.int(3, 27)).padStart(2, '0')}` });
    ctx.truth.push({
      pattern: 'REGISTER.MISSED_EXIT',
      subject: { kind: 'unit', id: u.unitId },
      unit_ids: [u.unitId],
      periods: [PERIODS[month]!],
      detail: `${status} ${u.marketStatus[1]!.date} but still in the register and filing`,
    });
    for (let m = month + 1; m < PERIODS.length; m++) u.trueRevenue[m] = 0;
  }
  for (const u of claim(ctx, 2)) {
    const month = ctx.rng.int(13, 18);
    u.marketStatus.push({ status: 'deregistered', date: `${PERIODS[month]}-${String(ctx.rng.int(3, 27)).padStart(2, '0')}` });
    u.lastMonth = month;
    u.inRegister = false;
    u.exitedPeriod = PERIODS[month + 1];
    for (let m = month + 1; m < PERIODS.length; m++) u.trueRevenue[m] = 0;
    addEvent(ctx, { unit: u, type: 'exit', month: month + 1, reason: 'deregistered', submittedBy: u.account });
    ctx.lookalikes.push({ kind: 'proper_deregistration', unit_ids: [u.unitId], detail: 'deregistered and exited the register the next month' });
  }
}

function nameVariant(name: string): string {
  const swapped = name.endsWith('有限责任公司') ? name.replace(/有限责任公司$/, '有限公司') : name.replace(/有限公司$/, '有限责任公司');
  return swapped.replace(/^临沂兰山/, '临沂 兰山');
}

/** The same business in the register twice; and the same project filed twice. */
export function injectDuplicates(ctx: SampleContext): void {
  for (const original of claim(ctx, 2)) {
    const dup = makeBaseUnit(ctx.rng, ctx.usedCodes, original.industry, original.townIndex);
    Object.assign(dup, {
      name: nameVariant(original.name) + (ctx.rng.chance(0.5) ? '（兰山分公司）' : ''),
      legalRep: original.legalRep,
      phone: original.phone,
      address: original.address,
      hasReferenceRecords: false,
      enteredPeriod: PERIODS[ctx.rng.int(2, 8)],
    });
    dup.firstMonth = PERIODS.indexOf(dup.enteredPeriod!);
    dup.reportedRevenue = original.reportedRevenue.map((x) => round1(x * (1 + ctx.rng.normal(0, 0.01))));
    dup.reportedEmployees = [...original.reportedEmployees];
    dup.trueRevenue = dup.trueRevenue.map(() => 0);
    ctx.units.push(dup);
    ctx.claimed.add(dup.unitId);
    ctx.accounts.push({ account: dup.account, ownerType: 'unit', ownerId: dup.unitId });
    ctx.truth.push({
      pattern: 'REGISTER.DUPLICATE',
      subject: { kind: 'unit', id: dup.unitId },
      unit_ids: [dup.unitId, original.unitId],
      periods: [],
      detail: `duplicate of ${original.unitId} (${original.name})`,
    });
  }
  // Look-alike: one owner, two genuinely separate companies.
  const [a, b] = claim(ctx, 2);
  b!.legalRep = a!.legalRep;
  b!.phone = a!.phone;
  ctx.lookalikes.push({ kind: 'same_owner_group', unit_ids: [a!.unitId, b!.unitId], detail: 'same legal representative and phone, separate businesses' });
}

export function injectProjects(ctx: SampleContext): void {
  const owners = ctx.units.filter((u) => ['industry', 'real_estate', 'wholesale', 'services'].includes(u.category) && u.hasReferenceRecords);
  for (let k = 0; k < 40; k++) {
    const owner = ctx.rng.pick(owners);
    const planned = round1(ctx.rng.chance(0.7) ? ctx.rng.uniform(6000, 60000) : ctx.rng.uniform(60000, 300000));
    ctx.projects.push(makeProject(ctx.rng, owner, planned, ctx.rng.int(-8, 18)));
  }
  // Legitimate single projects just over the threshold.
  for (let k = 0; k < 3; k++) {
    const p = makeProject(ctx.rng, ctx.rng.pick(owners), round1(ctx.rng.uniform(5050, 5600)), ctx.rng.int(0, 18));
    p.componentCount = 1;
    p.lat = round1(35.1 * 1e5 + ctx.rng.int(0, 20000)) / 1e5;
    p.lon = round1(118.3 * 1e5 + ctx.rng.int(0, 20000)) / 1e5;
    ctx.projects.push(p);
    ctx.lookalikes.push({ kind: 'single_project_near_threshold', unit_ids: [p.owner.unitId], detail: `${p.projectId} ${p.name} ${p.planned}` });
  }
  // Bundled: several villages' small works filed as one project to pass 5 000.
  const works = ['道路硬化工程', '污水管网改造工程', '路灯安装工程', '河道清淤整治工程'];
  for (let k = 0; k < 3; k++) {
    const owner = ctx.rng.pick(owners);
    const villages = ctx.rng.shuffle([...VILLAGES]).slice(0, ctx.rng.int(3, 5));
    const town = TOWNS[owner.townIndex]!;
    const start = ctx.rng.int(2, 18);
    const year = 2023 + Math.floor(start / 12);
    const p: SimProject = {
      projectId: nextProjectId(year),
      name: `${town.name}${villages.join('、')}${ctx.rng.pick(works)}`,
      owner,
      planned: round1(ctx.rng.uniform(5010, 5450)),
      townIndex: owner.townIndex,
      address: `山东省临沂市兰山区${town.name}${villages.join('、')}`,
      startMonth: start,
      permitId:
        k === 0
          ? undefined
          : villages
              .slice(0, 2)
              .map(() => permitFor(ctx.rng, year, '48'))
              .join(';'),
      componentCount: villages.length,
      registeredAt: registeredAt(ctx.rng, start),
      registeredBy: townOfficeAccount(owner.townIndex),
      progress: new Map(),
    };
    for (let m = start; m < Math.min(PERIODS.length, start + 8); m++) p.progress.set(m, round1((p.planned / 8) * ctx.rng.uniform(0.7, 1.3)));
    ctx.projects.push(p);
    ctx.truth.push({
      pattern: 'REGISTER.BUNDLED_PROJECT',
      subject: { kind: 'project', id: p.projectId },
      unit_ids: [owner.unitId],
      periods: [],
      detail: `${villages.length} villages' works in one project of ${p.planned}`,
    });
  }
  // The same project filed twice.
  const original = ctx.projects[ctx.rng.int(0, 20)]!;
  const copy: SimProject = {
    ...original,
    projectId: nextProjectId(2024),
    name: original.name.replace(/项目$/, '工程'),
    registeredAt: registeredAt(ctx.rng, Math.min(PERIODS.length - 1, original.startMonth + 4)),
    progress: new Map([...original.progress].map(([m, v]) => [m, round1(v * (1 + ctx.rng.normal(0, 0.01)))])),
  };
  ctx.projects.push(copy);
  ctx.truth.push({
    pattern: 'REGISTER.DUPLICATE',
    subject: { kind: 'project', id: copy.projectId },
    unit_ids: [original.owner.unitId],
    periods: [],
    detail: `duplicate of project ${original.projectId}`,
  });
}

/** Wrong industry or category at entry. */
export function injectMisclassified(ctx: SampleContext): void {
  const trader = INDUSTRIES.find((i) => i.code === '5164')!;
  const factory = INDUSTRIES.find((i) => i.code === '2110')!;
  // Registered as a furniture factory; in truth a building-materials trader.
  const [a] = claim(ctx, 1, (u) => u.category === 'wholesale');
  Object.assign(a!, { industry: factory, category: 'industry', registeredIndustryCode: trader.code, businessScope: trader.scope, name: a!.name.replace(/(纺织|建材|化工)/, '家具') });
  scaleTo2024(a!, 26_000);
  // Industry category with a wholesale (section F) industry code.
  const [b] = claim(ctx, 1, (u) => u.category === 'wholesale');
  b!.category = 'industry';
  // A "factory" whose metered electricity per yuan is that of a trader.
  const [c] = claim(ctx, 1, (u) => u.category === 'industry');
  c!.kwhPerRevenue = ctx.rng.uniform(1.5, 3.5);
  c!.registeredIndustryCode = trader.code;
  c!.businessScope = '建材、五金交电批发';
  for (const [u, detail] of [
    [a!, 'registered as furniture manufacturing (2110); market regulation and electricity say building-materials wholesale'],
    [b!, `category industry with wholesale industry code ${b!.industry.code}`],
    [c!, "manufacturing unit with a trader's electricity use and a wholesale business scope"],
  ] as const) {
    ctx.truth.push({ pattern: 'REGISTER.MISCLASSIFIED', subject: { kind: 'unit', id: u.unitId }, unit_ids: [u.unitId], periods: [], detail });
  }
}

/** Accounting agencies filing for their clients: normal, and must not look like interference. */
export function addAgencies(ctx: SampleContext): void {
  for (let k = 0; k < 2; k++) {
    const { unitId } = makeUscc(ctx.rng, ctx.usedCodes);
    const account = `DZ${ctx.rng.int(30000, 39999)}`;
    const ip = publicIp(ctx.rng);
    const device = deviceId(ctx.rng);
    ctx.accounts.push({ account, ownerType: 'agent', ownerId: unitId });
    const clients = claim(ctx, 14, (u) => u.category !== 'real_estate');
    for (const u of clients) {
      u.filer = u.filer.map(() => ({ account, ip, device }));
      u.filingDelayHours = u.filingDelayHours.map(() => ctx.rng.uniform(1, 6) * 24 + ctx.rng.uniform(0, 8));
    }
    ctx.lookalikes.push({ kind: 'agency_filing', unit_ids: clients.map((u) => u.unitId), detail: `accounting agency ${account} files for ${clients.length} clients` });
  }
}
