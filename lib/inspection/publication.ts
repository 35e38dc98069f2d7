import { createHash } from 'node:crypto';
import { ALGORITHM, canonicalInputs, runDraw, type DrawInputs } from './draw';
import { InspectionDrawError } from './errors';
import { DRAW_FORMAT, DrawDocumentSchema, type DrawDocument, type DrawOutcome, type DrawParams, type DrawRecord } from './model';
import { PRNG_DESCRIPTION } from './prng';

/** Published draws (一公开): `inspections/draws/<draw_id>.json` in the data bucket. */
export const DRAW_PREFIX = 'inspections/draws/';
export const drawKey = (drawId: string) => `${DRAW_PREFIX}${drawId}.json`;

export const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** SHA-256 of each canonical input list's JSON text (JSON.stringify, sorted by id, no spaces). */
export function inputHashes(inputs: DrawInputs): DrawRecord['input_sha256'] {
  return { units: sha256Hex(JSON.stringify(inputs.units)), risks: sha256Hex(JSON.stringify(inputs.risks)), inspectors: sha256Hex(JSON.stringify(inputs.inspectors)) };
}

/**
 * `D-<UTC date>-<12 hex>`, the hex from seed, parameters and input hashes: the same draw asked
 * twice on one day gets the same id (and, being deterministic, the same result), so a retried
 * request finds the stored draw instead of making a second one.
 */
export function drawIdOf(seed: string, params: DrawParams, hashes: DrawRecord['input_sha256'], drawnAt: string): string {
  const digest = sha256Hex(JSON.stringify({ seed, params: { count: params.count, risk_share: params.risk_share, per_unit: params.per_unit }, input_sha256: hashes }));
  return `D-${drawnAt.slice(0, 10).replace(/-/g, '')}-${digest.slice(0, 12)}`;
}

interface Parts {
  draw_id: string;
  drawn_at: string;
  drawn_by: string;
  seed: string;
  params: DrawParams;
  inputs: DrawInputs;
  result: DrawOutcome;
}

/** The published document, fields always in this order so that the same draw serialises to the same bytes. */
function assemble(p: Parts): DrawDocument {
  return {
    format: DRAW_FORMAT,
    draw_id: p.draw_id,
    drawn_at: p.drawn_at,
    drawn_by: p.drawn_by,
    seed: p.seed,
    params: { count: p.params.count, risk_share: p.params.risk_share, per_unit: p.params.per_unit },
    algorithm: { prng: PRNG_DESCRIPTION, units: ALGORITHM.units, inspectors: ALGORITHM.inspectors },
    input_counts: { units: p.inputs.units.length, risks: p.inputs.risks.length, inspectors: p.inputs.inspectors.length },
    input_sha256: inputHashes(p.inputs),
    result: p.result,
    inputs: p.inputs,
  };
}

/** Runs the draw and assembles its document. */
export function makeDraw(input: { seed: string; params: DrawParams; inputs: DrawInputs; drawnAt: string; drawnBy: string }): DrawDocument {
  const inputs = canonicalInputs(input.inputs);
  const result = runDraw(input.seed, inputs, input.params);
  const draw_id = drawIdOf(input.seed, input.params, inputHashes(inputs), input.drawnAt);
  return assemble({ draw_id, drawn_at: input.drawnAt, drawn_by: input.drawnBy, seed: input.seed, params: input.params, inputs, result });
}

/** The published bytes: indented JSON (people read it), one trailing newline. */
export const serialiseDocument = (doc: DrawDocument) => `${JSON.stringify(doc, null, 2)}\n`;

/** The stored record of a document: everything but the unit and risk lists (a DynamoDB item holds at most 400 KB). */
export function recordOf(doc: DrawDocument): DrawRecord {
  const { inputs, ...rest } = doc;
  return { ...rest, inspectors: inputs.inspectors, published_key: drawKey(doc.draw_id), published_sha256: sha256Hex(serialiseDocument(doc)) };
}

/** Rebuilds a stored draw's document from its record and the same inputs (to publish it again after an interruption). */
export function documentOf(record: DrawRecord, inputs: DrawInputs): DrawDocument {
  const canonical = canonicalInputs(inputs);
  const hashes = inputHashes(canonical);
  if (JSON.stringify(hashes) !== JSON.stringify(record.input_sha256))
    throw new InspectionDrawError('conflict', `抽查 ${record.draw_id} 的输入已变化，无法重新发布`, `the inputs of draw ${record.draw_id} have changed; it cannot be published again`);
  return assemble({ ...record, params: record.params, inputs: canonical });
}

export interface Verification {
  ok: boolean;
  draw_id: string | null;
  problems: { zh: string; en: string }[];
}

/**
 * Re-runs a published draw from its own seed, inputs and parameters and compares everything:
 * the input hashes, the draw id, and every selection (unit, part, order, inspectors; the key
 * to 1e-12 relative, allowing a last-digit difference of another platform's logarithm).
 */
export function verifyDrawDocument(json: unknown): Verification {
  const parsed = DrawDocumentSchema.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      draw_id: null,
      problems: [
        {
          zh: `文件格式不符：${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
          en: `not a draw file: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
        },
      ],
    };
  const doc = parsed.data;
  const problems: Verification['problems'] = [];
  let inputs: DrawInputs;
  try {
    inputs = canonicalInputs(doc.inputs);
  } catch (err) {
    return { ok: false, draw_id: doc.draw_id, problems: [{ zh: (err as InspectionDrawError).zh ?? String(err), en: (err as InspectionDrawError).en ?? String(err) }] };
  }
  const hashes = inputHashes(inputs);
  for (const k of ['units', 'risks', 'inspectors'] as const) if (hashes[k] !== doc.input_sha256[k]) problems.push({ zh: `输入 ${k} 的 SHA-256 不符`, en: `SHA-256 of input ${k} does not match` });
  if (drawIdOf(doc.seed, doc.params, hashes, doc.drawn_at) !== doc.draw_id) problems.push({ zh: '抽查编号与种子、参数、输入不符', en: 'the draw id does not follow from seed, parameters and inputs' });
  let again: DrawOutcome;
  try {
    again = runDraw(doc.seed, inputs, doc.params);
  } catch (err) {
    return {
      ok: false,
      draw_id: doc.draw_id,
      problems: [...problems, { zh: `无法重新抽取：${(err as InspectionDrawError).zh ?? String(err)}`, en: `cannot re-run the draw: ${(err as InspectionDrawError).en ?? String(err)}` }],
    };
  }
  const shape = (o: DrawOutcome) => JSON.stringify({ ...o, selections: o.selections.map(({ key: _key, ...s }) => s) });
  if (shape(again) !== shape(doc.result)) problems.push({ zh: '重新抽取的结果与公布的结果不同', en: 'the re-run draw differs from the published result' });
  else if (again.selections.some((s, i) => Math.abs(s.key - doc.result.selections[i]!.key) > 1e-12 * Math.max(1, Math.abs(s.key))))
    problems.push({ zh: '抽取键值与公布值不符', en: 'the drawing keys differ from the published ones' });
  return { ok: problems.length === 0, draw_id: doc.draw_id, problems };
}
