import type { Rule } from '../../engine/rule';
import { crossSourceShift } from './cross-source-shift';
import { hardEdits } from './hard-edits';
import { headcountShift } from './headcount-shift';
import { noTaxShift } from './no-tax-shift';
import { revisionRaise } from './revision-raise';
import { scatteredCuts } from './scattered-cuts';
import { thresholdBunching } from './threshold-bunching';
import { yearendPush } from './yearend-push';

/** The falsify rules, in the order they run. */
export const FALSIFY_RULES: Rule[] = [hardEdits, crossSourceShift, headcountShift, noTaxShift, scatteredCuts, yearendPush, revisionRaise, thresholdBunching];
