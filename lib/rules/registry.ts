import type { Rule } from '../engine/rule';
import { FABRICATION_RULES } from './fabrication';
import { FALSIFY_RULES } from './falsify';
import { INTERFERENCE_RULES } from './interference';
import { PROJECT_RULES } from './projects';
import { REGISTER_RULES } from './register';

/** Every detection rule, by stable id. Ids are never reused. */
export const ALL_RULES: Rule[] = [...FALSIFY_RULES, ...FABRICATION_RULES, ...INTERFERENCE_RULES, ...REGISTER_RULES, ...PROJECT_RULES];

export function rulesById(ids?: readonly string[]): Rule[] {
  if (!ids?.length) return ALL_RULES;
  const unknown = ids.filter((id) => !ALL_RULES.some((r) => r.id === id));
  if (unknown.length) throw new Error(`unknown rule id(s): ${unknown.join(', ')}`);
  return ALL_RULES.filter((r) => ids.includes(r.id));
}
