import type { Finding } from '../domain/finding';
import type { DistrictData } from './district-data';

/**
 * How batch checks split: every finding has exactly one owner key — a unit's (or its
 * register event's, or its project's) town × category, a town's own key for town-level
 * findings, and the district key for cross-town subjects (accounts). A shard is a set of
 * owner keys; running every shard of a plan and merging gives exactly the whole run.
 */
export const DISTRICT_KEY = 'district';

export function unitOwnerKey(town: string, category: string): string {
  return `town:${town}|${category}`;
}

export function townOwnerKey(town: string): string {
  return `town:${town}|*`;
}

export function ownerKey(f: Finding, data: DistrictData): string {
  const unitKey = (id: string | undefined) => {
    const u = id === undefined ? undefined : data.units[data.unitIndex.get(id) ?? -1];
    return u ? unitOwnerKey(u.townCode, u.category) : DISTRICT_KEY;
  };
  switch (f.subject.kind) {
    case 'unit':
      return unitKey(f.subject.id);
    case 'register_event':
      return unitKey(data.registerEvents.find((e) => e.event_id === f.subject.id)?.unit_id ?? f.unit_ids[0]);
    case 'project': {
      const p = data.projects.find((x) => x.project_id === f.subject.id);
      return p ? unitKey(p.owner_unit_id) : unitKey(f.unit_ids[0]);
    }
    case 'town':
      return townOwnerKey(f.subject.id);
    case 'account':
      return DISTRICT_KEY;
  }
}

/** Every owner key the district can produce, one shard each: what a Step Functions Map fans out over. */
export function shardPlan(data: DistrictData): string[][] {
  const keys = new Set<string>();
  for (const u of data.units) {
    keys.add(unitOwnerKey(u.townCode, u.category));
    keys.add(townOwnerKey(u.townCode));
  }
  keys.add(DISTRICT_KEY);
  return [...keys].sort().map((k) => [k]);
}
