import * as z from 'zod';
import { DEFAULT_PROJECT_THRESHOLD, DEFAULT_REGISTER_THRESHOLDS } from '../domain/thresholds';
import { CATEGORIES, type Category } from '../domain/kinds';
import type { Rule } from './rule';

/**
 * The one configuration of the checks: thresholds and each rule's parameters. Defaults live
 * in the rules' parameter schemas; a JSON file (or environment JSON) overrides any of them.
 */
export const EngineConfigSchema = z.object({
  registerThresholds: z
    .record(z.enum(CATEGORIES), z.number().nonnegative().nullable())
    .optional()
    .transform((t) => ({ ...DEFAULT_REGISTER_THRESHOLDS, ...t }) as Record<Category, number | null>),
  projectThreshold: z.number().positive().default(DEFAULT_PROJECT_THRESHOLD),
  districtCode: z
    .string()
    .regex(/^\d{6}$/)
    .nullable()
    .default(null),
  rules: z.record(z.string(), z.object({ enabled: z.boolean().optional() }).catchall(z.unknown())).default({}),
});

export type EngineConfig = z.output<typeof EngineConfigSchema>;

export function engineConfig(overrides: unknown = {}): EngineConfig {
  return EngineConfigSchema.parse(overrides ?? {});
}

/** A rule's parameters: its defaults, overridden by the configuration; invalid overrides throw with the rule named. */
export function paramsFor<R extends Pick<Rule, 'id' | 'params'>>(rule: R, config: EngineConfig): z.output<R['params']> {
  const { enabled: _enabled, ...overrides } = config.rules[rule.id] ?? {};
  const parsed = rule.params.safeParse(overrides);
  if (!parsed.success) throw new Error(`invalid parameters for rule ${rule.id}: ${parsed.error.message}`);
  return parsed.data as z.output<R['params']>;
}
