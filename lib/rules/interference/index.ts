import type { Rule } from '../../engine/rule';
import { massRevisions } from './mass-revisions';
import { proxyFiling } from './proxy-filing';
import { synchronisedGrowth } from './synchronised-growth';
import { townTaxGap } from './town-tax-gap';

/** The interference rules, in the order they run. */
export const INTERFERENCE_RULES: Rule[] = [proxyFiling, massRevisions, synchronisedGrowth, townTaxGap];
