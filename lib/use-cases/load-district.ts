import { contractKey } from '../contract/validate-row';
import { RECORD_KINDS } from '../domain/kinds';
import type { DistrictInput } from '../engine/district-data';
import type { RecordStore } from '../ports/record-store';
import type { TownRecordReader } from '../ports/town-record-reader';

/** Load only these towns' records (a province shard is one district), through the reader. */
export interface TownScope {
  reader: TownRecordReader;
  towns: readonly string[];
}

/**
 * Reads every current record (or a town scope's) in one pass and groups it by kind, as the engine takes it. Each
 * kind is put in contract-key order: a parallel scan returns pages in whatever order they
 * finish, and the same data must give the same findings, evidence lists included.
 */
export async function loadDistrictInput(records: RecordStore, scope?: TownScope): Promise<DistrictInput> {
  const input = Object.fromEntries(RECORD_KINDS.map((k) => [k, [] as unknown[]])) as unknown as DistrictInput;
  const rows = scope ? scope.reader.scanTowns(scope.towns) : records.scanAll();
  for await (const { kind, values } of rows) (input[kind] as unknown[]).push(values);
  for (const kind of RECORD_KINDS) {
    const rows = input[kind] as unknown as Record<string, unknown>[];
    const keyed = rows.map((values) => ({ key: contractKey(kind, values), values }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    (input[kind] as unknown[]) = keyed.map((k) => k.values);
  }
  return input;
}
