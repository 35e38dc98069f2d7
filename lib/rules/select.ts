import { StatsentryError } from '../domain/errors';
import type { Rule } from '../engine/rule';
import type { OversightRule } from '../oversight/oversight-rule';
import { ENFORCE_RULES } from './enforce';
import { ALL_RULES } from './registry';

/** A rule id on the command line names no rule (or a family pattern matches none). */
export class UnknownRuleError extends StatsentryError {}

export interface RuleSelection {
  /** Detection rules, run by `confront` over the district. */
  detection: Rule[];
  /** Oversight rules (ENFORCE.*), run over the cases after case building. */
  oversight: OversightRule[];
}

/**
 * The rules a `check --rule …` names. An id ending in `*` names a family by prefix
 * (`falsify.*`, `enforce.*`), so a reviewer can re-run one family without listing its rules.
 * No ids: every rule of both kinds. Oversight rules run only when named, or when no id is given:
 * a `--rule falsify.*` run is about the district's data, not about how cases were handled.
 */
export function selectRules(ids?: readonly string[]): RuleSelection {
  if (!ids?.length) return { detection: ALL_RULES, oversight: ENFORCE_RULES };
  const matches = (id: string, pattern: string) => (pattern.endsWith('*') ? id.startsWith(pattern.slice(0, -1)) : id === pattern);
  const unknown = ids.filter((p) => !ALL_RULES.some((r) => matches(r.id, p)) && !ENFORCE_RULES.some((r) => matches(r.id, p)));
  if (unknown.length) {
    const families = [...new Set([...ALL_RULES, ...ENFORCE_RULES].map((r) => `${r.id.split('.')[0]}.*`))].join(' ');
    throw new UnknownRuleError(`未知规则 unknown rule id(s): ${unknown.join(', ')} — statsentry rules 列出全部规则 lists them all; 规则族 families: ${families}`);
  }
  return {
    detection: ALL_RULES.filter((r) => ids.some((p) => matches(r.id, p))),
    oversight: ENFORCE_RULES.filter((r) => ids.some((p) => matches(r.id, p))),
  };
}
