import type { SelfCheck } from './context';
import { filedDifference } from './filed-difference';
import { monthVsRecords } from './month-vs-records';
import { ownTrend } from './own-trend';
import { peerComparison } from './peer-comparison';
import { thresholdProximity } from './threshold-proximity';

/** Self-inspection's own checks, in the order they run (after the reused rules). */
export const SELF_CHECKS: readonly SelfCheck[] = [filedDifference, ownTrend, monthVsRecords, thresholdProximity, peerComparison];
