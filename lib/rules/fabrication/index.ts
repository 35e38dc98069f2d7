import type { Rule } from '../../engine/rule';

/** The fabrication and copying rules, in the order they run. */
export const FABRICATION_RULES: Rule[] = [];
