import * as z from 'zod';
import { rankUnits } from '../engine/ranking';
import type { DrawInputs } from '../inspection/draw';
import { DrawExistsError, InspectionDrawError, type InputIssue } from '../inspection/errors';
import { validateInspectors } from '../inspection/inspector-file';
import { DrawParamsSchema, SeedSchema, type DrawDocument, type DrawRecord, type DrawUnit, type RiskWeight } from '../inspection/model';
import { documentOf, makeDraw, recordOf, serialiseDocument, sha256Hex, verifyDrawDocument, type Verification } from '../inspection/publication';
import type { BlobStore } from '../ports/blob-store';
import type { Clock } from '../ports/clock';
import type { FindingStore } from '../ports/finding-store';
import type { InspectionDrawStore } from '../ports/inspection-draw-store';
import type { RecordStore } from '../ports/record-store';

export interface DrawInspectionsDeps {
  records: RecordStore;
  findings: FindingStore;
  draws: InspectionDrawStore;
  /** Where the draw is published (`inspections/draws/<id>.json`): the data bucket. */
  blobs: BlobStore;
  clock: Clock;
}

/** What `statsentry inspect draw` and `POST /inspections/draws` ask for. */
export interface DrawInspectionsInput {
  count: number;
  seed: string;
  /** Share drawn by risk weight (default 0.5). */
  riskShare?: number;
  /** Inspectors per unit (default 2). */
  perUnit?: number;
  /** `{inspector_id, name, town_code}` objects; validated here (item numbers in the errors). */
  inspectors: readonly unknown[];
  /** Who made the draw (default `system`). */
  by?: string;
}

export interface DrawInspectionsResult {
  draw: DrawRecord;
  /** True when this very draw (same day, seed, parameters and inputs) was already stored: it is returned, not redrawn. */
  existing: boolean;
  published_key: string;
}

const FIELD_RULES: Record<string, { zh: string; en: string }> = {
  count: { zh: '须为 1–100000 的整数', en: 'must be an integer from 1 to 100000' },
  seed: { zh: '必填，1–256 个字符', en: 'required, 1–256 characters' },
  risk_share: { zh: '须为 0–1 之间的数', en: 'must be a number from 0 to 1' },
  per_unit: { zh: '须为 1–10 的整数', en: 'must be an integer from 1 to 10' },
  by: { zh: '须为 1–100 个字符', en: 'must be 1–100 characters' },
};

const RequestSchema = z.object({ seed: SeedSchema, params: DrawParamsSchema, by: z.string().trim().min(1).max(512) });

function parseRequest(input: DrawInspectionsInput) {
  const parsed = RequestSchema.safeParse({ seed: input.seed, params: { count: input.count, risk_share: input.riskShare, per_unit: input.perUnit }, by: input.by ?? 'system' });
  if (parsed.success) return parsed.data;
  const issues: InputIssue[] = parsed.error.issues.map((i) => {
    const field = String(i.path.at(-1) ?? '');
    const rule = FIELD_RULES[field] ?? { zh: i.message, en: i.message };
    return { line: null, column: field, zh: rule.zh, en: rule.en };
  });
  throw new InspectionDrawError('invalid_input', '抽查参数有误', 'invalid draw parameters', issues);
}

/** The population (units in the register) and the risk of each from the stored findings. */
export async function loadDrawInputs(deps: Pick<DrawInspectionsDeps, 'records' | 'findings'>): Promise<Omit<DrawInputs, 'inspectors'>> {
  const units: DrawUnit[] = [];
  for await (const v of deps.records.scanKind('units')) if (v.in_register === true) units.push({ unit_id: String(v.unit_id), town_code: String(v.town_code) });
  // ENFORCE findings judge the reviewers, not the unit: they do not make a unit riskier.
  const findings = (await deps.findings.list()).filter((f) => !f.pattern.startsWith('ENFORCE.'));
  const risks: RiskWeight[] = rankUnits(findings, { units: [], unitIndex: new Map() })
    .filter((r) => r.risk > 0)
    .map((r) => ({ unit_id: r.unit_id, risk: Math.min(1, r.risk) }));
  return { units, risks };
}

