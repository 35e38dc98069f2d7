/**
 * The one mapping from the strength of a finding's evidence to its severity and score.
 *
 * A rule computes a statistic and how surprising it is under a null estimated from the district
 * itself (the unit's own history, its peers, permutations, the figures' resolution): a tail
 * probability p for this subject. Because a rule may look at one subject several ways (several
 * windows, fields or lags), it also says how many looks it took; the expected false-alarm rate of
 * the finding per honest subject is then rate = min(1, p · looks) (Bonferroni within the subject).
 *
 *   high    rate ≤ 1e-3   fewer than 1 false alarm per 1 000 honest subjects the rule examines
 *   medium  rate ≤ 1e-2   fewer than 10 per 1 000
 *   low     otherwise     a watch-list signal
 *
 * The score is a monotone function of −log10(rate) that meets the severity cut points every rule
 * shares (0.8 at 1e-3, 0.5 at 1e-2) and keeps rising past them, so that stronger evidence still
 * ranks above weaker evidence: score = 1 − 0.5 · 0.4^(−log10(rate) − 2), clamped to [0, 1].
 *
 * A rule may cap what its evidence can reach (`cap`) when the statistic alone cannot tell fraud
 * from a known legitimate cause: it then states the reason, and the cap is kept in the evidence.
 */
import type { Severity } from '../domain/finding';
import { severityOf } from './rule';

export const FALSE_ALARM_RATE = { high: 1e-3, medium: 1e-2 } as const;

/** What a finding's evidence carries so that a reviewer can see why it has its severity. */
export interface Calibration {
  /** The statistic compared, as a name a statistician reads (e.g. "binomial count of multiples of 100"). */
  statistic: string;
  /** Its value. */
  value: number;
  /** The null it is judged against and where that null was estimated. */
  null: string;
  /** log10 of the tail probability under that null, for this subject. */
  log10_p: number;
  /** How many ways the rule looked at this subject (windows, fields, lags); ≥ 1. */
  looks: number;
  /** Expected false alarms per honest subject: min(1, p · looks). */
  false_alarm_rate: number;
  severity: Severity;
  /** Present when the rule capped the severity, with the reason. */
  cap?: { severity: Severity; reason_en: string; reason_zh: string };
}

export interface EvidenceStrength {
  statistic: string;
  value: number;
  null: string;
  log10P: number;
  looks?: number;
  cap?: { severity: Severity; reason_en: string; reason_zh: string };
}

const RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3 };

/** Score in [0, 1] of an expected false-alarm rate given as log10. */
export function scoreOfLog10Rate(log10Rate: number): number {
  const strength = -Math.min(0, log10Rate);
  const s = 1 - 0.5 * Math.pow(0.4, strength - 2);
  return s < 0 ? 0 : s > 1 ? 1 : s;
}

/** Severity and score of a finding from its evidence, with the calibration to store beside it. */
export function calibrate(e: EvidenceStrength): { severity: Severity; score: number; calibration: Calibration } {
  const looks = Math.max(1, e.looks ?? 1);
  const log10Rate = Math.min(0, (Number.isNaN(e.log10P) ? 0 : e.log10P) + Math.log10(looks));
  let score = scoreOfLog10Rate(log10Rate);
  let severity = severityOf(score);
  if (e.cap && RANK[severity] > RANK[e.cap.severity]) {
    severity = e.cap.severity;
    // A capped finding keeps its order among findings of its severity but stays below the cut point.
    score = Math.min(score, severity === 'medium' ? 0.79 : 0.49);
  }
  const calibration: Calibration = {
    statistic: e.statistic,
    value: e.value,
    null: e.null,
    log10_p: Number.isFinite(e.log10P) ? Math.round(e.log10P * 100) / 100 : -300,
    looks,
    false_alarm_rate: Number(Math.pow(10, Math.max(-300, log10Rate)).toPrecision(3)),
    severity,
    ...(e.cap ? { cap: e.cap } : {}),
  };
  return { severity, score, calibration };
}
