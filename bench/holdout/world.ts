import { DEFAULT_REGISTER_THRESHOLDS } from '../../lib/domain/thresholds';
import type { Category } from '../../lib/domain/kinds';
import { Calendar, dateString, localMs, monthOf } from './calendar';
import { defaultEcon } from './econ';
import { IdPool, ispPrefix, ispV4 } from './ids';
import type { Agency, FilingMode, HUnit, Town, World } from './model';
import { CATEGORY_SHARE, classesOf, personName, phone, ROADS, villageName, zihao, type IndustryClass } from './names';
import { Rng } from './rng';
import { buildTowns } from './towns';

export interface HoldoutOptions {
  seed: number;
  units: number;
  start: string;
  months: number;
}

export const DISTRICT_CODE = '370114';
export const THRESHOLDS = DEFAULT_REGISTER_THRESHOLDS;

export function threshold(cat: Category): number | null {
  return THRESHOLDS[cat];
}

/** The world before any look-alike or fraud: towns, units with honest parameters, agencies. */
export function baseWorld(opts: HoldoutOptions): { w: World; ids: IdPool; names: Set<string> } {
  const rng = new Rng(opts.seed * 7919 + 17);
  const ids = new IdPool(rng.fork('ids'));
  const cal = new Calendar(opts.start, opts.months);
  const towns = buildTowns(rng.fork('towns'), ids, DISTRICT_CODE);
  const macro: number[] = [];
  let m = 0;
  const mr = rng.fork('macro');
  for (let t = 0; t < cal.P; t++) {
    m = 0.7 * m + mr.normal(0, 0.012);
    macro.push(m);
  }
  const w: World = {
    cal,
    rng,
    districtCode: DISTRICT_CODE,
    districtName: '章丘区',
    cityName: '济南市',
    towns,
    units: [],
    byId: new Map(),
    agencies: [],
    accounts: [],
    offices: [],
    events: [],
    projects: [],
    truth: [],
    lookalikes: [],
    after: [],
    macro,
    scale: opts.units / 1500,
  };
  const ur = rng.fork('units');
  const names = new Set<string>();
  for (let i = 0; i < opts.units; i++) {
    const cat = ur.weighted(CATEGORY_SHARE);
    const cls = ur.weighted(classesOf(cat).map((c) => [c, c.weight] as const));
    const u = newUnit(w, ur, ids, names, cls, annualFor(ur, cat));
    addUnit(w, u);
  }
  assignFilingModes(w, ur, ids);
  return { w, ids, names };
}

export function annualFor(rng: Rng, cat: Category): number {
  const thr = threshold(cat);
  if (thr === null) return cat === 'construction' ? rng.lognormal(45_000, 0.9) : rng.lognormal(60_000, 1.0);
  return Math.min(thr * 120, thr * rng.pareto(1.04, 1.05));
}

export function pickTown(w: World, rng: Rng, cat: Category): Town {
  const industrial = cat === 'industry' || cat === 'construction';
  return rng.weighted(w.towns.map((t) => [t, industrial ? t.weightIndustry : t.weightTrade] as const));
}

