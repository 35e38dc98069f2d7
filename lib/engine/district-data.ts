import type {
  AccountRecord,
  ElectricityRecord,
  MarketStatusRecord,
  OfficeRecord,
  ProjectProgressRecord,
  ProjectRecord,
  RegisterEventRecord,
  SocialInsuranceRecord,
  SubmissionRecord,
  TaxRecord,
  UnitRecord,
} from '../contract/schemas';
import type { Category } from '../domain/kinds';
import { periodRange, periodToMonth } from './periods';

export interface DistrictInput {
  units: UnitRecord[];
  submissions: SubmissionRecord[];
  tax: TaxRecord[];
  electricity: ElectricityRecord[];
  social_insurance: SocialInsuranceRecord[];
  market_status: MarketStatusRecord[];
  register_events: RegisterEventRecord[];
  projects: ProjectRecord[];
  project_progress: ProjectProgressRecord[];
  accounts: AccountRecord[];
  offices: OfficeRecord[];
}

export interface UnitInfo {
  id: string;
  name: string;
  industryCode: string;
  category: Category;
  townCode: string;
  townName?: string;
  address?: string;
  legalRep?: string;
  phone?: string;
  inRegister: boolean;
  enteredPeriod?: string;
  exitedPeriod?: string;
  /** False when the unit files reports but is missing from the register file. */
  known: boolean;
}

/**
 * The district as the rules read it: units × periods matrices (row-major, `u * P + t`,
 * NaN where nothing was filed) so that rules run in tight loops over typed arrays, plus
 * the records that rules read one by one.
 */
export interface DistrictData {
  periods: string[];
  periodIndex: Map<string, number>;
  /** Number of periods: the row length of every matrix. */
  P: number;
  units: UnitInfo[];
  unitIndex: Map<string, number>;
  /** Latest revision of each unit-period. */
  revenue: Float64Array;
  mainRevenue: Float64Array;
  grossOutput: Float64Array;
  employees: Float64Array;
  wages: Float64Array;
  profit: Float64Array;
  reportedKwh: Float64Array;
  /** Revenue as first filed (revision 0). */
  firstRevenue: Float64Array;
  /** Index into `submissions` of the latest revision, −1 where none. */
  latestSubmission: Int32Array;
  taxSales: Float64Array;
  gridKwh: Float64Array;
  insured: Float64Array;
  submissions: SubmissionRecord[];
  marketStatus: Map<number, MarketStatusRecord[]>;
  registerEvents: RegisterEventRecord[];
  projects: ProjectRecord[];
  progress: Map<string, Float64Array>;
  accounts: Map<string, AccountRecord>;
  offices: OfficeRecord[];
  /** Peer groups: category × industry division (first two digits), unit indices. */
  peerGroups: Map<string, number[]>;
}

export function peerKey(unit: UnitInfo): string {
  return `${unit.category}|${unit.industryCode.slice(0, 2)}`;
}

function nanMatrix(n: number): Float64Array {
  return new Float64Array(n).fill(Number.NaN);
}