/**
 * 双随机: draws units (risk-weighted and purely random parts) and inspectors for each, stores
 * the draw once (conditional write: an id is never overwritten), then publishes the full
 * document with its inputs (一公开) so anyone can re-run it. The same request again on the
 * same day finds the stored draw and returns it, publishing it again if that step was lost.
 */
export async function drawInspections(deps: DrawInspectionsDeps, input: DrawInspectionsInput): Promise<DrawInspectionsResult> {
  const req = parseRequest(input);
  const inspectors = validateInspectors(
    input.inspectors.map((values, i) => ({ line: i + 1, values: (values ?? {}) as Record<string, unknown> })),
    'item',
  );
  const inputs: DrawInputs = { ...(await loadDrawInputs(deps)), inspectors };
  let doc = makeDraw({ seed: req.seed, params: req.params, inputs, drawnAt: deps.clock.now().toISOString(), drawnBy: req.by });
  let record = recordOf(doc);
  let existing = false;
  try {
    await deps.draws.create(record);
  } catch (err) {
    if (!(err instanceof DrawExistsError)) throw err;
    const stored = await deps.draws.get(record.draw_id);
    if (!stored) throw err;
    record = stored;
    doc = documentOf(stored, inputs);
    existing = true;
  }
  await publish(deps.blobs, record, doc);
  return { draw: record, existing, published_key: record.published_key };
}

async function publish(blobs: BlobStore, record: DrawRecord, doc: DrawDocument): Promise<void> {
  const body = serialiseDocument(doc);
  if (sha256Hex(body) !== record.published_sha256)
    throw new InspectionDrawError('conflict', `抽查 ${record.draw_id} 的公开文件与存档不一致`, `the published file of draw ${record.draw_id} does not match the stored draw`);
  const present = await blobs.get(record.published_key);
  if (!present) return blobs.put(record.published_key, body, 'application/json; charset=utf-8');
  if (sha256Hex(present) !== record.published_sha256)
    throw new InspectionDrawError('conflict', `已公开的文件 ${record.published_key} 与存档的 SHA-256 不符`, `the published file ${record.published_key} does not match the stored SHA-256`);
}

export async function getDraw(deps: Pick<DrawInspectionsDeps, 'draws'>, drawId: string): Promise<DrawRecord> {
  const d = await deps.draws.get(drawId);
  if (!d) throw new InspectionDrawError('not_found', `没有抽查 ${drawId}`, `no draw ${drawId}`);
  return d;
}

/**
 * Checks a stored draw end to end: the published file's bytes against the stored SHA-256, then
 * a re-run of the draw from the file alone (verifyDrawDocument).
 */
export async function verifyStoredDraw(deps: Pick<DrawInspectionsDeps, 'draws' | 'blobs'>, drawId: string): Promise<Verification> {
  const record = await getDraw(deps, drawId);
  const body = await deps.blobs.get(record.published_key);
  if (!body) return { ok: false, draw_id: drawId, problems: [{ zh: `公开文件 ${record.published_key} 不存在`, en: `published file ${record.published_key} is missing` }] };
  const problems: Verification['problems'] = [];
  if (sha256Hex(body) !== record.published_sha256) problems.push({ zh: '公开文件的 SHA-256 与存档不符', en: "the published file's SHA-256 differs from the stored one" });
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return { ok: false, draw_id: drawId, problems: [...problems, { zh: '公开文件不是有效的 JSON', en: 'the published file is not valid JSON' }] };
  }
  const v = verifyDrawDocument(json);
  if (v.draw_id !== drawId) problems.push({ zh: `文件中的编号 ${v.draw_id} 不是 ${drawId}`, en: `the file names draw ${v.draw_id}, not ${drawId}` });
  const all = [...problems, ...v.problems];
  return { ok: all.length === 0, draw_id: drawId, problems: all };
}
