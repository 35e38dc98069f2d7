import type { Category } from '../../lib/domain/kinds';
import { climateKwhFactor, seasonFactor } from './calendar';
import type { Econ, HUnit, Report, Rounding, Shock, World } from './model';
import type { IndustryClass } from './names';
import { Rng } from './rng';
import { makeFiling } from './filing';

/**
 * A stress knob for the evaluation, not part of the world: HOLDOUT_NOISE=1.5 makes every honest
 * series, tax declaration and meter reading 1.5 times as noisy, to see how quickly the rules'
 * false alarms grow on data noisier than the one they were tuned on. Default 1 (unchanged).
 */
export const NOISE = Number(process.env.HOLDOUT_NOISE ?? '1');
if (!(NOISE > 0)) throw new Error(`HOLDOUT_NOISE must be a positive number, not ${process.env.HOLDOUT_NOISE}`);

export function roundAs(x: number, r: Rounding): number {
  switch (r) {
    case 'd1':
      return Math.round(x * 10) / 10;
    case 'int':
      return Math.round(x);
    case 'ten':
      return Math.round(x / 10) * 10;
    case 'hundred':
      return x >= 1000 ? Math.round(x / 100) * 100 : Math.round(x / 10) * 10;
  }
}

export const d1 = (x: number) => Math.round(x * 10) / 10;

const BUILDING_KWH: Record<Category, number> = {
  industry: 300,
  construction: 120,
  wholesale: 260,
  retail: 650,
  accommodation: 1500,
  catering: 950,
  services: 240,
  real_estate: 220,
};

/** Economic parameters of a fresh unit of a class and annual size. */
export function defaultEcon(rng: Rng, cls: IndustryClass, annual: number): Econ {
  const cat = cls.category;
  const smallScale = annual < 5000;
  const e: Econ = {
    annual,
    growth: rng.normal(0.03, 0.09),
    sigma: 0.08,
    phi: rng.uniform(0.3, 0.65),
    seasonAmp: rng.uniform(0.7, 1.3),
    fixedFee: false,
    shocks: [],
    taxMode: 'monthly',
    taxRatio: rng.uniform(0.92, 1.02),
    taxLag: rng.chance(0.5) ? rng.uniform(0, 0.35) : 0,
    taxNoise: rng.uniform(0.015, 0.05),
    vatRate: rng.chance(0.7) ? rng.uniform(0.008, 0.04) : 0,
    elecMode: 'building',
    kwhIntensity: BUILDING_KWH[cat] * rng.lognormal(1, 0.3),
    baseLoad: rng.uniform(0.15, 0.4),
    siMode: rng.chance(0.95) ? 'normal' : 'none',
    coverage: rng.uniform(0.8, 1.0),
    revPerEmp: 800,
    wagePerEmp: rng.uniform(5, 8),
    margin: rng.normal(0.05, 0.035),
    mainShare: rng.chance(0.25) ? 1 : rng.uniform(0.9, 0.995),
    outputRatio: rng.uniform(0.97, 1.06),
    rounding: rng.weighted<Rounding>([
      ['d1', 0.63],
      ['int', 0.32],
      ['ten', smallScale ? 0.05 : 0.015],
      ['hundred', annual > 60_000 ? 0.02 : 0],
    ]),
    reportsKwh: false,
    kwhReportBias: 1,
    reportsInventory: false,
    reportsMain: rng.chance(0.9),
    reportsProfit: rng.chance(0.97),
    reportsWages: rng.chance(0.95),
    reportsDevice: rng.chance(0.94),
  };
  switch (cat) {
    case 'industry':
      e.sigma = rng.uniform(0.06, 0.12);
      e.revPerEmp = rng.uniform(700, 1700);
      e.wagePerEmp = rng.uniform(5, 7.5);
      e.elecMode = rng.chance(0.96) ? 'output' : 'none';
      e.kwhIntensity = cls.kwh * rng.lognormal(1, 0.3);
      e.coverage = rng.uniform(0.72, 1.0);
      e.reportsKwh = rng.chance(0.85);
      e.kwhReportBias = rng.chance(0.6) ? 1 : rng.uniform(0.96, 1.04);
      e.reportsInventory = rng.chance(0.9);
      if (rng.chance(0.05)) e.taxMode = 'none';
      break;
    case 'construction':
      e.sigma = rng.uniform(0.18, 0.3);
      e.revPerEmp = rng.uniform(400, 900);
      e.wagePerEmp = rng.uniform(6, 9);
      e.margin = rng.normal(0.03, 0.02);
      e.taxMode = rng.chance(0.8) ? 'settlement' : 'none';
      e.elecMode = rng.chance(0.4) ? 'building' : 'none';
      e.coverage = rng.uniform(0.2, 0.6);
      break;
    case 'wholesale':
      e.sigma = rng.uniform(0.1, 0.2);
      e.revPerEmp = rng.uniform(3000, 9000);
      e.margin = rng.normal(0.015, 0.01);
      e.elecMode = rng.chance(0.8) ? 'building' : 'none';
      e.coverage = rng.uniform(0.7, 1.0);
      e.reportsInventory = rng.chance(0.7);
      if (rng.chance(0.05)) e.taxMode = 'none';
      break;
    case 'retail':
      e.sigma = rng.uniform(0.05, 0.09);
      e.revPerEmp = rng.uniform(1000, 2500) * (cls.code === '5261' || cls.code === '5265' ? 3 : 1);
      e.wagePerEmp = rng.uniform(4.5, 6);
      e.margin = rng.normal(0.02, 0.015);
      e.elecMode = rng.chance(0.85) ? 'building' : 'none';
      e.coverage = rng.uniform(0.55, 0.9);
      e.reportsInventory = rng.chance(0.6);
      if (smallScale && rng.chance(0.3)) e.taxMode = 'quarterly';
      break;
    case 'accommodation':
    case 'catering':
      e.sigma = rng.uniform(0.05, 0.09);
      e.revPerEmp = cat === 'catering' ? rng.uniform(120, 250) : rng.uniform(150, 320);
      e.wagePerEmp = rng.uniform(3.8, 5);
      e.margin = rng.normal(0.05, 0.04);
      e.elecMode = rng.chance(0.9) ? 'building' : 'none';
      e.coverage = rng.uniform(0.4, 0.8);
      e.taxMode = smallScale
        ? rng.weighted([
            ['quarterly', 0.5],
            ['monthly', 0.45],
            ['none', 0.05],
          ] as const)
        : 'monthly';
      break;
    case 'services':
      e.sigma = rng.uniform(0.07, 0.13);
      e.revPerEmp = rng.uniform(300, 900);
      e.wagePerEmp = rng.uniform(6, 10);
      e.margin = rng.normal(0.08, 0.05);
      e.elecMode = rng.chance(0.75) ? 'building' : 'none';
      e.coverage = rng.uniform(0.85, 1.0);
      if (smallScale && rng.chance(0.15)) e.taxMode = 'quarterly';
      break;
    case 'real_estate':
      e.sigma = 0.3;
      e.revPerEmp = rng.uniform(3000, 10_000);
      e.wagePerEmp = rng.uniform(7, 10);
      e.margin = rng.normal(0.1, 0.08);
      e.taxMode = rng.chance(0.9) ? 'presale' : 'none';
      e.elecMode = rng.chance(0.7) ? 'building' : 'none';
      e.coverage = rng.uniform(0.8, 1.0);
      break;
  }
  e.sigma *= NOISE;
  e.taxNoise *= NOISE;
  return e;
}

