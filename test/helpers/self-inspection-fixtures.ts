/** The sample district as the official store of self-inspection tests, and uploads made from its rows. */
import { MemoryBlobStore } from '../../lib/adapters/memory/memory-blob-store';
import { MemoryCaseStore } from '../../lib/adapters/memory/memory-case-store';
import { MemoryFindingStore } from '../../lib/adapters/memory/memory-finding-store';
import { MemoryRecordStore } from '../../lib/adapters/memory/memory-record-store';
import { MemorySelfInspectionLedger } from '../../lib/adapters/memory/memory-self-inspection-ledger';
import { ScanningUnitReader } from '../../lib/adapters/memory/memory-unit-reader';
import { fingerprint } from '../../lib/contract/fingerprint';
import { contractKey } from '../../lib/contract/validate-row';
import { RECORD_KINDS } from '../../lib/domain/kinds';
import { engineConfig } from '../../lib/engine/config';
import type { Row, SampleFiles } from '../../lib/sample/emit';
import { generateSample } from '../../lib/sample/generate';
import { sampleToDistrictInput } from '../../lib/sample/to-district-input';
import { toCsv } from '../../lib/sample/to-csv';
import type { StoredRecord } from '../../lib/ports/record-store';
import type { SelfInspectDeps } from '../../lib/use-cases/self-inspect';
import { StorePeerStats } from '../../lib/use-cases/self-inspect-peer-stats';

export const SAMPLE = generateSample();
export const SUBMISSION_COLUMNS = [
  'unit_id',
  'period',
  'revision',
  'submitted_at',
  'submitter_account',
  'submitter_ip',
  'submitter_device',
  'revenue',
  'main_revenue',
  'gross_output',
  'employees',
  'wages',
  'profit',
  'electricity_kwh',
  'inventory',
];
export const EVENT_COLUMNS = ['event_id', 'type', 'category', 'reason', 'declared_annual_revenue', 'evidence_tax_revenue', 'submitted_by'];

/** The sample's records, typed as ingest stores them, in a memory store (optionally with edited files). */
export async function sampleStore(files: SampleFiles = SAMPLE.files): Promise<MemoryRecordStore> {
  const store = new MemoryRecordStore();
  const input = sampleToDistrictInput(files);
  for (const kind of RECORD_KINDS) {
    const records: StoredRecord[] = (input[kind] as unknown as Record<string, unknown>[]).map((values, i) => ({
      kind,
      key: contractKey(kind, values),
      values,
      fingerprint: fingerprint(values),
      source: { file: `${kind}.csv`, line: i + 2, sha256: 'sample' },
    }));
    await store.writeNew(records);
  }
  return store;
}

export type MemorySelfInspectDeps = SelfInspectDeps & {
  records: MemoryRecordStore;
  reports: MemoryBlobStore;
  ledger: MemorySelfInspectionLedger;
  findings: MemoryFindingStore;
  cases: MemoryCaseStore;
};

/** Self-inspection wired to memory stores; findings and cases are there only to prove they stay empty. */
export function memorySelfInspectDeps(records: MemoryRecordStore): MemorySelfInspectDeps {
  let tick = Date.UTC(2025, 0, 10);
  const clock = { now: () => new Date((tick += 1000)) };
  return {
    records,
    official: new ScanningUnitReader(records),
    peers: new StorePeerStats(records, clock),
    ledger: new MemorySelfInspectionLedger(),
    reports: new MemoryBlobStore(),
    findings: new MemoryFindingStore(),
    cases: new MemoryCaseStore(),
    clock,
    usccAllowList: new Set(),
    config: engineConfig({ districtCode: '371302' }),
  };
}

const injected = new Set(SAMPLE.truth.injected.flatMap((t) => t.unit_ids));
const lookalike = new Set(SAMPLE.truth.lookalikes.flatMap((t) => t.unit_ids));

/** Ordinary units: nothing injected, no look-alike, 24 months filed, a category with a revenue threshold. */
export function cleanUnits(): string[] {
  const months = new Map<string, number>();
  for (const s of SAMPLE.files.submissions) months.set(String(s.unit_id), (months.get(String(s.unit_id)) ?? 0) + 1);
  return SAMPLE.files.units
    .filter((u) => !injected.has(String(u.unit_id)) && !lookalike.has(String(u.unit_id)) && months.get(String(u.unit_id)) === 24 && ['industry', 'wholesale', 'services'].includes(String(u.category)))
    .map((u) => String(u.unit_id));
}

export function unitOf(unitId: string): Row {
  return SAMPLE.files.units.find((u) => u.unit_id === unitId)!;
}

/** A unit's filed reports (revision 0 only), optionally only some periods, as rows to edit. */
export function ownRows(unitId: string, periods?: readonly string[]): Row[] {
  return SAMPLE.files.submissions.filter((s) => s.unit_id === unitId && s.revision === 0 && (!periods || periods.includes(String(s.period)))).map((s) => ({ ...s }));
}

export function csv(rows: readonly Row[], columns: readonly string[] = SUBMISSION_COLUMNS): Uint8Array {
  return new TextEncoder().encode(toCsv(columns, rows));
}

export const LAST_YEAR = Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`);
