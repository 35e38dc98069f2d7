import { InspectionDrawError, type InputIssue } from './errors';
import type { DrawOutcome, DrawParams, DrawSelection, DrawUnit, Inspector, RiskWeight } from './model';
import { uniform } from './prng';
import { weightedSample } from './weighted-sample';

export interface DrawInputs {
  /** The population: units in the register. */
  units: DrawUnit[];
  /** Risk of units with findings (0 < risk ≤ 1); units not listed have none. */
  risks: RiskWeight[];
  inspectors: Inspector[];
}

export const ALGORITHM = {
  units:
    'n = min(count, population); the risk part round(n × risk_share) is drawn among units with risk > 0 by Efraimidis–Spirakis keys ln(u(seed,"risk",unit_id))/risk, largest first (fewer risky units: the rest moves to the random part); the random part from the units left, keys ln(u(seed,"random",unit_id)), largest first',
  inspectors:
    'for each drawn unit in order and each slot s = 1…per_unit: among inspectors not of the unit\'s town and not yet on it, those with the fewest assignments so far, sorted by inspector_id; pick index floor(u(seed,"inspector",unit_id,s) × count)',
};

const byId =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/** Inputs in canonical form (sorted by id) with duplicates refused: the form that is hashed and published. */
export function canonicalInputs(raw: DrawInputs): DrawInputs {
  const issues: InputIssue[] = [];
  const unique = <T>(list: readonly T[], key: (t: T) => string, what: { zh: string; en: string }) => {
    const seen = new Set<string>();
    for (const t of list) {
      if (seen.has(key(t))) issues.push({ line: null, column: null, zh: `${what.zh} ${key(t)} 重复`, en: `duplicate ${what.en} ${key(t)}` });
      seen.add(key(t));
    }
    return [...list].sort(byId(key));
  };
  const units = unique(
    raw.units.map((u) => ({ unit_id: u.unit_id, town_code: u.town_code })),
    (u) => u.unit_id,
    { zh: '单位', en: 'unit' },
  );
  const inPopulation = new Set(units.map((u) => u.unit_id));
  const risks = unique(
    raw.risks.filter((r) => inPopulation.has(r.unit_id) && r.risk > 0).map((r) => ({ unit_id: r.unit_id, risk: r.risk })),
    (r) => r.unit_id,
    { zh: '风险值单位', en: 'risk entry for unit' },
  );
  const inspectors = unique(
    raw.inspectors.map((i) => ({ inspector_id: i.inspector_id, name: i.name, town_code: i.town_code })),
    (i) => i.inspector_id,
    { zh: '检查人员', en: 'inspector' },
  );
  if (issues.length) throw new InspectionDrawError('invalid_input', '抽查输入有重复项', 'the draw inputs hold duplicates', issues);
  return { units, risks, inspectors };
}

/**
 * The draw itself, a pure function of seed, canonical inputs and parameters (ALGORITHM says
 * how). Assigning to the least-loaded eligible inspectors first keeps the random assignment
 * from piling units on one person; the exclusion of the unit's own town is the conflict-of-
 * interest rule (回避). Not enough eligible inspectors for a drawn unit refuses the whole draw.
 */
export function runDraw(seed: string, inputs: DrawInputs, params: DrawParams): DrawOutcome {
  const { units, risks, inspectors } = inputs;
  if (!units.length) throw new InspectionDrawError('no_units', '名录库中没有可抽取的单位', 'no units in the register to draw from');
  const n = Math.min(params.count, units.length);
  const risk = new Map(risks.map((r) => [r.unit_id, r.risk]));
  const riskPicks = weightedSample(
    units.map((u) => ({ id: u.unit_id, weight: risk.get(u.unit_id) ?? 0 })),
    Math.round(n * params.risk_share),
    seed,
    'risk',
  );
  const taken = new Set(riskPicks.map((p) => p.id));
  const randomPicks = weightedSample(
    units.filter((u) => !taken.has(u.unit_id)).map((u) => ({ id: u.unit_id, weight: 1 })),
    n - riskPicks.length,
    seed,
    'random',
  );
  const townOf = new Map(units.map((u) => [u.unit_id, u.town_code]));
  const picks = [...riskPicks.map((p) => ({ ...p, part: 'risk' as const, weight: risk.get(p.id)! })), ...randomPicks.map((p) => ({ ...p, part: 'random' as const, weight: 1 }))];
  checkInspectorsSuffice(
    picks.map((p) => townOf.get(p.id)!),
    inspectors,
    params.per_unit,
  );
  const load = new Map(inspectors.map((i) => [i.inspector_id, 0]));
  const selections: DrawSelection[] = picks.map((p, idx) => {
    const town = townOf.get(p.id)!;
    const chosen: string[] = [];
    for (let slot = 1; slot <= params.per_unit; slot++) {
      const eligible = inspectors.filter((i) => i.town_code !== town && !chosen.includes(i.inspector_id));
      const least = Math.min(...eligible.map((i) => load.get(i.inspector_id)!));
      const pool = eligible.filter((i) => load.get(i.inspector_id) === least);
      const pick = pool[Math.floor(uniform(seed, 'inspector', p.id, String(slot)) * pool.length)]!;
      chosen.push(pick.inspector_id);
      load.set(pick.inspector_id, least + 1);
    }
    return { order: idx + 1, unit_id: p.id, town_code: town, part: p.part, weight: p.weight, key: p.key, inspectors: chosen };
  });
  return { requested: params.count, population: units.length, drawn: n, risk_part: riskPicks.length, random_part: randomPicks.length, selections };
}

function checkInspectorsSuffice(towns: readonly string[], inspectors: readonly Inspector[], perUnit: number): void {
  const short = [...new Set(towns)]
    .sort()
    .map((town) => ({ town, eligible: inspectors.filter((i) => i.town_code !== town).length }))
    .filter((t) => t.eligible < perUnit);
  if (!short.length) return;
  throw new InspectionDrawError(
    'insufficient_inspectors',
    `检查人员不足：每个单位需要 ${perUnit} 名非本镇街检查人员，共有 ${inspectors.length} 名`,
    `not enough inspectors: each unit needs ${perUnit} inspectors from outside its town; ${inspectors.length} given`,
    short.map((t) => ({ line: null, column: null, zh: `镇街 ${t.town} 的单位只有 ${t.eligible} 名可派检查人员`, en: `units of town ${t.town} have only ${t.eligible} eligible inspector(s)` })),
  );
}
