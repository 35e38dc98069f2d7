import type { DistrictInput } from './district-data';

/**
 * Province-size batch checks run one district per shard, and a shard reads only the records
 * of its district's towns. This file is the one definition of "the records of these towns";
 * the DynamoDB reader (lib/adapters/aws/dynamo-town-reader.ts) reaches the same set by key
 * queries, and an integration test holds the two to each other.
 *
 * A district is the first six digits of a 12-digit town code (统计用区划代码: province 2,
 * city 2, county 2, town 3, village 3).
 */
export function districtOfTown(townCode: string): string {
  return townCode.slice(0, 6);
}

export interface DistrictShard {
  district: string;
  towns: string[];
}

/** One shard per district, towns sorted: what the province plan fans out over. */
export function districtShards(townCodes: Iterable<string>): DistrictShard[] {
  const byDistrict = new Map<string, Set<string>>();
  for (const town of townCodes) {
    if (!/^\d{12}$/.test(town)) continue;
    const d = districtOfTown(town);
    (byDistrict.get(d) ?? byDistrict.set(d, new Set()).get(d)!).add(town);
  }
  return [...byDistrict.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([district, towns]) => ({ district, towns: [...towns].sort() }));
}

/**
 * The records that belong to a set of towns: the register units located there and everything
 * filed by or about them (reports, tax, electricity, insurance, market status, register
 * events), the projects located there with their progress, the town office networks, and the
 * accounts that filed any of those records. Units that report without a register profile have
 * no town and belong to no scope: only whole-table runs see them.
 */
export function restrictToTowns(input: DistrictInput, townCodes: Iterable<string>): DistrictInput {
  const towns = new Set(townCodes);
  const units = input.units.filter((u) => towns.has(u.town_code));
  const unitIds = new Set(units.map((u) => u.unit_id));
  const ofUnits = <T extends { unit_id: string }>(rows: T[]) => rows.filter((r) => unitIds.has(r.unit_id));
  const submissions = ofUnits(input.submissions);
  const registerEvents = ofUnits(input.register_events);
  const projects = input.projects.filter((p) => towns.has(p.town_code));
  const projectIds = new Set(projects.map((p) => p.project_id));
  const filers = new Set<string>([...submissions.map((s) => s.submitter_account), ...registerEvents.map((e) => e.submitted_by), ...projects.map((p) => p.registered_by)]);
  return {
    units,
    submissions,
    tax: ofUnits(input.tax),
    electricity: ofUnits(input.electricity),
    social_insurance: ofUnits(input.social_insurance),
    market_status: ofUnits(input.market_status),
    register_events: registerEvents,
    projects,
    project_progress: input.project_progress.filter((p) => projectIds.has(p.project_id)),
    accounts: input.accounts.filter((a) => filers.has(a.account)),
    offices: input.offices.filter((o) => towns.has(o.town_code)),
  };
}
