import { RECORD_KINDS } from '../domain/kinds';
import type { DistrictInput } from '../engine/district-data';
import type { RecordStore } from '../ports/record-store';

/** Reads every current record in one pass and groups it by kind, as the engine takes it. */
export async function loadDistrictInput(records: RecordStore): Promise<DistrictInput> {
  const input = Object.fromEntries(RECORD_KINDS.map((k) => [k, [] as unknown[]])) as unknown as DistrictInput;
  for await (const { kind, values } of records.scanAll()) (input[kind] as unknown[]).push(values);
  return input;
}
