import type { Finding } from '../domain/finding';
import type { DistrictData } from '../engine/district-data';

export interface RegisterState {
  /** Entries and exits per effective period and category. */
  movements: { period: string; category: string; entries: number; exits: number }[];
  /** Units in the above-scale register now, per category and town. */
  in_register: { total: number; by_category: Record<string, number>; by_town: Record<string, number> };
  /** Findings of the register patterns, most severe first. */
  findings: Finding[];
}

export function registerState(data: DistrictData, findings: readonly Finding[]): RegisterState {
  const moves = new Map<string, { period: string; category: string; entries: number; exits: number }>();
  for (const e of data.registerEvents) {
    const key = `${e.period}|${e.category}`;
    const m = moves.get(key) ?? { period: e.period, category: e.category, entries: 0, exits: 0 };
    if (e.type === 'entry') m.entries++;
    else m.exits++;
    moves.set(key, m);
  }
  const byCategory: Record<string, number> = {};
  const byTown: Record<string, number> = {};
  let total = 0;
  for (const u of data.units) {
    if (!u.known || !u.inRegister) continue;
    total++;
    byCategory[u.category] = (byCategory[u.category] ?? 0) + 1;
    byTown[u.townCode] = (byTown[u.townCode] ?? 0) + 1;
  }
  const rank = { high: 0, medium: 1, low: 2 } as const;
  return {
    movements: [...moves.values()].sort((a, b) => a.period.localeCompare(b.period) || a.category.localeCompare(b.category)),
    in_register: { total, by_category: byCategory, by_town: byTown },
    findings: findings.filter((f) => f.pattern.startsWith('REGISTER.')).sort((a, b) => rank[a.severity] - rank[b.severity] || b.score - a.score),
  };
}
