import { MemoryBlobStore } from '../../lib/adapters/memory/memory-blob-store';
import { MemoryRecordStore } from '../../lib/adapters/memory/memory-record-store';
import { RECORD_KINDS } from '../../lib/domain/kinds';
import type { DistrictInput } from '../../lib/engine/district-data';
import type { FileReport } from '../../lib/use-cases/ingest-report';
import { ingestFile } from '../../lib/use-cases/ingest';
import { loadDistrictInput } from '../../lib/use-cases/load-district';
import type { HoldoutFile } from './emit';

export interface Loaded {
  input: DistrictInput;
  reports: FileReport[];
  rejected: number;
  accepted: number;
}

/**
 * Feeds the holdout files through the real ingestion path (parsers, zod schemas, key checks,
 * idempotent record store) and reads the district back as the engine takes it.
 */
export async function ingestHoldout(files: readonly HoldoutFile[]): Promise<Loaded> {
  const records = new MemoryRecordStore();
  const blobs = new MemoryBlobStore();
  let tick = Date.UTC(2025, 0, 15, 1, 0, 0);
  const clock = { now: () => new Date((tick += 1000)) };
  const deps = { records, blobs, clock, usccAllowList: new Set<string>() };
  const order = [...files].sort((a, b) => RECORD_KINDS.indexOf(a.kind) - RECORD_KINDS.indexOf(b.kind) || a.name.localeCompare(b.name));
  const reports: FileReport[] = [];
  for (const f of order) reports.push(await ingestFile(deps, { name: f.name, body: f.body }));
  const input = await loadDistrictInput(records);
  return {
    input,
    reports,
    rejected: reports.reduce((s, r) => s + r.rejected + (r.file_error ? 1 : 0), 0),
    accepted: reports.reduce((s, r) => s + r.accepted, 0),
  };
}
