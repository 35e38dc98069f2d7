import type { Rule } from '../../engine/rule';
import { flatProgress } from './flat-progress';
import { progressOverrun } from './progress-overrun';
import { thresholdShortfall } from './threshold-shortfall';

/** The fixed-asset investment project rules (固定资产投资项目), in the order they run. */
export const PROJECT_RULES: Rule[] = [progressOverrun, flatProgress, thresholdShortfall];
