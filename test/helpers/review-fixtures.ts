import { MemoryBlobStore } from '../../lib/adapters/memory/memory-blob-store';
import { MemoryCaseStore } from '../../lib/adapters/memory/memory-case-store';
import { MemoryFindingStore } from '../../lib/adapters/memory/memory-finding-store';
import { MemoryRecordStore } from '../../lib/adapters/memory/memory-record-store';
import type { DistrictInput } from '../../lib/engine/district-data';
import { engineConfig } from '../../lib/engine/config';
import type { BlobStore } from '../../lib/ports/blob-store';
import type { CaseStore } from '../../lib/ports/case-store';
import type { Clock } from '../../lib/ports/clock';
import type { FindingStore } from '../../lib/ports/finding-store';
import type { RecordStore } from '../../lib/ports/record-store';
import { ALL_RULES } from '../../lib/rules/registry';
import { generateSample } from '../../lib/sample/generate';
import { sampleToDistrictInput } from '../../lib/sample/to-district-input';
import { runCheck } from '../../lib/use-cases/check';

let input: DistrictInput | undefined;

/** The deterministic sample district's records (generated once per test file). */
export function sampleInput(): DistrictInput {
  input ??= sampleToDistrictInput(generateSample().files);
  return input;
}

/**
 * Runs every rule over the sample district and builds its cases (buildCases inside runCheck),
 * into whatever stores are given: in-memory ones for unit tests, dynalite/s3rver for integration.
 */
export async function checkSampleDistrict(deps: { records: RecordStore; findings: FindingStore; clock: Clock; cases: CaseStore; caseBlobs: BlobStore }) {
  return runCheck(deps, { rules: ALL_RULES, config: engineConfig({ districtCode: '371302' }), input: sampleInput() });
}

/** A clock that advances one second per reading, so audit times are distinct and ordered. */
export function steppingClock(start = Date.UTC(2025, 3, 1)): Clock {
  let t = start;
  return { now: () => new Date((t += 1000)) };
}

type ReviewDeps = { records: MemoryRecordStore; findings: MemoryFindingStore; clock: Clock; cases: MemoryCaseStore; caseBlobs: MemoryBlobStore };
let template: Promise<ReviewDeps & { result: Awaited<ReturnType<typeof checkSampleDistrict>> }> | undefined;

/**
 * In-memory stores holding the sample district's cases. The check runs once per test file;
 * each call returns fresh copies of its stores (every case at rev 1 with its creation entry),
 * so tests that decide cases do not see each other's decisions.
 */
export async function memoryReviewDeps() {
  template ??= (async () => {
    const deps = { records: new MemoryRecordStore(), findings: new MemoryFindingStore(), clock: steppingClock(), cases: new MemoryCaseStore(), caseBlobs: new MemoryBlobStore() };
    return { ...deps, result: await checkSampleDistrict(deps) };
  })();
  const base = await template;
  const cases = new MemoryCaseStore();
  for (const c of await base.cases.list()) {
    const [created, ...rest] = await base.cases.audit(c.case_id);
    if (!created || rest.length) throw new Error(`template case ${c.case_id} changed`);
    await cases.commit(c, created, null);
  }
  const caseBlobs = new MemoryBlobStore();
  for (const [key, o] of base.caseBlobs.objects) caseBlobs.objects.set(key, { ...o });
  const findings = new MemoryFindingStore();
  for (const [id, f] of base.findings.items) findings.items.set(id, f);
  return { records: base.records, findings, clock: steppingClock(Date.UTC(2025, 5, 1)), cases, caseBlobs, result: base.result };
}