export function buildDistrictData(input: DistrictInput): DistrictData {
  // Every dated monthly record spans the matrices, projects' progress included: a project
  // reporting past the last submission month must not lose those months.
  let first = '9999-12';
  let last = '0000-01';
  const see = (rows: readonly { period: string }[]) => {
    for (const r of rows) {
      if (r.period < first) first = r.period;
      if (r.period > last) last = r.period;
    }
  };
  for (const rows of [input.submissions, input.tax, input.electricity, input.social_insurance, input.project_progress]) see(rows);
  const periods = first <= last ? periodRange(first, last) : [];
  const periodIndex = new Map(periods.map((p, i) => [p, i]));
  const P = periods.length;

  const units: UnitInfo[] = [];
  const unitIndex = new Map<string, number>();
  for (const u of input.units) {
    if (unitIndex.has(u.unit_id)) continue;
    unitIndex.set(u.unit_id, units.length);
    units.push({
      id: u.unit_id,
      name: u.name,
      industryCode: u.industry_code,
      category: u.category,
      townCode: u.town_code,
      townName: u.town_name,
      address: u.address,
      legalRep: u.legal_rep,
      phone: u.phone,
      inRegister: u.in_register,
      enteredPeriod: u.entered_period,
      exitedPeriod: u.exited_period,
      known: true,
    });
  }
  const indexOf = (id: string): number => {
    let i = unitIndex.get(id);
    if (i === undefined) {
      i = units.length;
      unitIndex.set(id, i);
      units.push({ id, name: '', industryCode: '0000', category: 'industry', townCode: '', inRegister: false, known: false });
    }
    return i;
  };
  for (const s of input.submissions) indexOf(s.unit_id);
  const U = units.length;
  const n = U * P;
  const data: DistrictData = {
    periods,
    periodIndex,
    P,
    units,
    unitIndex,
    revenue: nanMatrix(n),
    mainRevenue: nanMatrix(n),
    grossOutput: nanMatrix(n),
    employees: nanMatrix(n),
    wages: nanMatrix(n),
    profit: nanMatrix(n),
    reportedKwh: nanMatrix(n),
    firstRevenue: nanMatrix(n),
    latestSubmission: new Int32Array(n).fill(-1),
    taxSales: nanMatrix(n),
    gridKwh: nanMatrix(n),
    insured: nanMatrix(n),
    submissions: input.submissions,
    marketStatus: new Map(),
    registerEvents: input.register_events,
    projects: input.projects,
    progress: new Map(),
    accounts: new Map(input.accounts.map((a) => [a.account, a])),
    offices: input.offices,
    peerGroups: new Map(),
  };

  const latestRevision = new Int32Array(n).fill(-1);
  input.submissions.forEach((s, k) => {
    const t = periodIndex.get(s.period)!;
    const cell = unitIndex.get(s.unit_id)! * P + t;
    if (s.revision === 0) data.firstRevenue[cell] = s.revenue;
    if (s.revision <= latestRevision[cell]!) return;
    latestRevision[cell] = s.revision;
    data.latestSubmission[cell] = k;
    data.revenue[cell] = s.revenue;
    data.mainRevenue[cell] = s.main_revenue ?? Number.NaN;
    data.grossOutput[cell] = s.gross_output ?? Number.NaN;
    data.employees[cell] = s.employees;
    data.wages[cell] = s.wages ?? Number.NaN;
    data.profit[cell] = s.profit ?? Number.NaN;
    data.reportedKwh[cell] = s.electricity_kwh ?? Number.NaN;
  });
  const fill = (rows: { unit_id: string; period: string }[], target: Float64Array, value: (r: never) => number) => {
    for (const r of rows) {
      const u = unitIndex.get(r.unit_id);
      const t = periodIndex.get(r.period);
      if (u !== undefined && t !== undefined) target[u * P + t] = value(r as never);
    }
  };
  fill(input.tax, data.taxSales, (r: TaxRecord) => r.taxable_sales);
  fill(input.electricity, data.gridKwh, (r: ElectricityRecord) => r.kwh);
  fill(input.social_insurance, data.insured, (r: SocialInsuranceRecord) => r.insured_headcount);

  for (const m of input.market_status) {
    const u = unitIndex.get(m.unit_id);
    if (u === undefined) continue;
    const list = data.marketStatus.get(u);
    if (list) list.push(m);
    else data.marketStatus.set(u, [m]);
  }
  for (const list of data.marketStatus.values()) list.sort((a, b) => a.status_date.localeCompare(b.status_date));
  for (const p of input.project_progress) {
    const t = periodIndex.get(p.period);
    let series = data.progress.get(p.project_id);
    if (!series) data.progress.set(p.project_id, (series = nanMatrix(P)));
    if (t !== undefined) series[t] = p.completed_investment;
  }
  units.forEach((u, i) => {
    if (!u.known) return;
    const key = peerKey(u);
    const group = data.peerGroups.get(key);
    if (group) group.push(i);
    else data.peerGroups.set(key, [i]);
  });
  return data;
}

/** Month number of a period, for rules comparing dates with periods. */
export { periodToMonth };