/** A unit with honest parameters, established before the window and in the register throughout. */
export function newUnit(w: World, rng: Rng, ids: IdPool, names: Set<string>, cls: IndustryClass, annual: number, town?: Town): HUnit {
  const cat = cls.category;
  const tn = town ?? pickTown(w, rng, cat);
  const estYear = rng.weighted([
    [rng.int(1993, 2005), 2],
    [rng.int(2006, 2015), 4],
    [rng.int(2016, 2021), 4],
  ] as const);
  const est = localMs(estYear, rng.int(1, 12), rng.int(1, 28));
  const estDate = dateString(est);
  const individual = (cat === 'catering' || cat === 'retail' || cat === 'accommodation') && annual < 6000 && rng.chance(cat === 'catering' ? 0.3 : 0.1);
  const beforeReform = estDate < '2015-10-01';
  const division = rng.chance(0.1) ? '370100' : estDate < '2016-09-01' ? '370181' : DISTRICT_CODE;
  const id = ids.uscc(division, { prefix: individual ? '92' : '91', legacy: beforeReform && rng.chance(0.8) });
  const name = uniqueName(rng, names, cls, annual, individual, tn);
  const existFrom = monthOf(estDate.slice(0, 7)) - w.cal.startMonth;
  const u: HUnit = {
    idx: -1,
    id,
    seed: rng.u32(),
    name,
    cls,
    industryCode: cls.code,
    category: cat,
    town: tn,
    address: addressFor(rng, w, tn, cat),
    legalRep: personName(rng),
    phone: rng.chance(0.92) ? phone(rng) : undefined,
    account: `ZQ${id.slice(8, 17)}`,
    existFrom,
    existTo: w.cal.P + 60,
    fileFrom: 0,
    fileTo: w.cal.P - 1,
    inRegister: true,
    enteredPeriod: rng.chance(0.6) ? `${rng.int(Math.max(2011, estYear + 1), 2022)}-${String(rng.int(1, 12)).padStart(2, '0')}` : undefined,
    establishedDate: estDate,
    econ: defaultEcon(rng, cls, annual),
    filingMode: { kind: 'self', ipMode: 'dynamic', staticIp: '', prefix: '', devices: [], switchAt: 0, dayMean: 5, hourMean: 10 },
    trueRev: [],
    trueEmp: [],
    reports: [],
    filings: [],
    revisions: [],
    tax: [],
    vat: [],
    elec: [],
    insured: [],
    market: [],
    listed: true,
    tags: new Set(),
  };
  if (u.enteredPeriod && u.enteredPeriod < estDate.slice(0, 7)) u.enteredPeriod = undefined;
  u.filingMode = selfMode(rng, ids, w.cal.P);
  const regCode = rng.chance(0.1) ? siblingCode(rng, cls.code) : cls.code;
  u.market.push({ status: 'active', date: estDate, industryCode: rng.chance(0.85) ? regCode : undefined, scope: rng.chance(0.9) ? scopeFor(rng, cls) : undefined });
  return u;
}

export function addUnit(w: World, u: HUnit): HUnit {
  u.idx = w.units.length;
  w.units.push(u);
  w.byId.set(u.id, u);
  return u;
}

export function selfMode(rng: Rng, ids: IdPool, P: number): FilingMode {
  const ipMode = rng.weighted([
    ['static', 0.35],
    ['dynamic', 0.5],
    ['v6', 0.15],
  ] as const);
  const prefix = ispPrefix(rng);
  return {
    kind: 'self',
    ipMode,
    staticIp: ispV4(rng, prefix),
    prefix,
    devices: [ids.device(), ids.device()],
    switchAt: rng.chance(0.3) ? rng.int(1, P - 1) : P + 1,
    dayMean: rng.uniform(2.5, 7.5),
    hourMean: rng.uniform(9, 16),
  };
}

/** A class code of the same division, as a licence issued under an older classification may show. */
export function siblingCode(rng: Rng, code: string): string {
  const last = Number(code[3]);
  const alt = (last + rng.int(1, 8)) % 10;
  return code.slice(0, 3) + String(alt === 0 ? 9 : alt);
}

export function scopeFor(rng: Rng, cls: IndustryClass): string {
  const extras = ['；一般项目：技术服务、技术开发', '；货物进出口', '；道路货物运输（不含危险货物）', '；五金产品零售', '；劳务服务（不含劳务派遣）', ''];
  return cls.scope + (rng.chance(0.4) ? rng.pick(extras) : '');
}

const SUFFIX: [string, number][] = [
  ['有限公司', 0.72],
  ['有限责任公司', 0.2],
  ['股份有限公司', 0.05],
  ['集团有限公司', 0.03],
];

export function uniqueName(rng: Rng, names: Set<string>, cls: IndustryClass, annual: number, individual: boolean, town: Town): string {
  for (let k = 0; ; k++) {
    let name: string;
    const zh = zihao(rng);
    if (individual) {
      const tail = cls.category === 'catering' ? rng.pick(['饭店', '酒楼', '餐馆', '农家乐']) : cls.category === 'accommodation' ? rng.pick(['宾馆', '旅馆']) : rng.pick(['超市', '商店', '大药房']);
      name = `${rng.chance(0.6) ? '章丘区' : '济南市章丘区'}${rng.chance(0.4) ? town.name.replace(/(街道|镇|经济技术开发区)$/, '') : ''}${zh}${tail}`;
    } else {
      const prefix = rng.weighted([
        ['济南', 3],
        ['章丘', 3],
        ['济南市章丘区', 2],
        ['山东', annual > 200_000 ? 3 : 0.2],
        ['', 1],
      ] as const);
      const word = cls.word + (cls.category === 'industry' && rng.chance(0.2) ? rng.pick(['科技', '制造', '设备']) : '');
      const suffix = rng.weighted(SUFFIX);
      name = prefix === '' ? `${zh}${word}${suffix}` : prefix === '济南' || prefix === '山东' || prefix === '章丘' ? `${prefix}${zh}${word}${suffix}` : `${prefix}${zh}${word}${suffix}`;
    }
    if (!names.has(name) || k > 50) {
      names.add(name);
      return name;
    }
  }
}

