import { buildDistrictData, type DistrictData } from '../../../lib/engine/district-data';
import { findingId } from '../../../lib/engine/finding-id';
import { generateSample } from '../../../lib/sample/generate';
import { sampleToDistrictInput } from '../../../lib/sample/to-district-input';
import type { Finding, Pattern, Severity, SubjectKind } from '../../../lib/domain/finding';

let cached: DistrictData | undefined;

/** The deterministic sample district (built once per test file). */
export function sampleDistrict(): DistrictData {
  cached ??= buildDistrictData(sampleToDistrictInput(generateSample().files));
  return cached;
}

/** A fresh copy whose unit infos may be changed by a test (names) without touching the cache. */
export function freshDistrict(): DistrictData {
  return buildDistrictData(sampleToDistrictInput(generateSample().files));
}

/** Units that filed every period and have tax, grid and insurance records: good chart subjects. */
export function wellFiledUnits(data: DistrictData, n: number): string[] {
  const out: string[] = [];
  for (let u = 0; u < data.units.length && out.length < n; u++) {
    let ok = data.units[u]!.known;
    for (let t = 0; t < data.P && ok; t++) {
      const i = u * data.P + t;
      ok = [data.revenue[i]!, data.taxSales[i]!, data.gridKwh[i]!, data.insured[i]!].every(Number.isFinite);
    }
    if (ok) out.push(data.units[u]!.id);
  }
  return out;
}

export interface FindingSpec {
  rule?: string;
  pattern?: Pattern;
  subject: { kind: SubjectKind; id: string };
  unit_ids?: string[];
  period?: string | null;
  score?: number;
  severity?: Severity;
  evidence?: Record<string, unknown>;
  summary_zh?: string;
}

export function finding(s: FindingSpec): Finding {
  const rule = s.rule ?? 'test.rule';
  const period = s.period === undefined ? '2024-03' : s.period;
  return {
    finding_id: findingId(rule, s.subject.kind, s.subject.id, period),
    rule_id: rule,
    rule_version: 1,
    pattern: s.pattern ?? 'FALSIFY.INFLATE',
    subject: s.subject,
    unit_ids: s.unit_ids ?? (s.subject.kind === 'unit' ? [s.subject.id] : []),
    period,
    score: s.score ?? 0.9,
    severity: s.severity ?? 'high',
    summary_zh: s.summary_zh ?? '测试线索',
    summary_en: 'test finding',
    evidence: s.evidence ?? { reported: 100, tax: 40 },
    case_id: null,
  };
}

/** A clock that advances one second per call. */
export function tickingClock(start = Date.UTC(2024, 5, 1)) {
  let t = start;
  return { now: () => new Date((t += 1000)) };
}
