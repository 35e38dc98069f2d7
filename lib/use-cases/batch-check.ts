import * as z from 'zod';
import type { EngineConfig } from '../engine/config';
import { buildDistrictData } from '../engine/district-data';
import type { Rule } from '../engine/rule';
import { shardPlan } from '../engine/shards';
import { districtShards, type DistrictShard } from '../engine/town-scope';
import { runCheck, type CheckDeps } from './check';
import { loadDistrictInput } from './load-district';

/** A province shard: one district (6 digits) and its towns (12 digits each). */
const DistrictShardSchema = z.object({
  district: z.string().regex(/^\d{6}$/),
  towns: z.array(z.string().regex(/^\d{12}$/)).min(1),
});

/**
 * What a Step Functions state sends: plan the shards, or check one shard. A district-size
 * table is planned `by: 'owner'` (town × category keys, each shard loading the whole table);
 * a province `by: 'district'` (each shard loading its district's towns only, by key).
 */
export const BatchCheckEventSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('plan'), by: z.enum(['owner', 'district']).default('owner') }),
  z.object({
    action: z.literal('check'),
    shard: z.union([z.array(z.string().min(1)).min(1), DistrictShardSchema]),
    period: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
      .optional(),
    runId: z.string().optional(),
  }),
]);
export type BatchCheckEvent = z.infer<typeof BatchCheckEventSchema>;

export type BatchCheckResult =
  { shards: string[][] | DistrictShard[] } | { shard: string[] | DistrictShard; findings: number; created: number; retired: number; high: number; medium: number; errors: string[] };

export async function batchCheck(deps: CheckDeps, rules: readonly Rule[], config: EngineConfig, event: BatchCheckEvent): Promise<BatchCheckResult> {
  if (event.action === 'plan') {
    if (event.by === 'owner') return { shards: shardPlan(buildDistrictData(await loadDistrictInput(deps.records))) };
    if (!deps.townReader) throw new Error('a district plan needs a town record reader');
    return { shards: districtShards(await deps.townReader.townCodes()) };
  }
  const scope = Array.isArray(event.shard) ? { shard: event.shard } : { towns: event.shard.towns };
  const result = await runCheck(deps, { rules, config, ...scope, period: event.period });
  return {
    shard: event.shard,
    findings: result.findings.length,
    created: result.created,
    retired: result.retired,
    high: result.findings.filter((f) => f.severity === 'high').length,
    medium: result.findings.filter((f) => f.severity === 'medium').length,
    errors: result.rules.filter((r) => r.error).map((r) => `${r.rule_id}: ${r.error!.split('\n')[0]}`),
  };
}