export function addressFor(rng: Rng, w: World, town: Town, cat: Category): string {
  const base = `山东省${w.cityName}${w.districtName}${town.name}`;
  if ((cat === 'industry' || cat === 'construction') && town.kind !== 'park' && rng.chance(0.5)) return `${base}${villageName(rng)}`;
  return `${base}${rng.pick(ROADS)}${rng.int(1, 399)}号`;
}

/** Accounting agencies (代理记账) and office buildings sharing one line: both are honest filers for many units. */
function assignFilingModes(w: World, rng: Rng, ids: IdPool): void {
  const nAgencies = Math.max(2, Math.round(5 * w.scale));
  const streets = w.towns.filter((t) => t.kind === 'street').slice(0, 3);
  for (let a = 0; a < nAgencies; a++) {
    const town = rng.pick(streets);
    const id = ids.uscc(DISTRICT_CODE, { prefix: '91' });
    const agency: Agency = {
      id,
      name: `济南${zihao(rng)}${rng.pick(['财务咨询', '会计服务', '代理记账', '财税服务'])}有限公司`,
      account: `DL${id.slice(8, 17)}`,
      ip: ispV4(rng),
      devices: Array.from({ length: rng.int(1, 3) }, () => ids.device()),
      batchDay: rng.int(3, 9),
      ownAccount: a % 5 !== 1 && a % 5 !== 3,
      clients: [],
    };
    void town;
    w.agencies.push(agency);
  }
  const smallish = (u: HUnit) => {
    const thr = threshold(u.category) ?? 30_000;
    return u.econ.annual < thr * 3;
  };
  for (const u of w.units) {
    const p = smallish(u) ? (u.category === 'industry' ? 0.1 : 0.22) : 0.04;
    if (rng.chance(p)) {
      const a = rng.int(0, w.agencies.length - 1);
      w.agencies[a]!.clients.push(u.idx);
      u.filingMode = { kind: 'agency', agency: a };
      u.tags.add('agency_client');
    }
  }
  const nBuildings = Math.max(1, Math.round(3 * w.scale));
  const urban = w.towns.filter((t) => t.kind === 'street').slice(0, 2);
  for (let b = 0; b < nBuildings; b++) {
    const town = urban[b % urban.length]!;
    const tenants = w.units.filter((u) => u.town === town && u.filingMode.kind === 'self' && (u.category === 'services' || u.category === 'wholesale' || u.category === 'real_estate'));
    const chosen = rng.sample(tenants, rng.int(6, 12));
    const ip = ispV4(rng);
    for (const u of chosen) {
      u.filingMode = { kind: 'nat', ip, devices: [ids.device()], dayMean: rng.uniform(3, 7) };
      u.tags.add('shared_building');
    }
    if (chosen.length)
      w.lookalikes.push({
        kind: 'shared_office_building',
        unit_ids: chosen.map((u) => u.id),
        risk: ['INTERFERE.PROXY_FILING'],
        detail: `${chosen.length} tenants of one office building in ${town.name} file from the building's single public IP ${ip}, each on its own computer`,
      });
  }
  for (const a of w.agencies) {
    if (!a.clients.length) continue;
    w.lookalikes.push({
      kind: a.ownAccount ? 'accounting_agency_own_account' : 'accounting_agency_client_logins',
      unit_ids: a.clients.map((i) => w.units[i]!.id),
      risk: ['INTERFERE.PROXY_FILING', 'FALSIFY.COPY'],
      detail: `${a.name} files for ${a.clients.length} clients in monthly batches from ${a.ip}${a.ownAccount ? ' with its agent account' : ' logging in as each client'}`,
    });
  }
}
