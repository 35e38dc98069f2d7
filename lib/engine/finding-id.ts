import { createHash } from 'node:crypto';

/**
 * Stable across runs: the same rule on the same subject and period is the same finding, so
 * a re-run updates instead of duplicating.
 */
export function findingId(ruleId: string, subjectKind: string, subjectId: string, period: string | null): string {
  const digest = createHash('sha256')
    .update(`${ruleId}\u0000${subjectKind}\u0000${subjectId}\u0000${period ?? ''}`)
    .digest('base64url');
  return `F-${digest.slice(0, 20)}`;
}
