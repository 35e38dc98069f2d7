import { RECORD_KINDS, type RecordKind } from '../../domain/kinds';
import type { DistrictInput } from '../../engine/district-data';
import { restrictToTowns } from '../../engine/town-scope';
import type { TownRecordReader } from '../../ports/town-record-reader';
import type { MemoryRecordStore } from './memory-record-store';

/** The town reader over a memory store: the scope's definition applied to everything held. */
export class MemoryTownReader implements TownRecordReader {
  constructor(private readonly store: MemoryRecordStore) {}

  async townCodes(): Promise<string[]> {
    const towns = new Set<string>();
    for (const r of this.store.current.values()) if (r.kind === 'units') towns.add(String(r.values.town_code));
    return [...towns].sort();
  }

  async *scanTowns(townCodes: readonly string[]): AsyncIterable<{ kind: RecordKind; values: Record<string, unknown> }> {
    const all = Object.fromEntries(RECORD_KINDS.map((k) => [k, [] as unknown[]])) as unknown as DistrictInput;
    for (const r of this.store.current.values()) (all[r.kind] as unknown[]).push(r.values);
    const scoped = restrictToTowns(all, townCodes);
    for (const kind of RECORD_KINDS) for (const values of scoped[kind] as unknown as Record<string, unknown>[]) yield { kind, values };
  }
}
