import { contractKey } from '../contract/validate-row';
import { RECORD_KINDS } from '../domain/kinds';
import type { DistrictInput } from '../engine/district-data';
import type { StoredRecord } from '../ports/record-store';
import { generateSample } from './generate';
import { sampleToDistrictInput } from './to-district-input';

/**
 * Province fixtures for tests and benchmarks of district-scoped checks.
 *
 * A second district made from another sample: every identifier rewritten (towns into
 * division `district` (371311 by default), units, accounts, events, projects, office networks and the IPs inside
 * them), so nothing is shared with the bundled sample's district 371302 but the rules.
 */
export function otherDistrict(seed: number, opts: { district?: string; tag?: string; ipOctet?: number } = {}): DistrictInput {
  const { district = '371311', tag = 'B', ipOctet = 219 } = opts;
  const d = sampleToDistrictInput(generateSample({ seed }).files);
  const town = (t: string) => t.replace(/^371302/, district);
  const unit = (u: string) => `${tag === 'B' ? 'Y' : tag}${u.slice(1)}`;
  const acct = (a: string) => `${tag}${a}`;
  const ip = (x: string) => x.replace(/^218\./, `${ipOctet}.`);
  return {
    units: d.units.map((u) => ({ ...u, unit_id: unit(u.unit_id), town_code: town(u.town_code) })),
    submissions: d.submissions.map((s) => ({ ...s, unit_id: unit(s.unit_id), submitter_account: acct(s.submitter_account), submitter_ip: ip(s.submitter_ip) })),
    tax: d.tax.map((r) => ({ ...r, unit_id: unit(r.unit_id) })),
    electricity: d.electricity.map((r) => ({ ...r, unit_id: unit(r.unit_id) })),
    social_insurance: d.social_insurance.map((r) => ({ ...r, unit_id: unit(r.unit_id) })),
    market_status: d.market_status.map((r) => ({ ...r, unit_id: unit(r.unit_id) })),
    register_events: d.register_events.map((e) => ({ ...e, event_id: `${tag}${e.event_id}`, unit_id: unit(e.unit_id), submitted_by: acct(e.submitted_by) })),
    projects: d.projects.map((p) => ({ ...p, project_id: `${tag}${p.project_id}`, owner_unit_id: unit(p.owner_unit_id), town_code: town(p.town_code), registered_by: acct(p.registered_by) })),
    project_progress: d.project_progress.map((p) => ({ ...p, project_id: `${tag}${p.project_id}` })),
    accounts: d.accounts.map((a) => ({ ...a, account: acct(a.account), owner_id: a.owner_type === 'town_office' || a.owner_type === 'park_office' ? town(a.owner_id) : unit(a.owner_id) })),
    // Offices whose network cannot be moved into 219.x are left out rather than shared.
    offices: d.offices.filter((o) => o.cidr.startsWith('218.')).map((o) => ({ ...o, cidr: ip(o.cidr), town_code: town(o.town_code) })),
  };
}

export function sampleDistrict(seed: number): DistrictInput {
  return sampleToDistrictInput(generateSample({ seed }).files);
}

export function mergeInputs(a: DistrictInput, b: DistrictInput): DistrictInput {
  return Object.fromEntries(RECORD_KINDS.map((k) => [k, [...(a[k] as unknown[]), ...(b[k] as unknown[])]])) as unknown as DistrictInput;
}

/** Contract records as a store takes them (they are already valid: the sample generator's). */
export function storedRecords(input: DistrictInput): StoredRecord[] {
  return RECORD_KINDS.flatMap((kind) =>
    (input[kind] as unknown as Record<string, unknown>[]).map((values) => ({
      kind,
      key: contractKey(kind, values),
      values,
      fingerprint: JSON.stringify(values),
      source: { file: `${kind}.csv`, line: 0, sha256: '0'.repeat(64) },
    })),
  );
}
