import type { RecordKind } from '../../lib/domain/kinds';
import { isoLocal } from './calendar';
import type { AccountRow, HUnit, OfficeRow, World } from './model';

export interface HoldoutFile {
  /** File name; its stem names the kind, as the contract says. */
  name: string;
  kind: RecordKind;
  body: Uint8Array;
  rows: number;
}

type Cell = string | number | boolean | undefined | null;

function csvCell(v: Cell): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'number' ? formatNumber(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`non-finite number ${n}`);
  const v = Object.is(n, -0) ? 0 : n;
  const s = String(v);
  if (/e/i.test(s)) return v.toFixed(6).replace(/\.?0+$/, '');
  return s;
}

function csv(columns: string[], rows: Record<string, Cell>[], opts: { bom?: boolean; crlf?: boolean } = {}): Uint8Array {
  const nl = opts.crlf ? '\r\n' : '\n';
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))];
  return new TextEncoder().encode((opts.bom ? '\ufeff' : '') + lines.join(nl) + nl);
}

function jsonl(rows: Record<string, Cell>[]): Uint8Array {
  const lines = rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined && v !== null))));
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

function file(name: string, kind: RecordKind, body: Uint8Array, rows: number): HoldoutFile {
  return { name, kind, body, rows };
}

export function buildAccountsAndOffices(w: World): void {
  const accounts: AccountRow[] = [];
  const seen = new Set<string>();
  const add = (a: AccountRow) => {
    // Account codes are cut from credit codes: at tens of thousands of units two can meet. The
    // later owner then files under an account the file lists for the first (scale benches only).
    if (seen.has(a.account)) return;
    seen.add(a.account);
    accounts.push(a);
  };
  for (const u of w.units) if (u.listed) add({ account: u.account, owner_type: 'unit', owner_id: u.id });
  for (const a of w.agencies) add({ account: a.account, owner_type: 'agent', owner_id: a.id });
  for (const t of w.towns) add({ account: t.account, owner_type: t.ownerType, owner_id: t.code });
  w.accounts = accounts;
  const offices: OfficeRow[] = [];
  for (const t of w.towns) {
    const office = t.kind === 'park' ? `${t.name}管理委员会` : t.kind === 'town' ? `${w.districtName}${t.name}人民政府` : `${w.districtName}${t.name}办事处`;
    for (const cidr of t.cidrs) offices.push({ cidr, office_name: office, town_code: t.code });
  }
  w.offices = offices;
}

function bumpDate(d: string): string {
  const ms = Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) + 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Every contract file of the holdout district: per-month submission files, mixed formats and line endings. */
