/** Small hand-made districts for the fabrication and copying rules' tests. */
import type { SubmissionRecord, UnitRecord } from '../../lib/contract/schemas';
import { buildDistrictData, type DistrictData, type DistrictInput } from '../../lib/engine/district-data';
import { periodRange } from '../../lib/engine/periods';
import type { Rule, RuleContext, RuleFinding } from '../../lib/engine/rule';
import { DEFAULT_PROJECT_THRESHOLD, DEFAULT_REGISTER_THRESHOLDS } from '../../lib/domain/thresholds';

export const CTX: RuleContext = { registerThresholds: { ...DEFAULT_REGISTER_THRESHOLDS }, projectThreshold: DEFAULT_PROJECT_THRESHOLD, districtCode: '371302' };

/** 2023-01 … 2024-12. */
export const PERIODS = periodRange('2023-01', '2024-12');

/** Month-of-year demand shape shared by ordinary units. */
export const SEASON = [0.92, 0.78, 1.0, 1.0, 1.02, 1.03, 0.98, 0.98, 1.02, 1.03, 1.05, 1.19];

export function emptyInput(): DistrictInput {
  return { units: [], submissions: [], tax: [], electricity: [], social_insurance: [], market_status: [], register_events: [], projects: [], project_progress: [], accounts: [], offices: [] };
}

/** Deterministic pseudo-random numbers (LCG) so that tests are reproducible. */
export function rng(seed: number): { uniform: () => number; normal: (sd: number) => number } {
  let s = seed >>> 0 || 1;
  const uniform = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  return { uniform, normal: (sd) => sd * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()) };
}

export const round1 = (x: number) => Math.round(x * 10) / 10;

export interface UnitSpec {
  id: string;
  /** Reported revenue per month index (NaN or undefined = no report). */
  revenue: (m: number) => number | undefined;
  /** Revenue seen by tax and the grid; default = reported. null = no reference records. */
  trueRevenue?: ((m: number) => number) | null;
  employees?: (m: number) => number;
  insured?: (m: number) => number;
  category?: UnitRecord['category'];
  industry?: string;
  town?: string;
  legalRep?: string;
  account?: string;
  ip?: string;
  submittedAt?: (m: number) => string;
}

/** Adds a unit with its reports and reference records (tax 0.95 of true revenue, kWh 50 per thousand yuan). */
export function addUnit(input: DistrictInput, spec: UnitSpec): void {
  input.units.push({
    unit_id: spec.id,
    name: `${spec.id}有限公司`,
    industry_code: spec.industry ?? '2110',
    category: spec.category ?? 'industry',
    town_code: spec.town ?? '371302007000',
    legal_rep: spec.legalRep,
    in_register: true,
  } as UnitRecord);
  for (let m = 0; m < PERIODS.length; m++) {
    const r = spec.revenue(m);
    const period = PERIODS[m]!;
    if (r !== undefined && !Number.isNaN(r)) {
      const heads = spec.employees?.(m) ?? 40;
      input.submissions.push({
        unit_id: spec.id,
        period,
        revision: 0,
        submitted_at: spec.submittedAt?.(m) ?? `${period}-28T10:00:00+08:00`,
        submitter_account: spec.account ?? `LW${spec.id}`,
        submitter_ip: spec.ip ?? '60.1.2.3',
        revenue: r,
        main_revenue: round1(r * 0.95),
        employees: heads,
        wages: round1(heads * 6.3),
      } as SubmissionRecord);
    }
    if (spec.trueRevenue === null) continue;
    const truth = spec.trueRevenue ? spec.trueRevenue(m) : r;
    if (truth === undefined || Number.isNaN(truth)) continue;
    input.tax.push({ unit_id: spec.id, period, taxable_sales: round1(truth * 0.95) });
    input.electricity.push({ unit_id: spec.id, period, kwh: Math.round(truth * 50 + 300) });
    input.social_insurance.push({ unit_id: spec.id, period, insured_headcount: spec.insured?.(m) ?? spec.employees?.(m) ?? 40 });
  }
}

/** A seasonal, noisy, one-decimal revenue series around `level` a month. */
export function honestSeries(seed: number, level: number, noise = 0.05): (m: number) => number {
  const r = rng(seed);
  const values = PERIODS.map((_, m) => round1(level * SEASON[m % 12]! * (1 + r.normal(noise))));
  return (m) => values[m]!;
}

/** `n` ordinary peers: seasonal, noisy revenue that tax and the grid see alike (with their own noise). */
export function addPeers(input: DistrictInput, n: number, over: Partial<UnitSpec> = {}, prefix = 'PEER'): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `${prefix}${i}`;
    ids.push(id);
    const rev = honestSeries(1000 + i, 2000 + 300 * i);
    const noise = rng(5000 + i);
    const taxNoise = PERIODS.map(() => 1 + noise.normal(0.03));
    const heads = PERIODS.map((_, m) => 30 + i + (m % 5 === 0 ? 1 : 0));
    addUnit(input, { id, revenue: rev, trueRevenue: (m) => rev(m) * taxNoise[m]!, employees: (m) => heads[m]!, ...over });
  }
  return ids;
}

export function build(input: DistrictInput): DistrictData {
  return buildDistrictData(input);
}

/** Runs a rule with its default parameters (plus overrides). */
export function run(rule: Rule, input: DistrictInput, overrides: Record<string, unknown> = {}): RuleFinding[] {
  const params = rule.params.parse(overrides);
  return rule.evaluate(buildDistrictData(input), params, CTX);
}

export const reviewed = (fs: RuleFinding[]) => fs.filter((f) => f.severity !== 'low');
