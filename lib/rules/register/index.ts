import type { Rule } from '../../engine/rule';

/** The register rules, in the order they run. */
export const REGISTER_RULES: Rule[] = [];
