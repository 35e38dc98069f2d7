import type { Finding } from '../domain/finding';
import type { DistrictData } from '../engine/district-data';
import { buildCaseFiles, buildManifest, CONTENT_TYPES, manifestBytes } from '../cases/case-files';
import { planCases, subjectResolver, type PlannedCase } from '../cases/grouping';
import { CaseConflictError, isOpenStatus, subjectKey, type CaseRecord } from '../cases/model';
import type { BlobStore } from '../ports/blob-store';
import type { CaseStore } from '../ports/case-store';
import type { Clock } from '../ports/clock';

export interface BuildCasesDeps {
  cases: CaseStore;
  blobs: BlobStore;
  clock: Clock;
}

export interface BuildCasesInput {
  findings: readonly Finding[];
  data: DistrictData;
  runId: string;
  /** Resolved parameters of the rules that ran, by rule id (embedded in the case files). */
  ruleParams?: Readonly<Record<string, Record<string, unknown>>>;
  /** Named in the audit trail for the automatic entries; default `system`. */
  by?: string;
}

export interface BuiltCase {
  case_id: string;
  kind: 'create' | 'version';
  version: number;
  status: string;
  prefix: string;
  manifest: string;
  files: string[];
}

export interface BuildCasesResult {
  created: BuiltCase[];
  updated: BuiltCase[];
  /** Open cases that this run's findings leave unchanged. */
  unchanged: string[];
  /** Cases another writer changed meanwhile (a decision, a concurrent build): not versioned now; the next run will. */
  conflicts: string[];
  /** The input findings with `case_id` set: store them again with FindingStore.put. */
  findings: Finding[];
}

/** Reads the full findings of a case's latest version from its case.json (undefined if unreadable). */
export async function latestCaseFindings(blobs: BlobStore, c: CaseRecord): Promise<Finding[] | undefined> {
  const last = c.files.at(-1);
  if (!last) return undefined;
  const body = await blobs.get(`${last.prefix}case.json`);
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(body)) as { findings?: Finding[] };
    return Array.isArray(parsed.findings) ? parsed.findings : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Groups the run's findings into cases (lib/cases/grouping.ts), writes each new case version's
 * files once (a file already present is kept as stored and the manifest hashes the stored
 * bytes), then commits the case with its audit entry, conditionally.
 */
export async function buildCases(deps: BuildCasesDeps, input: BuildCasesInput): Promise<BuildCasesResult> {
  const now = deps.clock.now().toISOString();
  const existing = await deps.cases.list();
  const subjectOf = subjectResolver(input.data);
  const touched = new Set(input.findings.map((f) => subjectKey(subjectOf(f))));
  const previousFindings = new Map<string, Finding[]>();
  for (const c of existing) {
    if (!isOpenStatus(c.status) || !touched.has(subjectKey(c.subject))) continue;
    const prev = await latestCaseFindings(deps.blobs, c);
    if (prev) previousFindings.set(c.case_id, prev);
  }
  const plan = planCases({ findings: input.findings, data: input.data, runId: input.runId, now, existing, previousFindings, ruleParams: input.ruleParams, by: input.by });
  const result: BuildCasesResult = { created: [], updated: [], unchanged: plan.unchanged, conflicts: [], findings: plan.findings };
  for (const planned of plan.cases) {
    const built = await writeCaseVersion(deps.blobs, planned, input.data);
    try {
      await deps.cases.commit(planned.record, planned.audit, planned.previous ? { rev: planned.previous.rev, status: planned.previous.status } : null);
    } catch (err) {
      if (!(err instanceof CaseConflictError)) throw err;
      result.conflicts.push(planned.record.case_id);
      continue;
    }
    (planned.kind === 'create' ? result.created : result.updated).push(built);
  }
  return result;
}

async function writeCaseVersion(blobs: BlobStore, planned: PlannedCase, data: DistrictData): Promise<BuiltCase> {
  const c = planned.record;
  const last = c.files.at(-1)!;
  const { files } = buildCaseFiles(c, planned.findings, data);
  const stored: { name: string; body: Uint8Array; contentType: string }[] = [];
  for (const f of files) {
    const key = `${last.prefix}${f.name}`;
    // Written once, never changed: keep what is there (an earlier, interrupted attempt).
    const existing = (await blobs.exists(key)) ? await blobs.get(key) : undefined;
    if (existing) stored.push({ name: f.name, body: existing, contentType: f.contentType });
    else {
      await blobs.put(key, f.body, f.contentType);
      stored.push(f);
    }
  }
  if (!(await blobs.exists(last.manifest))) {
    const previous = planned.previous?.files.at(-1)?.manifest ?? null;
    await blobs.put(last.manifest, manifestBytes(buildManifest(c, stored, previous)), CONTENT_TYPES['manifest.json']);
  }
  return {
    case_id: c.case_id,
    kind: planned.kind,
    version: c.version,
    status: c.status,
    prefix: last.prefix,
    manifest: last.manifest,
    files: [...stored.map((f) => `${last.prefix}${f.name}`), last.manifest],
  };
}
