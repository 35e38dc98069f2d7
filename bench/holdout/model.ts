import type { Category } from '../../lib/domain/kinds';
import type { Pattern } from '../../lib/domain/finding';
import type { Calendar } from './calendar';
import type { IndustryClass } from './names';
import type { Rng } from './rng';

export interface Town {
  code: string;
  name: string;
  kind: 'street' | 'town' | 'park';
  /** Office networks (offices file); the first is IPv4. */
  cidrs: string[];
  /** Addresses handed out inside the office networks. */
  officeIp: (rng: Rng) => string;
  officeV6?: (rng: Rng) => string;
  account: string;
  ownerType: 'town_office' | 'park_office';
  /** Devices of the statistics station's staff. */
  staffDevices: string[];
  /** Relative number of units located here, by category group. */
  weightIndustry: number;
  weightTrade: number;
}

export interface Agency {
  id: string;
  name: string;
  account: string;
  ip: string;
  devices: string[];
  /** Day of the month (after the period) the agency files its batch. */
  batchDay: number;
  /** True when the agency files with its own agent account; false when it logs in as each client. */
  ownAccount: boolean;
  clients: number[];
}

export interface Report {
  revenue: number;
  main?: number;
  gross?: number;
  employees: number;
  wages?: number;
  profit?: number;
  kwh?: number;
  inventory?: number;
}

export interface Filing {
  account: string;
  ip: string;
  device?: string;
  /** Local (Beijing) time in ms, as UTC fields. */
  at: number;
}

export interface Revision {
  report: Report;
  filing: Filing;
}

export type FilingMode =
  | { kind: 'self'; ipMode: 'static' | 'dynamic' | 'v6'; staticIp: string; prefix: string; devices: string[]; switchAt: number; dayMean: number; hourMean: number }
  | { kind: 'agency'; agency: number }
  | { kind: 'nat'; ip: string; devices: string[]; dayMean: number };

export type TaxMode = 'monthly' | 'quarterly' | 'none' | 'presale' | 'settlement';
export type ElecMode = 'output' | 'building' | 'none';
export type Rounding = 'd1' | 'int' | 'ten' | 'hundred';

/** A real (not fraudulent) change of the business: booms, declines, shutdowns. */
export interface Shock {
  from: number;
  to: number;
  factor: number;
  /** Months to reach the factor (logistic-ish ramp); 0 = immediate. */
  ramp: number;
  /** Whether the shock ends (factor back to 1 after `to`). */
  transient: boolean;
}

export interface Econ {
  /** Revenue over the 12 months before the window (thousand yuan). */
  annual: number;
  growth: number;
  sigma: number;
  phi: number;
  seasonAmp: number;
  /** A business's own strong seasonality (12 multipliers, January first), on top of its category's. */
  ownSeason?: number[];
  fixedFee: boolean;
  shocks: Shock[];
  taxMode: TaxMode;
  taxRatio: number;
  taxLag: number;
  taxNoise: number;
  vatRate: number;
  elecMode: ElecMode;
  kwhIntensity: number;
  baseLoad: number;
  siMode: 'normal' | 'none';
  coverage: number;
  revPerEmp: number;
  wagePerEmp: number;
  margin: number;
  mainShare: number;
  outputRatio: number;
  rounding: Rounding;
  reportsKwh: boolean;
  kwhReportBias: number;
  reportsInventory: boolean;
  reportsMain: boolean;
  reportsProfit: boolean;
  reportsWages: boolean;
  reportsDevice: boolean;
}

export interface MarketRow {
  status: 'active' | 'deregistered' | 'revoked' | 'abnormal';
  date: string;
  industryCode?: string;
  scope?: string;
}

export interface HUnit {
  idx: number;
  id: string;
  seed: number;
  name: string;
  cls: IndustryClass;
  industryCode: string;
  category: Category;
  town: Town;
  address: string;
  legalRep: string;
  phone?: string;
  account: string;
  /** Period indices (may lie outside the window): the firm operates in [existFrom, existTo]. */
  existFrom: number;
  existTo: number;
  /** Submissions are filed for [fileFrom, fileTo]. */
  fileFrom: number;
  fileTo: number;
  inRegister: boolean;
  enteredPeriod?: string;
  exitedPeriod?: string;
  establishedDate: string;
  econ: Econ;
  filingMode: FilingMode;
  /** Derived by `derive`. */
  trueRev: number[];
  trueEmp: number[];
  reports: (Report | null)[];
  filings: (Filing | null)[];
  revisions: Revision[][];
  tax: (number | null)[];
  vat: (number | null)[];
  elec: (number | null)[];
  insured: (number | null)[];
  market: MarketRow[];
  /** Whether the unit is listed in the units file (a ghost never is). */
  listed: boolean;
  /** Set when an injector or a look-alike took the unit, so that roles do not collide. */
  role?: string;
  tags: Set<string>;
}

export interface EventRow {
  event_id: string;
  unit_id: string;
  type: 'entry' | 'exit';
  category: Category;
  period: string;
  reason: string;
  declared_annual_revenue?: number;
  evidence_tax_revenue?: number;
  submitted_by: string;
  submitted_at: string;
}

export interface ProjectRow {
  project_id: string;
  name: string;
  owner_unit_id: string;
  planned_investment: number;
  town_code: string;
  address?: string;
  lat?: number;
  lon?: number;
  start_period: string;
  industry_code?: string;
  permit_id?: string;
  component_count?: number;
  registered_at: string;
  registered_by: string;
}

export interface HProject {
  row: ProjectRow;
  progress: (number | null)[];
  role?: string;
}

export interface AccountRow {
  account: string;
  owner_type: 'unit' | 'town_office' | 'park_office' | 'agent';
  owner_id: string;
}

export interface OfficeRow {
  cidr: string;
  office_name: string;
  town_code: string;
}

export type HoldoutPattern = Exclude<Pattern, 'ENFORCE.UNREVIEWED' | 'ENFORCE.SELECTIVE'>;

export interface TruthCase {
  pattern: HoldoutPattern;
  /** Injection variant, for per-variant recall. */
  variant: string;
  subject: { kind: 'unit' | 'project' | 'account' | 'town' | 'register_event'; id: string };
  unit_ids: string[];
  /** Project or register-event ids the case concerns (findings on those subjects match directly). */
  subject_ids?: string[];
  periods: string[];
  /** Other patterns a finding on these units may carry without being counted false. */
  also?: HoldoutPattern[];
  detail: string;
}

export interface LookAlike {
  kind: string;
  unit_ids: string[];
  subject_ids?: string[];
  /** Patterns a careless rule might raise here. */
  risk: HoldoutPattern[];
  detail: string;
}

export interface World {
  cal: Calendar;
  /** Deferred work that needs every unit derived (honest register events). */
  after: (() => void)[];
  rng: Rng;
  districtCode: string;
  districtName: string;
  cityName: string;
  towns: Town[];
  units: HUnit[];
  byId: Map<string, HUnit>;
  agencies: Agency[];
  accounts: AccountRow[];
  offices: OfficeRow[];
  events: EventRow[];
  projects: HProject[];
  truth: TruthCase[];
  lookalikes: LookAlike[];
  /** District-wide monthly business cycle (log), shared by every unit. */
  macro: number[];
  /** Count scale: units / 1500. */
  scale: number;
}
