import type { UnitRecord } from '../../contract/schemas';
import { emptyUnitRecords, type OfficialUnitReader, type UnitRecords } from '../../ports/official-unit-reader';
import type { RecordStore } from '../../ports/record-store';

/** The official reader over any record store by scanning it: for unit tests with in-memory stores. */
export class ScanningUnitReader implements OfficialUnitReader {
  constructor(private readonly records: RecordStore) {}

  async unitRecords(unitId: string): Promise<UnitRecords> {
    const out = emptyUnitRecords();
    for await (const { kind, values } of this.records.scanAll()) {
      if (values.unit_id !== unitId) continue;
      if (kind === 'units') out.unit = values as UnitRecord;
      else if (kind !== 'projects' && kind !== 'project_progress' && kind !== 'accounts' && kind !== 'offices') (out[kind] as unknown[]).push(values);
    }
    return out;
  }

  async townUnits(townCode: string): Promise<UnitRecord[]> {
    const units: UnitRecord[] = [];
    for await (const values of this.records.scanKind('units')) if (values.town_code === townCode) units.push(values as UnitRecord);
    return units.sort((a, b) => a.unit_id.localeCompare(b.unit_id));
  }
}
