import type { Category } from '../domain/kinds';
import type { IndustryProfile } from './district';

/** Two years of monthly reports, the span the sample district covers. */
export const PERIODS: string[] = Array.from({ length: 24 }, (_, i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);

/** One simulated enterprise: its true economy and what it (or someone) reports. */
export interface SimUnit {
  unitId: string;
  orgCode: string;
  name: string;
  industry: IndustryProfile;
  category: Category;
  townIndex: number;
  address: string;
  legalRep: string;
  phone: string;
  established: string;
  inRegister: boolean;
  enteredPeriod?: string;
  exitedPeriod?: string;
  /** Months (index into PERIODS) in which the unit files reports. */
  firstMonth: number;
  lastMonth: number;
  /** True monthly revenue, the economy that tax and the grid see. */
  trueRevenue: number[];
  /** Monthly revenue as reported to the statistics bureau. */
  reportedRevenue: number[];
  trueEmployees: number[];
  reportedEmployees: number[];
  taxRatio: number;
  kwhPerRevenue: number;
  baseKwh: number;
  coverage: number;
  wagePerHead: number;
  margin: number;
  mainShare: number;
  outputRatio: number;
  inventoryRatio: number;
  account: string;
  ip: string;
  device: string;
  /** Who files each month: defaults to the unit's own account and network. */
  filer: { account: string; ip: string; device: string }[];
  /** Hours after the 1st of the next month when revision 0 is filed. */
  filingDelayHours: number[];
  /** Extra revisions: month index → list of (revenue factor, delay hours, filer). */
  revisions: Map<number, { factor: number; delayHours: number; filer?: { account: string; ip: string; device: string } }[]>;
  /** Submission overrides for hard-edit injections, by month index. */
  overrides: Map<number, Record<string, number>>;
  /** Replace reported revenue with fixed figures (fabrication, copying). */
  registeredIndustryCode: string;
  businessScope: string;
  marketStatus: { status: 'active' | 'deregistered' | 'revoked' | 'abnormal'; date: string }[];
  /** When false, no tax/electricity/insurance rows are produced (e.g. a duplicate shell record). */
  hasReferenceRecords: boolean;
}

export interface TruthEntry {
  pattern: string;
  subject: { kind: 'unit' | 'account' | 'town' | 'project' | 'register_event'; id: string };
  unit_ids: string[];
  periods: string[];
  detail: string;
}

export interface LookalikeEntry {
  kind: string;
  unit_ids: string[];
  detail: string;
}

export interface SampleTruth {
  seed: number;
  periods: string[];
  injected: TruthEntry[];
  lookalikes: LookalikeEntry[];
}