export function emitFiles(w: World): HoldoutFile[] {
  const { cal } = w;
  const out: HoldoutFile[] = [];
  // Sorted by credit code: the order of creation (injected units last) must not show.
  const units = [...w.units].sort((a, b) => a.id.localeCompare(b.id));
  const listed = units.filter((u) => u.listed);

  out.push(
    file(
      'units.csv',
      'units',
      csv(
        ['unit_id', 'name', 'industry_code', 'category', 'town_code', 'town_name', 'address', 'legal_rep', 'phone', 'in_register', 'entered_period', 'exited_period'],
        listed.map((u) => ({
          unit_id: u.id,
          name: u.name,
          industry_code: u.industryCode,
          category: u.category,
          town_code: u.town.code,
          town_name: (u.seed & 7) === 0 ? undefined : u.town.name,
          address: u.address,
          legal_rep: u.legalRep,
          phone: u.phone,
          in_register: u.inRegister ? '是' : '否',
          entered_period: u.enteredPeriod,
          exited_period: u.exitedPeriod,
        })),
        { bom: true, crlf: true },
      ),
      listed.length,
    ),
  );

  const subCols = [
    'unit_id',
    'period',
    'revision',
    'submitted_at',
    'submitter_account',
    'submitter_ip',
    'submitter_device',
    'revenue',
    'main_revenue',
    'gross_output',
    'employees',
    'wages',
    'profit',
    'electricity_kwh',
    'inventory',
  ];
  for (let t = 0; t < cal.P; t++) {
    const rows: Record<string, Cell>[] = [];
    for (const u of units) {
      const rep = u.reports[t];
      const f = u.filings[t];
      if (!rep || !f) continue;
      const versions = [{ report: rep, filing: f }, ...[...(u.revisions[t] ?? [])].sort((a, b) => a.filing.at - b.filing.at)];
      let lastAt = -Infinity;
      versions.forEach((v, rev) => {
        const at = Math.max(v.filing.at, lastAt + 60_000);
        lastAt = at;
        rows.push({
          unit_id: u.id,
          period: cal.period(t),
          revision: rev,
          submitted_at: isoLocal(at),
          submitter_account: v.filing.account,
          submitter_ip: v.filing.ip,
          submitter_device: v.filing.device,
          revenue: v.report.revenue,
          main_revenue: v.report.main,
          gross_output: v.report.gross,
          employees: v.report.employees,
          wages: v.report.wages,
          profit: v.report.profit,
          electricity_kwh: v.report.kwh,
          inventory: v.report.inventory,
        });
      });
    }
    out.push(file(`submissions-${cal.period(t)}.csv`, 'submissions', csv(subCols, rows), rows.length));
  }

  const monthly = (pick: (u: HUnit) => (number | null)[], make: (u: HUnit, t: number, v: number) => Record<string, Cell>) => {
    const rows: Record<string, Cell>[] = [];
    for (const u of units) {
      const s = pick(u);
      for (let t = 0; t < cal.P; t++) {
        const v = s[t];
        if (v !== null && v !== undefined) rows.push(make(u, t, v));
      }
    }
    return rows;
  };
  const tax = monthly(
    (u) => u.tax,
    (u, t, v) => ({ unit_id: u.id, period: cal.period(t), taxable_sales: v, vat_paid: u.vat[t] ?? undefined }),
  );
  out.push(file('tax.csv', 'tax', csv(['unit_id', 'period', 'taxable_sales', 'vat_paid'], tax, { crlf: true }), tax.length));
  const elec = monthly(
    (u) => u.elec,
    (u, t, v) => ({ unit_id: u.id, period: cal.period(t), kwh: v }),
  );
  out.push(file('electricity.jsonl', 'electricity', jsonl(elec), elec.length));
  const si = monthly(
    (u) => u.insured,
    (u, t, v) => ({ unit_id: u.id, period: cal.period(t), insured_headcount: v }),
  );
  out.push(file('social_insurance.csv', 'social_insurance', csv(['unit_id', 'period', 'insured_headcount'], si), si.length));

  const market: Record<string, Cell>[] = [];
  for (const u of units) {
    const dates = new Set<string>();
    for (const m of [...u.market].sort((a, b) => a.date.localeCompare(b.date))) {
      let d = m.date;
      while (dates.has(d)) d = bumpDate(d);
      dates.add(d);
      market.push({ unit_id: u.id, status: m.status, status_date: d, registered_industry_code: m.industryCode, business_scope: m.scope });
    }
  }
  out.push(file('market_status.csv', 'market_status', csv(['unit_id', 'status', 'status_date', 'registered_industry_code', 'business_scope'], market), market.length));

  const events = [...w.events].sort((a, b) => a.event_id.localeCompare(b.event_id));
  out.push(
    file(
      'register_events.csv',
      'register_events',
      csv(
        ['event_id', 'unit_id', 'type', 'category', 'period', 'reason', 'declared_annual_revenue', 'evidence_tax_revenue', 'submitted_by', 'submitted_at'],
        events.map((e) => ({ ...e })),
      ),
      events.length,
    ),
  );
  const projects = w.projects.map((p) => ({ ...p.row }) as Record<string, Cell>);
  out.push(
    file(
      'projects.csv',
      'projects',
      csv(
        [
          'project_id',
          'name',
          'owner_unit_id',
          'planned_investment',
          'town_code',
          'address',
          'lat',
          'lon',
          'start_period',
          'industry_code',
          'permit_id',
          'component_count',
          'registered_at',
          'registered_by',
        ],
        projects,
      ),
      projects.length,
    ),
  );
  const progress: Record<string, Cell>[] = [];
  for (const p of w.projects) p.progress.forEach((v, t) => v !== null && progress.push({ project_id: p.row.project_id, period: cal.period(t), completed_investment: v }));
  out.push(file('project_progress.jsonl', 'project_progress', jsonl(progress), progress.length));
  out.push(
    file(
      'accounts.csv',
      'accounts',
      csv(
        ['account', 'owner_type', 'owner_id'],
        w.accounts.map((a) => ({ ...a })),
      ),
      w.accounts.length,
    ),
  );
  out.push(
    file(
      'offices.csv',
      'offices',
      csv(
        ['cidr', 'office_name', 'town_code'],
        w.offices.map((o) => ({ ...o })),
      ),
      w.offices.length,
    ),
  );
  return out;
}