function shockFactor(s: Shock, t: number): number {
  if (t < s.from) return 1;
  if (s.transient && t > s.to) return 1;
  const k = s.ramp <= 0 ? 1 : Math.min(1, (t - s.from + 1) / s.ramp);
  return 1 + (s.factor - 1) * k;
}

export function levelFactor(u: HUnit, t: number): number {
  let f = 1;
  for (const s of u.econ.shocks) f *= shockFactor(s, t);
  return f;
}

/** Whether the firm operates (in this district) in period t. */
export function operates(u: HUnit, t: number): boolean {
  return t >= u.existFrom && t <= u.existTo;
}

/**
 * Recomputes everything observable about a unit from its parameters: the true business, its
 * honest reports and filings, and the other departments' records. Deterministic in `u.seed`,
 * so injectors may change parameters and derive again.
 */
export function derive(w: World, u: HUnit): void {
  const { cal } = w;
  const P = cal.P;
  const r = new Rng(u.seed);
  const e = u.econ;
  const cat = u.category;
  const trueRev = new Array<number>(P).fill(0);
  const trueEmp = new Array<number>(P).fill(0);
  const output = new Array<number>(P).fill(0);
  let ar = r.normal(0, e.sigma);
  const innov = e.sigma * Math.sqrt(1 - e.phi * e.phi);
  let fee = (e.annual / 12) * Math.exp(e.growth * 0.5);
  for (let t = 0; t < P; t++) {
    ar = e.phi * ar + r.normal(0, innov);
    const lump = r.next();
    const lumpSize = r.uniform(2, 5);
    const small = r.uniform(0.02, 0.15);
    if (cal.month(t) === 1 && t > 0) fee *= Math.exp(e.growth) * (r.chance(0.5) ? 1 : r.uniform(0.97, 1.06));
    if (!operates(u, t)) continue;
    const y = cal.year(t);
    const m = cal.month(t);
    const season = Math.max(0.05, 1 + e.seasonAmp * (seasonFactor(cat, y, m) - 1)) * (e.ownSeason?.[m - 1] ?? 1);
    let level = (e.annual / 12) * Math.exp(e.growth * ((t + 0.5) / 12) + (w.macro[t] ?? 0)) * levelFactor(u, t);
    const age = t - u.existFrom;
    if (u.existFrom >= 0 && age < 6 && !u.tags.has('moved_in')) level *= 0.3 + (0.7 * (age + 1)) / 6;
    let rev: number;
    if (e.fixedFee) rev = fee * levelFactor(u, t);
    else if (cat === 'real_estate') rev = level * (lump < 0.25 ? lumpSize : small) * Math.exp(ar * 0.3);
    else rev = level * season * Math.exp(ar);
    trueRev[t] = Math.max(0, rev);
    output[t] = trueRev[t]! * e.outputRatio * Math.exp(r.normal(0, 0.03));
  }
  // Employment follows the business slowly; the end-of-month headcount is sticky.
  const baseEmp = Math.max(5, e.annual / e.revPerEmp);
  let emp = Math.max(3, Math.round(baseEmp * (u.existFrom >= 0 ? 0.6 : 1)));
  for (let t = 0; t < P; t++) {
    const z = r.normal(0, 1);
    const jump = r.next();
    if (!operates(u, t)) continue;
    const lvl = Math.exp(e.growth * (t / 12)) * levelFactor(u, t);
    let target = baseEmp * Math.pow(lvl, 0.6);
    if (cat === 'construction') target *= Math.pow(seasonFactor(cat, cal.year(t), cal.month(t)), 0.7);
    const gap = target - emp;
    if (Math.abs(gap) > Math.max(1, emp * 0.02) || jump < 0.3) emp += Math.round(gap * 0.4 + z * Math.max(0.5, Math.sqrt(emp) * 0.25));
    emp = Math.max(1, emp);
    trueEmp[t] = emp;
  }
  u.trueRev = trueRev;
  u.trueEmp = trueEmp;

  // Tax: taxable sales as declared to the tax bureau.
  u.tax = new Array(P).fill(null);
  u.vat = new Array(P).fill(null);
  for (let t = 0; t < P; t++) {
    const z = r.normal(0, 1);
    const q = r.uniform(0.7, 1.3);
    const vz = r.uniform(0.7, 1.3);
    if (!operates(u, t)) continue;
    let v: number | null = null;
    const prev = t > 0 && operates(u, t - 1) ? trueRev[t - 1]! : trueRev[t]!;
    switch (e.taxMode) {
      case 'monthly':
        v = e.taxRatio * ((1 - e.taxLag) * trueRev[t]! + e.taxLag * prev) * Math.exp(z * e.taxNoise);
        break;
      case 'quarterly':
        if (cal.month(t) % 3 === 0) {
          let s = 0;
          for (let k = t - 2; k <= t; k++) if (k >= 0) s += trueRev[k]!;
          v = e.taxRatio * s * Math.exp(z * e.taxNoise);
        }
        break;
      case 'settlement': {
        const qEnd = cal.month(t) % 3 === 0;
        let s = 0;
        const q0 = t - ((cal.month(t) - 1) % 3);
        for (let k = q0; k < q0 + 3; k++) s += k >= 0 && k < P ? trueRev[k]! : trueRev[t]!;
        v = e.taxRatio * s * (qEnd ? 0.7 : 0.15) * q;
        break;
      }
      case 'presale': {
        const m = cal.month(t);
        const hot = m === 3 || m === 4 || m === 5 || m === 9 || m === 10 ? 1.4 : m === 1 || m === 2 ? 0.5 : 0.9;
        v = (e.annual / 12) * hot * Math.max(0, 1 + 0.4 * z) * Math.exp(e.growth * (t / 12));
        break;
      }
      case 'none':
        break;
    }
    if (v !== null) {
      u.tax[t] = d1(Math.max(0, v));
      if (e.vatRate > 0) u.vat[t] = d1(u.tax[t]! * e.vatRate * vz);
    }
  }

  // Electricity as metered by the grid company.
  u.elec = new Array(P).fill(null);
  const meanOut = output.reduce((s, x) => s + x, 0) / Math.max(1, output.filter((x) => x > 0).length);
  for (let t = 0; t < P; t++) {
    const z = r.normal(0, 1);
    if (!operates(u, t)) continue;
    const m = cal.month(t);
    if (e.elecMode === 'output') {
      const load = e.baseLoad * meanOut + (1 - e.baseLoad) * output[t]!;
      u.elec[t] = Math.max(0, Math.round(e.kwhIntensity * load * (1 + 0.25 * (climateKwhFactor(m) - 1)) * Math.exp(z * 0.045 * NOISE)));
    } else if (e.elecMode === 'building') {
      u.elec[t] = Math.max(0, Math.round(e.kwhIntensity * Math.max(3, trueEmp[t]!) * climateKwhFactor(m) * Math.exp(z * 0.05 * NOISE)));
    }
  }

  // Social insurance: the insured headcount lags employment and moves in steps.
  u.insured = new Array(P).fill(null);
  let ins = Math.max(1, Math.round(emp * e.coverage));
  let first = true;
  for (let t = 0; t < P; t++) {
    const move = r.next();
    if (!operates(u, t)) continue;
    const target = Math.max(1, Math.round((t > 0 && operates(u, t - 1) ? trueEmp[t - 1]! : trueEmp[t]!) * e.coverage));
    if (first) {
      ins = target;
      first = false;
    } else if (Math.abs(target - ins) >= 2 && move < 0.55) ins += Math.round((target - ins) * 0.7);
    else if (move < 0.08) ins += target > ins ? 1 : target < ins ? -1 : 0;
    if (e.siMode === 'normal') u.insured[t] = Math.max(0, ins);
  }

  // Honest reports and their filings.
  u.reports = new Array(P).fill(null);
  u.filings = new Array(P).fill(null);
  u.revisions = Array.from({ length: P }, () => []);
  let inventory = e.annual * r.uniform(0.04, 0.18);
  for (let t = 0; t < P; t++) {
    const gap = r.next();
    const rz = [r.normal(0, 1), r.normal(0, 1), r.normal(0, 1), r.normal(0, 1)];
    const rev1 = r.next();
    const revShift = r.normal(0, 0.03);
    if (!operates(u, t) || t < u.fileFrom || t > u.fileTo) continue;
    if (gap < 0.006 && t > u.fileFrom && t < u.fileTo) continue; // a month never filed
    u.reports[t] = honestReport(u, cal.month(t), t, output[t]!, inventory, rz);
    inventory = u.reports[t]!.inventory ?? inventory;
    u.filings[t] = makeFiling(w, u, t, r);
    if (rev1 < 0.025) {
      const rep = { ...u.reports[t]! };
      rep.revenue = roundAs(rep.revenue * (1 + revShift), e.rounding);
      if (rep.main !== undefined) rep.main = d1(Math.min(rep.revenue, rep.main * (1 + revShift)));
      const f = u.filings[t]!;
      u.revisions[t]!.push({ report: rep, filing: { ...f, at: f.at + r.int(2, 18) * 86_400_000 + r.int(-3, 3) * 3_600_000 } });
    }
  }
}

