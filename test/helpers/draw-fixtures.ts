import { buildSchemas, knownColumns } from '../../lib/contract/schemas';
import type { Finding } from '../../lib/domain/finding';
import { findingId } from '../../lib/engine/finding-id';
import type { Inspector } from '../../lib/inspection/model';
import { generateSample } from '../../lib/sample/generate';
import { toCsv } from '../../lib/sample/to-csv';

let units: { csv: string; register: { unit_id: string; town_code: string }[] } | undefined;

/** The sample district's units file (valid credit codes) and the units in its register. */
export function sampleUnits() {
  if (!units) {
    const rows = generateSample().files.units;
    units = {
      csv: toCsv(knownColumns(buildSchemas({ usccAllowList: new Set() }), 'units'), rows),
      register: rows.filter((r) => r.in_register === true || r.in_register === 'true').map((r) => ({ unit_id: String(r.unit_id), town_code: String(r.town_code) })),
    };
  }
  return units;
}

/** Two inspectors for each of the sample's towns. */
export function sampleInspectors(): Inspector[] {
  const towns = [...new Set(sampleUnits().register.map((u) => u.town_code))].sort();
  return towns.flatMap((town, t) => [0, 1].map((k) => ({ inspector_id: `INSP-${t}-${k}`, name: `检查员${t}-${k}`, town_code: town })));
}

/** A high finding on a unit, as a check would store it. */
export function unitFinding(unitId: string, pattern: Finding['pattern'] = 'FALSIFY.INFLATE'): Finding {
  return {
    finding_id: findingId('test.rule', 'unit', unitId, '2024-03'),
    rule_id: 'test.rule',
    rule_version: 1,
    pattern,
    subject: { kind: 'unit', id: unitId },
    unit_ids: [unitId],
    period: '2024-03',
    score: 0.9,
    severity: 'high',
    summary_zh: '',
    summary_en: '',
    evidence: {},
    case_id: null,
  };
}
