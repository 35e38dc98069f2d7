import { DEFAULT_REGISTER_THRESHOLDS } from '../domain/thresholds';
import { orgCodeCheckCharacter, usccCheckCharacter, USCC_ALPHABET } from '../contract/uscc';
import { BRAND, DISTRICT_CODE, GIVEN, INDUSTRIES, STREETS, SURNAMES, TOWNS, VILLAGES, type IndustryProfile } from './district';
import { PERIODS, type SimUnit } from './model';
import type { Random } from './random';

/** Month-of-year demand, the same shape for every unit of a category (Spring Festival dip in Feb). */
const SEASONAL = [0.92, 0.78, 1.0, 1.0, 1.02, 1.03, 0.98, 0.98, 1.02, 1.03, 1.05, 1.19];

export function makeUscc(rng: Random, used: Set<string>): { unitId: string; orgCode: string } {
  const bodyAlphabet = USCC_ALPHABET.replace(/[0-9]/g, '') + '0123456789';
  for (;;) {
    const first = rng.chance(0.7) ? 'MA' : String(rng.int(10, 99));
    let body = first;
    while (body.length < 8) body += rng.pick(bodyAlphabet.split(''));
    const org = body + orgCodeCheckCharacter(body);
    if (!org.split('').every((c) => USCC_ALPHABET.includes(c))) continue;
    const first17 = `91${DISTRICT_CODE}${org}`;
    const unitId = first17 + usccCheckCharacter(first17);
    if (used.has(unitId)) continue;
    used.add(unitId);
    return { unitId, orgCode: org };
  }
}

export function personName(rng: Random): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN);
}

export function phoneNumber(rng: Random): string {
  return rng.chance(0.5) ? `0539-8${rng.int(1000000, 9999999)}` : `1${rng.pick(['35', '39', '58', '86', '53'])}${rng.int(10000000, 99999999)}`;
}

export function publicIp(rng: Random): string {
  return `${rng.pick([60, 112, 119, 123, 221])}.${rng.int(1, 254)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

export function deviceId(rng: Random): string {
  return `fp-${Array.from({ length: 12 }, () => '0123456789abcdef'[rng.int(0, 15)]).join('')}`;
}

/** Annual revenue of a register unit: mostly comfortably above the threshold, a tail of big ones. */
function annualRevenue(rng: Random, industry: IndustryProfile): number {
  const threshold = DEFAULT_REGISTER_THRESHOLDS[industry.category] ?? 30_000;
  return threshold * (1.15 + rng.logNormal(1.2, 0.8));
}

export function simulateEconomy(rng: Random, u: SimUnit, annual: number, growth: number): void {
  const monthlyGrowth = Math.pow(1 + growth, 1 / 12);
  const level = annual / 12;
  u.trueRevenue = PERIODS.map((_, t) => round1(level * SEASONAL[t % 12]! * Math.pow(monthlyGrowth, t - 12) * (1 + rng.normal(0, 0.05))));
  u.reportedRevenue = [...u.trueRevenue];
  const perHead = rng.uniform(...u.industry.revenuePerHead);
  let heads = Math.max(5, Math.round(level / perHead));
  u.trueEmployees = PERIODS.map(() => {
    heads = Math.max(3, heads + (rng.chance(0.3) ? rng.int(-2, 2) : 0));
    return heads;
  });
  u.reportedEmployees = [...u.trueEmployees];
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

export function makeBaseUnit(rng: Random, used: Set<string>, industry: IndustryProfile, townIndex: number): SimUnit {
  const { unitId, orgCode } = makeUscc(rng, used);
  const town = TOWNS[townIndex]!;
  const brand = rng.pick(BRAND) + (rng.chance(0.3) ? rng.pick(BRAND) : '');
  const suffix = rng.chance(0.5) ? '有限公司' : '有限责任公司';
  const name = `临沂${rng.chance(0.4) ? '兰山' : ''}${brand}${industry.noun}${suffix}`;
  const street = town.urban ? `${rng.pick(STREETS)}${rng.int(1, 399)}号` : rng.pick(VILLAGES);
  const enteredYear = rng.int(2008, 2022);
  const u: SimUnit = {
    unitId,
    orgCode,
    name,
    industry,
    category: industry.category,
    townIndex,
    address: `山东省临沂市兰山区${town.name}${street}`,
    legalRep: personName(rng),
    phone: phoneNumber(rng),
    established: `${rng.int(1998, enteredYear)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
    inRegister: true,
    enteredPeriod: rng.chance(0.7) ? `${enteredYear}-${String(rng.int(1, 12)).padStart(2, '0')}` : undefined,
    firstMonth: 0,
    lastMonth: PERIODS.length - 1,
    trueRevenue: [],
    reportedRevenue: [],
    trueEmployees: [],
    reportedEmployees: [],
    taxRatio: ['catering', 'retail', 'accommodation'].includes(industry.category) ? rng.uniform(0.82, 0.97) : rng.uniform(0.9, 1.02),
    kwhPerRevenue: rng.uniform(...industry.kwhPerRevenue),
    baseKwh: rng.uniform(200, 2000),
    coverage: rng.uniform(0.85, 1),
    wagePerHead: rng.uniform(4.5, 9),
    margin: rng.uniform(...industry.margin),
    mainShare: rng.uniform(0.9, 1),
    outputRatio: rng.uniform(0.97, 1.08),
    inventoryRatio: rng.uniform(0.3, 1.5),
    account: `LW${orgCode}`,
    ip: publicIp(rng),
    device: deviceId(rng),
    filer: [],
    filingDelayHours: PERIODS.map(() => rng.uniform(8, 8 * 24)),
    revisions: new Map(),
    overrides: new Map(),
    registeredIndustryCode: industry.code,
    businessScope: industry.scope,
    marketStatus: [],
    hasReferenceRecords: true,
  };
  u.marketStatus.push({ status: 'active', date: u.established });
  u.filer = PERIODS.map(() => ({ account: u.account, ip: u.ip, device: u.device }));
  simulateEconomy(rng, u, annualRevenue(rng, industry), rng.normal(0.05, 0.06));
  if (rng.chance(0.04)) {
    // Ordinary corrections: a small revision a few days after the first filing.
    const month = rng.int(0, PERIODS.length - 1);
    u.revisions.set(month, [{ factor: 1 + rng.normal(0, 0.02), delayHours: u.filingDelayHours[month]! + rng.uniform(24, 120) }]);
  }
  return u;
}

export function industriesFor(rng: Random): IndustryProfile {
  // Weighted like a district economy: industry and trade dominate the register.
  const weights: Record<string, number> = { industry: 5, wholesale: 3, retail: 2, accommodation: 0.5, catering: 1.5, services: 2, real_estate: 0.6 };
  const total = INDUSTRIES.reduce((s, i) => s + (weights[i.category] ?? 1), 0);
  let x = rng.uniform(0, total);
  for (const industry of INDUSTRIES) {
    x -= weights[industry.category] ?? 1;
    if (x <= 0) return industry;
  }
  return INDUSTRIES[0]!;
}
