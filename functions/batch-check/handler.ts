import { Logger } from '@aws-lambda-powertools/logger';
import type { EngineConfig } from '../../lib/engine/config';
import type { Rule } from '../../lib/engine/rule';
import { batchCheck, BatchCheckEventSchema, type BatchCheckResult } from '../../lib/use-cases/batch-check';
import type { CheckDeps } from '../../lib/use-cases/check';

/**
 * One state of the batch-check state machine: `plan` lists the shards for the Distributed
 * Map; `check` runs the rules for one shard and stores its findings. A rule that fails makes
 * the shard fail, so Step Functions retries it and then alarms.
 */
export function createHandler(deps: CheckDeps, rules: readonly Rule[], config: EngineConfig, logger = new Logger({ serviceName: 'statsentry-batch-check' })) {
  return async (event: unknown): Promise<BatchCheckResult> => {
    const parsed = BatchCheckEventSchema.safeParse(event);
    if (!parsed.success) throw new Error(`invalid batch-check event: ${parsed.error.message}`);
    const result = await batchCheck(deps, rules, config, parsed.data);
    logger.info('batch check', {
      action: parsed.data.action,
      ...('shard' in result ? { shard: result.shard, findings: result.findings, high: result.high, medium: result.medium } : { shards: result.shards.length }),
    });
    if ('errors' in result && result.errors.length) throw new Error(`rules failed: ${result.errors.join('; ')}`);
    return result;
  };
}
