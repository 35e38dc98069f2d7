import type { Rule } from '../engine/rule';
import { FABRICATION_RULES } from './fabrication';
import { FALSIFY_RULES } from './falsify';
import { INTERFERENCE_RULES } from './interference';
import { PROJECT_RULES } from './projects';
import { REGISTER_RULES } from './register';

/** Every detection rule, by stable id. Ids are never reused. */
export const ALL_RULES: Rule[] = [...FALSIFY_RULES, ...FABRICATION_RULES, ...INTERFERENCE_RULES, ...REGISTER_RULES, ...PROJECT_RULES];
