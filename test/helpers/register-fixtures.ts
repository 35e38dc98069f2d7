/** Small hand-made districts for the register rules' tests. */
import * as z from 'zod';
import type { MarketStatusRecord, ProjectRecord, RegisterEventRecord, UnitRecord } from '../../lib/contract/schemas';
import { buildDistrictData, type DistrictInput } from '../../lib/engine/district-data';
import { periodRange } from '../../lib/engine/periods';
import type { Rule, RuleContext, RuleFinding } from '../../lib/engine/rule';
import { DEFAULT_PROJECT_THRESHOLD, DEFAULT_REGISTER_THRESHOLDS } from '../../lib/domain/thresholds';
import type { Category } from '../../lib/domain/kinds';

export const CTX: RuleContext = { registerThresholds: { ...DEFAULT_REGISTER_THRESHOLDS }, projectThreshold: DEFAULT_PROJECT_THRESHOLD, districtCode: '371302' };

/** 2023-01 … 2024-12. */
export const PERIODS = periodRange('2023-01', '2024-12');

export function emptyInput(): DistrictInput {
  return { units: [], submissions: [], tax: [], electricity: [], social_insurance: [], market_status: [], register_events: [], projects: [], project_progress: [], accounts: [], offices: [] };
}

export function unit(id: string, over: Partial<UnitRecord> = {}): UnitRecord {
  return { unit_id: id, name: `${id}有限公司`, industry_code: '2110', category: 'industry', town_code: '371302007000', in_register: true, ...over } as UnitRecord;
}

export interface SeriesOptions {
  /** Months (indices into PERIODS) with a report; default all. */
  reportMonths?: number[];
  /** Months with reference records (tax, electricity, insurance); default all. */
  refMonths?: number[];
  /** Reported monthly revenue; a function of the month index or a constant. */
  revenue: number | ((m: number) => number);
  /** True monthly revenue seen by tax and the meter; default = reported. */
  trueRevenue?: number | ((m: number) => number);
  taxRatio?: number;
  kwhPerRevenue?: number;
  employees?: number;
}

const at = (v: number | ((m: number) => number), m: number) => (typeof v === 'function' ? v(m) : v);
/** Deterministic ±3% wobble so that series are not constant. */
export const wobble = (m: number, k = 1) => 1 + 0.03 * Math.sin(m * 1.7 + k);

/** Adds a unit's reports and reference records. */
export function addSeries(input: DistrictInput, unitId: string, o: SeriesOptions): void {
  const reports = o.reportMonths ?? PERIODS.map((_, m) => m);
  const refs = o.refMonths ?? PERIODS.map((_, m) => m);
  const heads = o.employees ?? 50;
  for (const m of reports) {
    input.submissions.push({
      unit_id: unitId,
      period: PERIODS[m]!,
      revision: 0,
      submitted_at: `${PERIODS[m]}-28T10:00:00+08:00`,
      submitter_account: `LW${unitId}`,
      submitter_ip: '60.1.2.3',
      revenue: at(o.revenue, m),
      employees: heads,
    } as DistrictInput['submissions'][number]);
  }
  for (const m of refs) {
    const truth = at(o.trueRevenue ?? o.revenue, m);
    const period = PERIODS[m]!;
    input.tax.push({ unit_id: unitId, period, taxable_sales: truth * (o.taxRatio ?? 0.95) });
    input.electricity.push({ unit_id: unitId, period, kwh: truth * (o.kwhPerRevenue ?? 50) + 500 });
    input.social_insurance.push({ unit_id: unitId, period, insured_headcount: heads });
  }
}

/** `n` ordinary peers of a category and industry with honest figures around `annual` a year. */
export function addPeers(input: DistrictInput, n: number, category: Category, industryCode: string, annual: number, kwhPerRevenue = 50, prefix = 'PEER'): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `${prefix}${category}${industryCode}${i}`;
    ids.push(id);
    input.units.push(
      unit(id, {
        category,
        industry_code: industryCode,
        name: `临沂${prefix}${i}号${category}有限公司`,
        legal_rep: `法人${prefix}${i}`,
        phone: `0539-8${String(1000000 + i)}`,
        address: `山东省临沂市兰山区义堂镇工业路${i + 1}号`,
      }),
    );
    const scale = 1 + 0.1 * (i % 5);
    addSeries(input, id, { revenue: (m) => (annual / 12) * scale * wobble(m, i), taxRatio: 0.92 + 0.01 * (i % 5), kwhPerRevenue: kwhPerRevenue * (0.9 + 0.05 * (i % 4)), employees: 40 + i });
    input.market_status.push({ unit_id: id, status: 'active', status_date: '2010-05-01', registered_industry_code: industryCode } as MarketStatusRecord);
  }
  return ids;
}

export function event(over: Partial<RegisterEventRecord> & Pick<RegisterEventRecord, 'event_id' | 'unit_id' | 'type' | 'period' | 'reason'>): RegisterEventRecord {
  return { category: 'industry', submitted_by: 'LW0001', submitted_at: '2023-12-20T10:00:00+08:00', ...over } as RegisterEventRecord;
}

export function project(over: Partial<ProjectRecord> & Pick<ProjectRecord, 'project_id' | 'name'>): ProjectRecord {
  return {
    owner_unit_id: 'OWNER1',
    planned_investment: 20000,
    town_code: '371302007000',
    start_period: '2024-03',
    registered_at: '2024-02-10T10:00:00+08:00',
    registered_by: 'LWOWNER1',
    ...over,
  } as ProjectRecord;
}

/** Runs one rule with its default parameters (overridden by `params`). */
export function run(rule: Rule, input: DistrictInput, params: Record<string, unknown> = {}, ctx: RuleContext = CTX): RuleFinding[] {
  return rule.evaluate(buildDistrictData(input), (rule.params as z.ZodObject).parse(params) as never, ctx);
}

export function reviewed(findings: RuleFinding[]): RuleFinding[] {
  return findings.filter((f) => f.severity !== 'low');
}
