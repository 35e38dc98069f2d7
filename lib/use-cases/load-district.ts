import { contractKey } from '../contract/validate-row';
import { RECORD_KINDS } from '../domain/kinds';
import type { DistrictInput } from '../engine/district-data';
import type { RecordStore } from '../ports/record-store';

/**
 * Reads every current record in one pass and groups it by kind, as the engine takes it. Each
 * kind is put in contract-key order: a parallel scan returns pages in whatever order they
 * finish, and the same data must give the same findings, evidence lists included.
 */
export async function loadDistrictInput(records: RecordStore): Promise<DistrictInput> {
  const input = Object.fromEntries(RECORD_KINDS.map((k) => [k, [] as unknown[]])) as unknown as DistrictInput;
  for await (const { kind, values } of records.scanAll()) (input[kind] as unknown[]).push(values);
  for (const kind of RECORD_KINDS) {
    const rows = input[kind] as unknown as Record<string, unknown>[];
    const keyed = rows.map((values) => ({ key: contractKey(kind, values), values }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    (input[kind] as unknown[]) = keyed.map((k) => k.values);
  }
  return input;
}
