import type { RegisterEventRecord, SubmissionRecord, UnitRecord } from '../contract/schemas';
import type { DistrictInput } from '../engine/district-data';
import type { UnitRecords } from '../ports/official-unit-reader';

export interface UnitUpload {
  submissions: SubmissionRecord[];
  registerEvents: RegisterEventRecord[];
}

export interface UnitDistrict {
  /** A district of exactly one unit: its official records with the upload laid over them. */
  input: DistrictInput;
  /** Periods of the uploaded reports: problems are those that concern these (or the uploaded events). */
  uploadedPeriods: Set<string>;
  uploadedEvents: Set<string>;
  /** What the unit filed officially for each period (latest revision), to compare an upload with. */
  filed: Map<string, SubmissionRecord>;
}

function latestByPeriod(rows: readonly SubmissionRecord[]): Map<string, SubmissionRecord> {
  const out = new Map<string, SubmissionRecord>();
  for (const s of rows) {
    const prev = out.get(s.period);
    if (!prev || s.revision > prev.revision) out.set(s.period, s);
  }
  return out;
}

/**
 * The unit's own district. An uploaded report replaces the filed ones of its period (it is what
 * the unit means to file, so it is judged as the latest revision); an uploaded register
 * application replaces the stored one with the same event id. Tax, electricity, insurance and
 * market status come only from the official store. No other unit is in it, so no rule can see
 * or report another unit's figures.
 */
export function unitDistrict(official: UnitRecords, upload: UnitUpload | null): UnitDistrict {
  const filed = latestByPeriod(official.submissions);
  const uploaded = latestByPeriod(upload?.submissions ?? []);
  const events = new Map(official.register_events.map((e) => [e.event_id, e]));
  for (const e of upload?.registerEvents ?? []) events.set(e.event_id, e);
  const submissions = [...official.submissions.filter((s) => !uploaded.has(s.period)), ...uploaded.values()].sort((a, b) => a.period.localeCompare(b.period) || a.revision - b.revision);
  const input: DistrictInput = {
    units: official.unit ? [official.unit] : synthesisedProfile([...events.values()]),
    submissions,
    tax: official.tax,
    electricity: official.electricity,
    social_insurance: official.social_insurance,
    market_status: official.market_status,
    register_events: [...events.values()].sort((a, b) => a.event_id.localeCompare(b.event_id)),
    projects: [],
    project_progress: [],
    accounts: [],
    offices: [],
  };
  // Without an upload (a town inspecting what its units filed), everything filed is in scope.
  const uploadedPeriods = upload ? new Set(uploaded.keys()) : new Set(filed.keys());
  const uploadedEvents = upload ? new Set(upload.registerEvents.map((e) => e.event_id)) : new Set(events.keys());
  return { input, uploadedPeriods, uploadedEvents, filed: upload ? filed : new Map() };
}

/**
 * A unit applying to enter the register may not be in it yet: its application gives the
 * category, so that the register rules can judge the application. Industry and town are unknown.
 */
function synthesisedProfile(events: readonly RegisterEventRecord[]): UnitRecord[] {
  const e = events[0];
  if (!e) return [];
  return [{ unit_id: e.unit_id, name: '', industry_code: '0000', category: e.category, town_code: '', in_register: false } as UnitRecord];
}
