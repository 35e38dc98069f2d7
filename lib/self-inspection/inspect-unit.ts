import { buildDistrictData } from '../engine/district-data';
import type { EngineConfig } from '../engine/config';
import type { UnitRecords } from '../ports/official-unit-reader';
import { SELF_CHECKS } from './checks';
import type { CheckContext } from './checks/context';
import type { PeerGroupStats } from './peer-stats';
import { sortProblems, toProblem, type Detected, type Problem } from './problem';
import { REUSED_RULES, runReusedRules } from './rule-checks';
import { unitDistrict, type UnitUpload } from './unit-district';

export interface InspectionInput {
  unitId: string;
  official: UnitRecords;
  /** The unit's uploaded rows; null inspects what the unit filed. */
  upload: UnitUpload | null;
  peers: PeerGroupStats | undefined;
  config: EngineConfig;
}

/** Which checks ran, for the report: a unit should know what was and was not looked at. */
export interface CheckRun {
  id: string;
  title_zh: string;
  title_en: string;
  ran: boolean;
  note_zh: string | null;
  note_en: string | null;
}

export interface Inspection {
  problems: Problem[];
  checks: CheckRun[];
  periods: string[];
  events: string[];
}

/**
 * Self-inspection of one unit: the reused rules and the self-inspection checks on the unit's own
 * district (official records with the upload laid over), against the peer group's anonymised
 * statistics. Pure: reads nothing, writes nothing.
 */
export function inspectUnit(input: InspectionInput): Inspection {
  const { unitId, official, config } = input;
  const ud = unitDistrict(official, input.upload);
  const data = buildDistrictData(ud.input);
  const scope = { periods: ud.uploadedPeriods, events: ud.uploadedEvents };
  const rules = runReusedRules(data, unitId, config, scope);
  const category = official.unit?.category ?? ud.input.register_events[0]?.category ?? null;
  const ctx: CheckContext = {
    unitId,
    data,
    u: data.unitIndex.get(unitId) ?? -1,
    category,
    threshold: category ? config.registerThresholds[category] : null,
    scope: ud.uploadedPeriods,
    filed: ud.filed,
    peers: input.peers,
    coveredByShift: rules.coveredByShift,
  };
  const detected: Detected[] = [...rules.detected];
  const checks: CheckRun[] = REUSED_RULES.map(({ rule }) => {
    const error = rules.errors.find((e) => e.rule_id === rule.id);
    const disabled = config.rules[rule.id]?.enabled === false;
    return {
      id: rule.id,
      title_zh: rule.title.zh,
      title_en: rule.title.en,
      ran: !error && !disabled,
      note_zh: error ? `规则出错：${error.error}` : disabled ? '已在配置中停用' : null,
      note_en: error ? `the rule failed: ${error.error}` : disabled ? 'disabled in the configuration' : null,
    };
  });
  for (const check of SELF_CHECKS) {
    let ran = true;
    let note: { zh: string; en: string } | null = null;
    try {
      detected.push(...check.evaluate(ctx));
      if (check.id === 'self.peer-comparison' && !input.peers) note = { zh: '同行组单位不足，未作同行比较', en: 'peer group too small: no peer comparison' };
      if (check.id === 'self.threshold-proximity' && !ctx.threshold) note = { zh: '本单位类别无营业收入入库标准', en: "the unit's category has no revenue threshold" };
    } catch (err) {
      // A check that throws is reported as not run; the others go on (as confront does for rules).
      ran = false;
      note = { zh: `检查出错：${(err as Error).message}`, en: `the check failed: ${(err as Error).message}` };
    }
    checks.push({ id: check.id, title_zh: check.title.zh, title_en: check.title.en, ran, note_zh: note?.zh ?? null, note_en: note?.en ?? null });
  }
  const problems = sortProblems(dedupe(detected).map((d) => toProblem(unitId, d)));
  return { problems, checks, periods: [...ud.uploadedPeriods].sort(), events: [...ud.uploadedEvents].sort() };
}

/** One problem per ledger item: the most serious when two checks land on the same item. */
function dedupe(detected: Detected[]): Detected[] {
  const rank = { high: 3, medium: 2, low: 1 } as const;
  const byKey = new Map<string, Detected>();
  for (const d of detected) {
    const key = `${d.rule_id}\u0000${d.subject}\u0000${d.period ?? ''}`;
    const prev = byKey.get(key);
    if (!prev || rank[d.severity] > rank[prev.severity]) byKey.set(key, d);
  }
  return [...byKey.values()];
}
