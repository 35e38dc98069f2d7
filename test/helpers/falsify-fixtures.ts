/** Small hand-made districts for the falsify rules' tests. */
import type * as z from 'zod';
import type { RegisterEventRecord, SubmissionRecord, UnitRecord } from '../../lib/contract/schemas';
import { buildDistrictData, type DistrictInput } from '../../lib/engine/district-data';
import { periodRange } from '../../lib/engine/periods';
import type { Rule, RuleContext, RuleFinding } from '../../lib/engine/rule';
import { DEFAULT_PROJECT_THRESHOLD, DEFAULT_REGISTER_THRESHOLDS } from '../../lib/domain/thresholds';
import type { Category } from '../../lib/domain/kinds';

export const CTX: RuleContext = { registerThresholds: { ...DEFAULT_REGISTER_THRESHOLDS }, projectThreshold: DEFAULT_PROJECT_THRESHOLD, districtCode: '371302' };

/** 2023-01 … 2024-12. */
export const PERIODS = periodRange('2023-01', '2024-12');
export const ALL_MONTHS = PERIODS.map((_, m) => m);

export function emptyInput(): DistrictInput {
  return { units: [], submissions: [], tax: [], electricity: [], social_insurance: [], market_status: [], register_events: [], projects: [], project_progress: [], accounts: [], offices: [] };
}

export function unit(id: string, over: Partial<UnitRecord> = {}): UnitRecord {
  return { unit_id: id, name: `${id}有限公司`, industry_code: '2110', category: 'industry', town_code: '371302007000', in_register: true, ...over } as UnitRecord;
}

/** Deterministic wobbles (±amp) so that series are neither constant nor random. */
export const wobble = (m: number, k = 1, amp = 0.03) => 1 + amp * Math.sin(m * 1.7 + k);
const taxWobble = (m: number, k: number) => 1 + 0.02 * Math.sin(m * 2.3 + 3 * k);
const kwhWobble = (m: number, k: number) => 1 + 0.03 * Math.cos(m * 1.3 + 5 * k);

type Fn = number | ((m: number) => number);
const at = (v: Fn, m: number) => (typeof v === 'function' ? v(m) : v);

export interface SeriesOptions {
  /** Reported monthly revenue. */
  revenue: Fn;
  /** What tax and the meter see; default = reported. */
  trueRevenue?: Fn;
  reportMonths?: number[];
  taxMonths?: number[];
  kwhMonths?: number[];
  taxRatio?: number;
  kwhPerRevenue?: number;
  employees?: Fn;
  insured?: Fn;
  /** Seed of the wobbles. */
  k?: number;
  /** Per-month overrides of the submission's fields. */
  fields?: (m: number, revenue: number) => Partial<SubmissionRecord>;
}

/** Adds a unit's monthly reports and its tax, electricity and insurance records. */
export function addSeries(input: DistrictInput, unitId: string, o: SeriesOptions): void {
  const k = o.k ?? 1;
  for (const m of o.reportMonths ?? ALL_MONTHS) {
    const revenue = Math.round(at(o.revenue, m) * 10) / 10;
    const employees = Math.round(at(o.employees ?? 50, m));
    input.submissions.push({
      unit_id: unitId,
      period: PERIODS[m]!,
      revision: 0,
      submitted_at: `${PERIODS[m]}-28T10:00:00+08:00`,
      submitter_account: `LW${unitId}`,
      submitter_ip: '60.1.2.3',
      revenue,
      main_revenue: Math.round(revenue * 0.95 * 10) / 10,
      employees,
      wages: Math.round(employees * 6 * 10) / 10,
      profit: Math.round(revenue * 0.05 * 10) / 10,
      ...o.fields?.(m, revenue),
    } as SubmissionRecord);
  }
  const truth = (m: number) => at(o.trueRevenue ?? o.revenue, m);
  for (const m of o.taxMonths ?? ALL_MONTHS) input.tax.push({ unit_id: unitId, period: PERIODS[m]!, taxable_sales: Math.round(truth(m) * (o.taxRatio ?? 0.95) * taxWobble(m, k) * 10) / 10 });
  for (const m of o.kwhMonths ?? ALL_MONTHS) input.electricity.push({ unit_id: unitId, period: PERIODS[m]!, kwh: Math.round(truth(m) * (o.kwhPerRevenue ?? 50) * kwhWobble(m, k)) });
  for (const m of o.taxMonths ?? ALL_MONTHS) input.social_insurance.push({ unit_id: unitId, period: PERIODS[m]!, insured_headcount: Math.round(at(o.insured ?? 48, m)) });
}

/** `n` honest peers of one category and industry, around `annual` a year, with a spread of tax ratios and kWh intensities. */
export function addPeers(
  input: DistrictInput,
  n: number,
  category: Category,
  industryCode: string,
  annual: number,
  opts: { kwhPerRevenue?: number; prefix?: string; town?: string; trueRevenue?: (m: number, i: number) => number } = {},
): string[] {
  const ids: string[] = [];
  const prefix = opts.prefix ?? 'PEER';
  for (let i = 0; i < n; i++) {
    const id = `${prefix}-${category}-${industryCode}-${i}`;
    ids.push(id);
    input.units.push(unit(id, { category, industry_code: industryCode, town_code: opts.town ?? '371302007000' }));
    const scale = 1 + 0.1 * (i % 5);
    const revenue = opts.trueRevenue ? (m: number) => opts.trueRevenue!(m, i) : (m: number) => (annual / 12) * scale * wobble(m, i);
    addSeries(input, id, { revenue, taxRatio: 0.92 + 0.015 * (i % 5), kwhPerRevenue: (opts.kwhPerRevenue ?? 50) * (0.9 + 0.05 * (i % 4)), k: i + 2 });
  }
  return ids;
}

export function entryEvent(over: Partial<RegisterEventRecord> & Pick<RegisterEventRecord, 'event_id' | 'unit_id' | 'period'>): RegisterEventRecord {
  return { type: 'entry', reason: 'reached_threshold', category: 'industry', submitted_by: 'LW0001', submitted_at: '2023-12-20T10:00:00+08:00', ...over } as RegisterEventRecord;
}

/** Runs one rule with its default parameters. */
export function run<S extends z.ZodObject>(rule: Rule<S>, input: DistrictInput, overrides: Record<string, unknown> = {}): RuleFinding[] {
  return rule.evaluate(buildDistrictData(input), rule.params.parse(overrides), CTX);
}

export function only(findings: RuleFinding[], unitId: string): RuleFinding[] {
  return findings.filter((f) => f.subject.id === unitId);
}
