import type { Rule } from '../../engine/rule';

/** The falsify rules, in the order they run. */
export const FALSIFY_RULES: Rule[] = [];