function honestReport(u: HUnit, cm: number, t: number, output: number, inventory: number, z: number[]): Report {
  const e = u.econ;
  const revenue = roundAs(u.trueRev[t]!, e.rounding);
  const rep: Report = { revenue, employees: u.trueEmp[t]! };
  if (e.reportsMain) rep.main = e.mainShare === 1 ? revenue : d1(revenue * e.mainShare);
  if (u.category === 'industry') rep.gross = roundAs(output, e.rounding === 'hundred' ? 'hundred' : 'd1');
  if (e.reportsWages) {
    const bonus = cm === 12 ? 1.5 : cm === 1 ? 1.25 : 1;
    rep.wages = d1(rep.employees * e.wagePerEmp * bonus * Math.exp(z[0]! * 0.05));
  }
  if (e.reportsProfit) {
    // Month-end accruals move profit around; December's closing moves it most. Fixed costs make an idle month a loss.
    const noise = (cm === 12 ? 0.05 : 0.02) * revenue;
    const fixed = revenue < e.annual / 60 ? (0.01 * e.annual) / 12 : 0;
    rep.profit = d1(Math.min(0.6 * revenue, revenue * e.margin + z[1]! * noise - fixed));
  }
  if (e.reportsKwh && u.elec[t] !== null && u.elec[t] !== undefined) rep.kwh = Math.round(u.elec[t]! * e.kwhReportBias * Math.exp(z[2]! * 0.004));
  if (e.reportsInventory) {
    const flow = (rep.gross ?? revenue) - revenue;
    rep.inventory = d1(Math.max(0, inventory + flow * 0.8 + z[3]! * inventory * 0.03));
  }
  return rep;
}
