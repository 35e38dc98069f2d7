import type { ElectricityRecord, MarketStatusRecord, RegisterEventRecord, SocialInsuranceRecord, SubmissionRecord, TaxRecord, UnitRecord } from '../contract/schemas';

/** Everything the official store holds about one unit, as contract values. */
export interface UnitRecords {
  /** The unit's register profile; undefined when the register does not list it. */
  unit: UnitRecord | undefined;
  submissions: SubmissionRecord[];
  tax: TaxRecord[];
  electricity: ElectricityRecord[];
  social_insurance: SocialInsuranceRecord[];
  market_status: MarketStatusRecord[];
  register_events: RegisterEventRecord[];
}

/**
 * Read-only view of the official store for self-inspection: one unit's own records, and the
 * ids of a town's units. There is deliberately no write method here — self-inspection must not
 * be able to change official records even by mistake.
 */
export interface OfficialUnitReader {
  unitRecords(unitId: string): Promise<UnitRecords>;
  /** The register profiles of the units of a town (统计用区划代码 of the town), by unit id. */
  townUnits(townCode: string): Promise<UnitRecord[]>;
}

export function emptyUnitRecords(): UnitRecords {
  return { unit: undefined, submissions: [], tax: [], electricity: [], social_insurance: [], market_status: [], register_events: [] };
}
