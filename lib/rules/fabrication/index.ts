import type { Rule } from '../../engine/rule';
import { copiedFigures } from './copied-figures';
import { digitAnalysis } from './digit-analysis';
import { inventedSeries } from './invented-series';

/** The fabrication and copying rules, in the order they run. */
export const FABRICATION_RULES: Rule[] = [inventedSeries, digitAnalysis, copiedFigures];
