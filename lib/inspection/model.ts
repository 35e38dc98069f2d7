import * as z from 'zod';

/**
 * The double-random inspection draw (双随机一公开): units drawn at random (part of them
 * weighted by risk), inspectors drawn at random for each, the whole published so anyone can
 * re-run it. These schemas are the published file's format (`statsentry.inspection-draw/1`).
 */
export const DRAW_FORMAT = 'statsentry.inspection-draw/1';

export const InspectorSchema = z.object({
  inspector_id: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[^\s,]+$/),
  name: z.string().trim().min(1).max(100),
  town_code: z
    .string()
    .trim()
    .regex(/^\d{12}$/),
});
export type Inspector = z.output<typeof InspectorSchema>;

export const DrawUnitSchema = z.object({ unit_id: z.string().min(1), town_code: z.string() });
export type DrawUnit = z.output<typeof DrawUnitSchema>;

export const RiskWeightSchema = z.object({ unit_id: z.string().min(1), risk: z.number().gt(0).max(1) });
export type RiskWeight = z.output<typeof RiskWeightSchema>;

export const DrawParamsSchema = z.object({
  count: z.number().int().min(1).max(100_000),
  /** Share of the drawn units taken by risk weight; the rest purely at random. */
  risk_share: z.number().min(0).max(1).default(0.5),
  /** Inspectors per unit; two is the usual rule (两人以上). */
  per_unit: z.number().int().min(1).max(10).default(2),
});
export type DrawParams = z.output<typeof DrawParamsSchema>;

export const SeedSchema = z.string().trim().min(1).max(256);

export const DrawSelectionSchema = z.object({
  order: z.number().int().min(1),
  unit_id: z.string(),
  town_code: z.string(),
  part: z.enum(['risk', 'random']),
  /** The weight the unit was drawn with (its risk in the risk part, 1 in the random part). */
  weight: z.number(),
  /** Efraimidis–Spirakis key ln(u)/weight. */
  key: z.number(),
  inspectors: z.array(z.string()),
});
export type DrawSelection = z.output<typeof DrawSelectionSchema>;

export const DrawOutcomeSchema = z.object({
  requested: z.number().int(),
  population: z.number().int(),
  drawn: z.number().int(),
  risk_part: z.number().int(),
  random_part: z.number().int(),
  selections: z.array(DrawSelectionSchema),
});
export type DrawOutcome = z.output<typeof DrawOutcomeSchema>;

export const InputHashesSchema = z.object({ units: z.string(), risks: z.string(), inspectors: z.string() });

/** What DynamoDB keeps: everything but the unit and risk lists, which are in the published file (their hashes here). */
export const DrawRecordSchema = z.object({
  format: z.literal(DRAW_FORMAT),
  draw_id: z.string(),
  drawn_at: z.string(),
  drawn_by: z.string(),
  seed: z.string(),
  params: z.object({ count: z.number().int(), risk_share: z.number(), per_unit: z.number().int() }),
  algorithm: z.object({ prng: z.string(), units: z.string(), inspectors: z.string() }),
  input_counts: z.object({ units: z.number().int(), risks: z.number().int(), inspectors: z.number().int() }),
  input_sha256: InputHashesSchema,
  inspectors: z.array(InspectorSchema),
  result: DrawOutcomeSchema,
  /** Key of the published file and the SHA-256 of its bytes. */
  published_key: z.string(),
  published_sha256: z.string(),
});
export type DrawRecord = z.output<typeof DrawRecordSchema>;

/** The published file: the record's content plus the full inputs, so the draw can be re-run. */
export const DrawDocumentSchema = DrawRecordSchema.omit({ published_key: true, published_sha256: true, inspectors: true }).extend({
  inputs: z.object({ units: z.array(DrawUnitSchema), risks: z.array(RiskWeightSchema), inspectors: z.array(InspectorSchema) }),
});
export type DrawDocument = z.output<typeof DrawDocumentSchema>;
