import type * as z from 'zod';
import type { AuditEntry, CaseRecord } from '../cases/model';
import type { Pattern } from '../domain/finding';
import type { RuleFinding } from '../engine/rule';

/**
 * Oversight rules (执法监督) watch the enforcement team rather than the reporting units: they
 * read the cases and their audit trails, not the district's records. Same declarative shape as
 * the detection rules (lib/engine/rule.ts) — id, version, pattern, titles, a zod parameter
 * schema whose defaults are the configuration — so `STATSENTRY_CONFIG_FILE`'s `rules.<id>`
 * configures them too; only the input differs.
 */
export interface OversightInput {
  cases: readonly CaseRecord[];
  /** Audit trail by case id, in seq order. A case missing here is read from its own `transitions`. */
  audits: ReadonlyMap<string, readonly AuditEntry[]>;
  /** The time the check runs (from the Clock port): deadlines and windows count back from it. */
  now: Date;
}

/**
 * A finding of an oversight rule. `key` identifies it within its rule (`<case id>|<status>`,
 * `reviewer:<id>`, `town:<code>`) and the finding id is derived from rule and key, so a re-run
 * updates the same finding even when its subject (a reviewer's modal town) moves.
 */
export type OversightFinding = RuleFinding & { key: string };

export type OversightScope = 'case' | 'reviewer' | 'town';

export interface OversightRule<S extends z.ZodObject = z.ZodObject> {
  id: string;
  version: number;
  pattern: Pattern;
  title: { zh: string; en: string };
  description: { zh: string; en: string };
  scope: OversightScope;
  reads: readonly ('cases' | 'case_audit')[];
  params: S;
  evaluate(input: OversightInput, params: z.output<S>): OversightFinding[];
}

export function defineOversightRule<S extends z.ZodObject>(rule: OversightRule<S>): OversightRule<S> {
  return rule;
}

export const DAY_MS = 86_400_000;
