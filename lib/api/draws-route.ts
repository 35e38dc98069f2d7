import * as z from 'zod';
import { InspectorSchema } from '../inspection/model';
import { drawInspections, type DrawInspectionsDeps } from '../use-cases/draw-inspection';
import { ApiError, json, type ApiResponse } from './http';
import type { RouteCall } from './case-routes';
import { EmptyQuerySchema, parseJsonBody, parsePart } from './schemas';

export interface DrawRouteDeps {
  /** The inspection draw's stores; absent where this deployment does not offer it (the route answers 501). */
  draw?: DrawInspectionsDeps;
}

/** POST /api/inspections/draws: the parameters and the inspectors; who draws is the principal. */
export const DrawBodySchema = z.strictObject({
  count: z.number().int().min(1).max(100_000),
  seed: z.string().trim().min(1).max(256),
  risk_share: z.number().min(0).max(1).optional(),
  per_unit: z.number().int().min(1).max(10).optional(),
  inspectors: z.array(InspectorSchema).min(1).max(10_000),
});

export function drawsAvailable(deps: DrawRouteDeps): boolean {
  return deps.draw !== undefined;
}

/**
 * 双随机: draws units and inspectors (lib/use-cases/draw-inspection.ts), stores and publishes
 * the draw. 201 for a new draw; 200 when the same draw (same day, seed, parameters and inputs)
 * was already made and is returned as stored.
 */
export async function postDraw(deps: DrawRouteDeps, { req, principal }: RouteCall): Promise<ApiResponse> {
  if (!deps.draw) throw new ApiError(501, 'not_implemented', '此部署未提供双随机抽查接口', 'this deployment offers no inspection draw');
  parsePart(EmptyQuerySchema, req.query, 'query');
  const body = parsePart(DrawBodySchema, parseJsonBody(req.headers['content-type'], req.body), 'body');
  const result = await drawInspections(deps.draw, { count: body.count, seed: body.seed, riskShare: body.risk_share, perUnit: body.per_unit, inspectors: body.inspectors, by: principal.id });
  return json(result.existing ? 200 : 201, result);
}
