import { type Finding, type Severity } from '../domain/finding';
import type { UnitInfo } from './district-data';

/**
 * Risk of a unit = 1 − Π (1 − weight(severity) · score) over the findings that name it:
 * independent signals accumulate, one strong finding dominates many weak ones, and the
 * result stays in [0, 1]. A town's risk is the sum of its units' risks (expected number of
 * units needing action), so big towns are not hidden behind averages.
 */
export const SEVERITY_WEIGHT: Record<Severity, number> = { high: 1, medium: 0.6, low: 0.15 };

export interface UnitRisk {
  unit_id: string;
  name: string;
  town_code: string;
  risk: number;
  findings: number;
  patterns: string[];
}

/** `data` needs only the units (names, towns) and their index: a district, or just the register's units. */
export function rankUnits(findings: readonly Finding[], data: { units: readonly Pick<UnitInfo, 'name' | 'townCode'>[]; unitIndex: ReadonlyMap<string, number> }): UnitRisk[] {
  const byUnit = new Map<string, { keep: number; findings: number; patterns: Set<string> }>();
  for (const f of findings) {
    for (const id of new Set(f.unit_ids)) {
      const entry = byUnit.get(id) ?? { keep: 1, findings: 0, patterns: new Set<string>() };
      entry.keep *= 1 - SEVERITY_WEIGHT[f.severity] * f.score;
      entry.findings++;
      entry.patterns.add(f.pattern);
      byUnit.set(id, entry);
    }
  }
  return [...byUnit]
    .map(([id, e]) => {
      const u = data.units[data.unitIndex.get(id) ?? -1];
      return { unit_id: id, name: u?.name ?? '', town_code: u?.townCode ?? '', risk: Math.round((1 - e.keep) * 1000) / 1000, findings: e.findings, patterns: [...e.patterns].sort() };
    })
    .sort((a, b) => b.risk - a.risk || a.unit_id.localeCompare(b.unit_id));
}

export function rankTowns(units: readonly UnitRisk[]): { town_code: string; risk: number; units: number }[] {
  const towns = new Map<string, { risk: number; units: number }>();
  for (const u of units) {
    const t = towns.get(u.town_code) ?? { risk: 0, units: 0 };
    t.risk += u.risk;
    t.units++;
    towns.set(u.town_code, t);
  }
  return [...towns].map(([town_code, t]) => ({ town_code, risk: Math.round(t.risk * 1000) / 1000, units: t.units })).sort((a, b) => b.risk - a.risk);
}
