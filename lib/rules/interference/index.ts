import type { Rule } from '../../engine/rule';

/** The interference rules, in the order they run. */
export const INTERFERENCE_RULES: Rule[] = [];
