import * as z from 'zod';
import type { EngineConfig } from '../engine/config';
import { buildDistrictData } from '../engine/district-data';
import type { Rule } from '../engine/rule';
import { shardPlan } from '../engine/shards';
import { runCheck, type CheckDeps } from './check';
import { loadDistrictInput } from './load-district';

/** What a Step Functions state sends: plan the shards, or check one shard. */
export const BatchCheckEventSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('plan') }),
  z.object({
    action: z.literal('check'),
    shard: z.array(z.string().min(1)).min(1),
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
    runId: z.string().optional(),
  }),
]);
export type BatchCheckEvent = z.infer<typeof BatchCheckEventSchema>;

export type BatchCheckResult = { shards: string[][] } | { shard: string[]; findings: number; created: number; high: number; medium: number; errors: string[] };

export async function batchCheck(deps: CheckDeps, rules: readonly Rule[], config: EngineConfig, event: BatchCheckEvent): Promise<BatchCheckResult> {
  if (event.action === 'plan') return { shards: shardPlan(buildDistrictData(await loadDistrictInput(deps.records))) };
  const result = await runCheck(deps, { rules, config, shard: event.shard, period: event.period });
  return {
    shard: event.shard,
    findings: result.findings.length,
    created: result.created,
    high: result.findings.filter((f) => f.severity === 'high').length,
    medium: result.findings.filter((f) => f.severity === 'medium').length,
    errors: result.rules.filter((r) => r.error).map((r) => `${r.rule_id}: ${r.error!.split('\n')[0]}`),
  };
}
