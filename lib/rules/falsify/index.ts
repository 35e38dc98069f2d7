import type { Rule } from '../../engine/rule';
import { crossSourceShift } from './cross-source-shift';
import { hardEdits } from './hard-edits';
import { thresholdBunching } from './threshold-bunching';

/** The falsify rules, in the order they run. */
export const FALSIFY_RULES: Rule[] = [hardEdits, crossSourceShift, thresholdBunching];
