import type { RecordKind } from '../../domain/kinds';
import type { RecordStore, StoredRecord, WriteOutcome } from '../../ports/record-store';

/** The record store's contract in memory, for tests of the use cases and rules. */
export class MemoryRecordStore implements RecordStore {
  readonly current = new Map<string, StoredRecord>();
  readonly history: StoredRecord[] = [];

  private id(r: StoredRecord): string {
    return `${r.kind}\u0000${r.key}`;
  }

  async writeNew(records: readonly StoredRecord[]): Promise<WriteOutcome[]> {
    return records.map((r) => {
      const existing = this.current.get(this.id(r));
      if (!existing) {
        this.current.set(this.id(r), r);
        return { status: 'accepted' };
      }
      return existing.fingerprint === r.fingerprint ? { status: 'unchanged' } : { status: 'conflict', existing: existing.values };
    });
  }

  async replace(records: readonly StoredRecord[]): Promise<WriteOutcome[]> {
    return records.map((r) => {
      const existing = this.current.get(this.id(r));
      if (existing?.fingerprint === r.fingerprint) return { status: 'unchanged' };
      if (existing) this.history.push(existing);
      this.current.set(this.id(r), r);
      return { status: 'accepted' };
    });
  }

  async countByKind(): Promise<Partial<Record<RecordKind, number>>> {
    const counts: Partial<Record<RecordKind, number>> = {};
    for (const r of this.current.values()) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
    return counts;
  }

  async *scanAll(): AsyncIterable<{ kind: RecordKind; values: Record<string, unknown> }> {
    for (const r of this.current.values()) yield { kind: r.kind, values: r.values };
  }

  async *scanKind(kind: RecordKind): AsyncIterable<Record<string, unknown>> {
    for (const r of this.current.values()) if (r.kind === kind) yield r.values;
  }
}
