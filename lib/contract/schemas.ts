import * as z from 'zod';
import { CATEGORIES, type RecordKind } from '../domain/kinds';
import { fieldTypes, type FieldContext } from './fields';
import { encodeMessage as m } from './messages';

export const ENTRY_REASONS = ['reached_threshold', 'newly_established', 'moved_in', 'other'] as const;
export const EXIT_REASONS = ['below_threshold', 'deregistered', 'revoked', 'ceased', 'merged', 'moved_out', 'other'] as const;
export const MARKET_STATUSES = ['active', 'deregistered', 'revoked', 'abnormal'] as const;
export const OWNER_TYPES = ['unit', 'town_office', 'park_office', 'agent'] as const;

/** Builds the zod schema of every kind; the allow-list of legacy codes is the only context. */
export function buildSchemas(ctx: FieldContext) {
  const { req, opt, reqEnum } = fieldTypes(ctx);
  const units = z.object({
    unit_id: req('uscc'),
    name: req('text'),
    industry_code: req('industryCode'),
    category: reqEnum(CATEGORIES),
    town_code: req('townCode'),
    town_name: opt('text'),
    address: opt('text'),
    legal_rep: opt('text'),
    phone: opt('text'),
    in_register: req('bool'),
    entered_period: opt('period'),
    exited_period: opt('period'),
  });
  const submissions = z.object({
    unit_id: req('uscc'),
    period: req('period'),
    revision: opt('intNonNegative').transform((v) => v ?? 0),
    submitted_at: req('datetime'),
    submitter_account: req('text'),
    submitter_ip: req('ip'),
    submitter_device: opt('text'),
    revenue: req('nonNegative'),
    main_revenue: opt('nonNegative'),
    gross_output: opt('nonNegative'),
    employees: req('intNonNegative'),
    wages: opt('nonNegative'),
    profit: opt('number'),
    electricity_kwh: opt('nonNegative'),
    inventory: opt('nonNegative'),
  });
  const registerEvents = z
    .object({
      event_id: req('text'),
      unit_id: req('uscc'),
      type: reqEnum(['entry', 'exit'] as const),
      category: reqEnum(CATEGORIES),
      period: req('period'),
      reason: reqEnum([...new Set([...ENTRY_REASONS, ...EXIT_REASONS])] as [string, ...string[]]),
      declared_annual_revenue: opt('number'),
      evidence_tax_revenue: opt('number'),
      submitted_by: req('text'),
      submitted_at: req('datetime'),
    })
    .superRefine((row, issue) => {
      const allowed: readonly string[] = row.type === 'entry' ? ENTRY_REASONS : EXIT_REASONS;
      if (!allowed.includes(row.reason)) {
        issue.addIssue({
          code: 'custom',
          path: ['reason'],
          message: m(`${row.type === 'entry' ? '入库' : '退库'}原因须为：${allowed.join('、')}`, `${row.type} reason must be one of: ${allowed.join(', ')}`),
        });
      }
      if (row.type === 'entry' && row.declared_annual_revenue === undefined) {
        issue.addIssue({
          code: 'custom',
          path: ['declared_annual_revenue'],
          message: m('入库申请须填报年营业收入', 'an entry must declare its annual revenue'),
        });
      }
    });
  const projects = z.object({
    project_id: req('text'),
    name: req('text'),
    owner_unit_id: req('uscc'),
    planned_investment: req('nonNegative'),
    town_code: req('townCode'),
    address: opt('text'),
    lat: opt('number').refine((v) => v === undefined || Math.abs(v) <= 90, { error: m('纬度超出范围', 'latitude out of range') }),
    lon: opt('number').refine((v) => v === undefined || Math.abs(v) <= 180, { error: m('经度超出范围', 'longitude out of range') }),
    start_period: req('period'),
    industry_code: opt('industryCode'),
    permit_id: opt('text'),
    component_count: opt('intPositive'),
    registered_at: req('datetime'),
    registered_by: req('text'),
  });
  const projectProgress = z.object({
    project_id: req('text'),
    period: req('period'),
    completed_investment: req('nonNegative'),
  });
  const tax = z.object({ unit_id: req('uscc'), period: req('period'), taxable_sales: req('nonNegative'), vat_paid: opt('number') });
  const electricity = z.object({ unit_id: req('uscc'), period: req('period'), kwh: req('nonNegative') });
  const socialInsurance = z.object({ unit_id: req('uscc'), period: req('period'), insured_headcount: req('intNonNegative') });
  const marketStatus = z.object({
    unit_id: req('uscc'),
    status: reqEnum(MARKET_STATUSES),
    status_date: req('date'),
    registered_industry_code: opt('industryCode'),
    business_scope: opt('text'),
  });
  const accounts = z.object({ account: req('text'), owner_type: reqEnum(OWNER_TYPES), owner_id: req('text') });
  const offices = z.object({ cidr: req('cidr'), office_name: req('text'), town_code: req('townCode') });

  return {
    units,
    submissions,
    register_events: registerEvents,
    projects,
    project_progress: projectProgress,
    tax,
    electricity,
    social_insurance: socialInsurance,
    market_status: marketStatus,
    accounts,
    offices,
  } satisfies Record<RecordKind, z.ZodType>;
}

export type Schemas = ReturnType<typeof buildSchemas>;
export type RecordOf<K extends RecordKind> = z.output<Schemas[K]>;

export type UnitRecord = RecordOf<'units'>;
export type SubmissionRecord = RecordOf<'submissions'>;
export type RegisterEventRecord = RecordOf<'register_events'>;
export type ProjectRecord = RecordOf<'projects'>;
export type ProjectProgressRecord = RecordOf<'project_progress'>;
export type TaxRecord = RecordOf<'tax'>;
export type ElectricityRecord = RecordOf<'electricity'>;
export type SocialInsuranceRecord = RecordOf<'social_insurance'>;
export type MarketStatusRecord = RecordOf<'market_status'>;
export type AccountRecord = RecordOf<'accounts'>;
export type OfficeRecord = RecordOf<'offices'>;

/** The contract's key columns per kind: same key and same values is `unchanged`, else a conflict. */
export const KEY_COLUMNS: Record<RecordKind, readonly string[]> = {
  units: ['unit_id'],
  submissions: ['unit_id', 'period', 'revision'],
  register_events: ['event_id'],
  projects: ['project_id'],
  project_progress: ['project_id', 'period'],
  tax: ['unit_id', 'period'],
  electricity: ['unit_id', 'period'],
  social_insurance: ['unit_id', 'period'],
  market_status: ['unit_id', 'status_date'],
  accounts: ['account'],
  offices: ['cidr'],
};

/** Columns a kind's schema knows; anything else in a file is kept as `extra`. */
export function knownColumns(schemas: Schemas, kind: RecordKind): string[] {
  const schema = schemas[kind] as unknown as { shape?: Record<string, unknown>; def?: { in?: { shape?: Record<string, unknown> } } };
  const shape = schema.shape ?? schema.def?.in?.shape ?? {};
  return Object.keys(shape);
}
