import { peerKey, type DistrictData } from '../engine/district-data';
import { median } from '../stats/robust';
import { quantileSorted } from '../stats/quantile';

/** null where the value is missing (JSON has no NaN). */
export type Series = (number | null)[];

export interface PeerBand {
  group: string;
  peers: number;
  q25: Series;
  median: Series;
  q75: Series;
}

/**
 * One unit's figures over every period of the data, and the same figures brought to a common
 * axis for the case page:
 * - tax_equivalent = taxable sales × the unit's own median (revenue / taxable sales), and
 *   grid_equivalent = metered kWh × its own median (revenue / kWh): in months where the
 *   unit's reports follow its tax and meter the lines coincide; where the reports part from
 *   them, the gap is the suspect part. Own ratios, so VAT coverage and power intensity of the
 *   trade cancel out (a unit that misreported every month shows no gap: peers then speak).
 * - peer band (revenue, employees): for each peer p of the same category × industry division,
 *   index_p,t = x_p,t / median_t(x_p); the band is the 25/50/75 % quantiles of the indices at t,
 *   times the unit's own median: what the unit would report if it moved like its peers.
 */
export interface UnitSeries {
  unit_id: string;
  name: string;
  town_code: string;
  town_name: string | null;
  category: string;
  industry_code: string;
  periods: string[];
  revenue: Series;
  first_revenue: Series;
  tax_sales: Series;
  grid_kwh: Series;
  employees: Series;
  insured: Series;
  revenue_per_tax: number | null;
  revenue_per_kwh: number | null;
  tax_equivalent: Series;
  grid_equivalent: Series;
  peer_revenue: PeerBand | null;
  peer_employees: PeerBand | null;
}

const num = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);
const r = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

function row(data: DistrictData, m: Float64Array, u: number): Series {
  return Array.from({ length: data.P }, (_, t) => num(m[u * data.P + t]));
}

function ownRatio(a: Series, b: Series): number | null {
  const ratios: number[] = [];
  a.forEach((x, t) => {
    const y = b[t];
    if (x !== null && y !== null && y !== undefined && x > 0 && y > 0) ratios.push(x / y);
  });
  const m = median(ratios);
  return Number.isFinite(m) ? m : null;
}

function peerBand(data: DistrictData, m: Float64Array, u: number, own: Series): PeerBand | null {
  const unit = data.units[u];
  if (!unit) return null;
  const group = data.peerGroups.get(peerKey(unit)) ?? [];
  const peers = group.filter((p) => p !== u);
  const ownMedian = median(own.filter((x): x is number => x !== null && x > 0));
  if (peers.length < 3 || !Number.isFinite(ownMedian)) return null;
  const columns: number[][] = Array.from({ length: data.P }, () => []);
  for (const p of peers) {
    const vals: number[] = [];
    for (let t = 0; t < data.P; t++) {
      const v = m[p * data.P + t]!;
      if (Number.isFinite(v) && v > 0) vals.push(v);
    }
    const mp = median(vals);
    if (!(mp > 0)) continue;
    for (let t = 0; t < data.P; t++) {
      const v = m[p * data.P + t]!;
      if (Number.isFinite(v)) columns[t]!.push(v / mp);
    }
  }
  const q = (p: number) => columns.map((c) => (c.length >= 3 ? r(quantileSorted(Float64Array.from(c).sort(), p) * ownMedian, 1) : null));
  return { group: peerKey(unit), peers: peers.length, q25: q(0.25), median: q(0.5), q75: q(0.75) };
}

export function unitSeries(data: DistrictData, unitId: string): UnitSeries | null {
  const u = data.unitIndex.get(unitId);
  const unit = u === undefined ? undefined : data.units[u];
  if (u === undefined || !unit) return null;
  const revenue = row(data, data.revenue, u);
  const tax = row(data, data.taxSales, u);
  const grid = row(data, data.gridKwh, u);
  const employees = row(data, data.employees, u);
  const perTax = ownRatio(revenue, tax);
  const perKwh = ownRatio(revenue, grid);
  return {
    unit_id: unit.id,
    name: unit.name,
    town_code: unit.townCode,
    town_name: unit.townName ?? null,
    category: unit.category,
    industry_code: unit.industryCode,
    periods: [...data.periods],
    revenue,
    first_revenue: row(data, data.firstRevenue, u),
    tax_sales: tax,
    grid_kwh: grid,
    employees,
    insured: row(data, data.insured, u),
    revenue_per_tax: perTax === null ? null : r(perTax, 4),
    revenue_per_kwh: perKwh === null ? null : r(perKwh, 6),
    tax_equivalent: tax.map((x) => (x === null || perTax === null ? null : r(x * perTax, 1))),
    grid_equivalent: grid.map((x) => (x === null || perKwh === null ? null : r(x * perKwh, 1))),
    peer_revenue: peerBand(data, data.revenue, u, revenue),
    peer_employees: peerBand(data, data.employees, u, employees),
  };
}
