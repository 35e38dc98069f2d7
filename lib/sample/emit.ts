import { TOWNS } from './district';
import { PERIODS, type SimUnit } from './model';
import { submittedAtFor, type SampleContext } from './context';
import { round1 } from './base';
import type { Random } from './random';

export type Row = Record<string, string | number | boolean | undefined>;

export interface SampleFiles {
  units: Row[];
  submissions: Row[];
  register_events: Row[];
  projects: Row[];
  project_progress: Row[];
  tax: Row[];
  electricity: Row[];
  social_insurance: Row[];
  market_status: Row[];
  accounts: Row[];
  offices: Row[];
}

function submissionRows(rng: Random, u: SimUnit): Row[] {
  const rows: Row[] = [];
  for (let m = u.firstMonth; m <= u.lastMonth; m++) {
    const revenue = u.reportedRevenue[m]!;
    const employees = u.reportedEmployees[m]!;
    const gridKwh = u.trueRevenue[m]! * u.kwhPerRevenue + u.baseKwh;
    const base: Row = {
      unit_id: u.unitId,
      period: PERIODS[m],
      revision: 0,
      submitted_at: submittedAtFor(m, u.filingDelayHours[m]!),
      submitter_account: u.filer[m]!.account,
      submitter_ip: u.filer[m]!.ip,
      submitter_device: u.filer[m]!.device,
      revenue,
      main_revenue: round1(revenue * u.mainShare),
      gross_output: u.category === 'industry' ? round1(revenue * u.outputRatio * (1 + rng.normal(0, 0.01))) : undefined,
      employees,
      wages: round1(employees * u.wagePerHead * (1 + rng.normal(0, 0.03))),
      profit: round1(revenue * u.margin + rng.normal(0, revenue * 0.01)),
      electricity_kwh: rng.chance(0.85) ? Math.round(gridKwh * (1 + rng.normal(0, 0.01))) : undefined,
      inventory: rng.chance(0.7) ? round1(revenue * u.inventoryRatio) : undefined,
    };
    Object.assign(base, u.overrides.get(m) ?? {});
    rows.push(base);
    (u.revisions.get(m) ?? []).forEach((r, i) => {
      const f = r.factor;
      const filer = r.filer ?? u.filer[m]!;
      rows.push({
        ...base,
        revision: i + 1,
        submitted_at: submittedAtFor(m, r.delayHours),
        submitter_account: filer.account,
        submitter_ip: filer.ip,
        submitter_device: filer.device,
        revenue: round1(revenue * f),
        main_revenue: round1(Number(base.main_revenue) * f),
        gross_output: base.gross_output === undefined ? undefined : round1(Number(base.gross_output) * f),
        profit: round1(Number(base.profit) + revenue * (f - 1) * 0.5),
        inventory: base.inventory,
      });
    });
  }
  return rows;
}

export function emit(ctx: SampleContext): SampleFiles {
  const { rng } = ctx;
  const files: SampleFiles = {
    units: [],
    submissions: [],
    register_events: [],
    projects: [],
    project_progress: [],
    tax: [],
    electricity: [],
    social_insurance: [],
    market_status: [],
    accounts: [],
    offices: [],
  };
  for (const u of ctx.units) {
    const town = TOWNS[u.townIndex]!;
    files.units.push({
      unit_id: u.unitId,
      name: u.name,
      industry_code: u.industry.code,
      category: u.category,
      town_code: town.code,
      town_name: town.name,
      address: u.address,
      legal_rep: u.legalRep,
      phone: u.phone,
      in_register: u.inRegister,
      entered_period: u.enteredPeriod,
      exited_period: u.exitedPeriod,
    });
    files.submissions.push(...submissionRows(rng, u));
    if (u.hasReferenceRecords) {
      PERIODS.forEach((period, m) => {
        const revenue = u.trueRevenue[m]!;
        if (revenue <= 0) return;
        const sales = round1(revenue * u.taxRatio * (1 + rng.normal(0, 0.03)));
        files.tax.push({ unit_id: u.unitId, period, taxable_sales: sales, vat_paid: rng.chance(0.8) ? round1(sales * rng.uniform(0.01, 0.035)) : undefined });
        files.electricity.push({ unit_id: u.unitId, period, kwh: Math.round((revenue * u.kwhPerRevenue + u.baseKwh) * (1 + rng.normal(0, 0.04))) });
        files.social_insurance.push({ unit_id: u.unitId, period, insured_headcount: Math.round(u.trueEmployees[m]! * u.coverage) });
      });
    }
    for (const s of u.marketStatus) {
      files.market_status.push({ unit_id: u.unitId, status: s.status, status_date: s.date, registered_industry_code: u.registeredIndustryCode, business_scope: u.businessScope });
    }
  }
  for (const e of ctx.events) {
    files.register_events.push({
      event_id: e.eventId,
      unit_id: e.unit.unitId,
      type: e.type,
      category: e.category,
      period: PERIODS[e.month],
      reason: e.reason,
      declared_annual_revenue: e.declared,
      evidence_tax_revenue: e.evidenceTax,
      submitted_by: e.submittedBy,
      submitted_at: e.submittedAt,
    });
  }
  for (const p of ctx.projects) {
    files.projects.push({
      project_id: p.projectId,
      name: p.name,
      owner_unit_id: p.owner.unitId,
      planned_investment: p.planned,
      town_code: TOWNS[p.townIndex]!.code,
      address: p.address,
      lat: p.lat,
      lon: p.lon,
      start_period: p.startMonth >= 0 ? PERIODS[p.startMonth] : `2022-${String(13 + p.startMonth).padStart(2, '0')}`,
      industry_code: p.industryCode,
      permit_id: p.permitId,
      component_count: p.componentCount,
      registered_at: p.registeredAt,
      registered_by: p.registeredBy,
    });
    for (const [m, v] of [...p.progress].sort((a, b) => a[0] - b[0])) files.project_progress.push({ project_id: p.projectId, period: PERIODS[m], completed_investment: v });
  }
  for (const a of ctx.accounts) files.accounts.push({ account: a.account, owner_type: a.ownerType, owner_id: a.ownerId });
  TOWNS.forEach((t, i) => files.offices.push({ cidr: `218.57.${140 + i}.0/26`, office_name: t.office, town_code: t.code }));
  files.submissions.sort((a, b) => String(a.period).localeCompare(String(b.period)) || String(a.unit_id).localeCompare(String(b.unit_id)) || Number(a.revision) - Number(b.revision));
  return files;
}
