import { MemoryBlobStore } from '../../lib/adapters/memory/memory-blob-store';
import { MemoryRecordStore } from '../../lib/adapters/memory/memory-record-store';
import type { IngestDeps } from '../../lib/use-cases/ingest';

export function memoryDeps(allow: string[] = []): IngestDeps & { records: MemoryRecordStore; blobs: MemoryBlobStore } {
  let tick = Date.UTC(2024, 0, 1);
  return {
    records: new MemoryRecordStore(),
    blobs: new MemoryBlobStore(),
    clock: { now: () => new Date((tick += 1000)) },
    usccAllowList: new Set(allow),
  };
}

export const enc = (s: string) => new TextEncoder().encode(s);
