import { buildSchemas, knownColumns } from '../contract/schemas';
import { validateRow } from '../contract/validate-row';
import { RECORD_KINDS } from '../domain/kinds';
import type { DistrictInput } from '../engine/district-data';
import type { SampleFiles } from './emit';

/** The sample's rows typed exactly as ingest would store them (same schemas), without a store. */
export function sampleToDistrictInput(files: SampleFiles): DistrictInput {
  const schemas = buildSchemas({ usccAllowList: new Set() });
  const input = Object.fromEntries(RECORD_KINDS.map((k) => [k, [] as unknown[]])) as unknown as DistrictInput;
  for (const kind of RECORD_KINDS) {
    const known = new Set(knownColumns(schemas, kind));
    files[kind].forEach((row, i) => {
      const cells = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === undefined ? undefined : String(v)]));
      const r = validateRow(schemas, kind, known, { line: i + 2, cells });
      if (!r.ok) throw new Error(`sample ${kind} row ${i} invalid: ${JSON.stringify(r.problems)}`);
      (input[kind] as unknown[]).push(r.values);
    });
  }
  return input;
}
