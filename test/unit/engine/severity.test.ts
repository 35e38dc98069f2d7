import { describe, expect, it } from 'vitest';
import { calibrate, FALSE_ALARM_RATE, scoreOfLog10Rate } from '../../../lib/engine/severity';

const base = { statistic: 'count', value: 3, null: 'binomial at the district base rate' };

describe('severity from the strength of the evidence', () => {
  it('maps the false-alarm rate to severity at the documented cut points', () => {
    expect(calibrate({ ...base, log10P: Math.log10(FALSE_ALARM_RATE.high) }).severity).toBe('high');
    expect(calibrate({ ...base, log10P: Math.log10(FALSE_ALARM_RATE.high) + 0.01 }).severity).toBe('medium');
    expect(calibrate({ ...base, log10P: Math.log10(FALSE_ALARM_RATE.medium) }).severity).toBe('medium');
    expect(calibrate({ ...base, log10P: Math.log10(FALSE_ALARM_RATE.medium) + 0.01 }).severity).toBe('low');
  });
  it('charges every look the rule took at the subject', () => {
    const one = calibrate({ ...base, log10P: -3.5 });
    const many = calibrate({ ...base, log10P: -3.5, looks: 10 });
    expect(one.severity).toBe('high');
    expect(many.severity).toBe('medium');
    expect(many.calibration.false_alarm_rate).toBeCloseTo(10 ** -2.5, 4);
    expect(many.calibration.looks).toBe(10);
  });
  it('keeps ranking past the high cut point, so that stronger evidence scores higher', () => {
    expect(scoreOfLog10Rate(-3)).toBeCloseTo(0.8, 10);
    expect(scoreOfLog10Rate(-2)).toBeCloseTo(0.5, 10);
    expect(scoreOfLog10Rate(-6)).toBeGreaterThan(scoreOfLog10Rate(-4));
    expect(scoreOfLog10Rate(-6)).toBeLessThan(1);
    expect(scoreOfLog10Rate(0)).toBe(0);
  });
  it('caps severity with the reason kept in the evidence', () => {
    const cap = { severity: 'medium' as const, reason_en: 'rounding alone', reason_zh: '仅有取整' };
    const r = calibrate({ ...base, log10P: -20, cap });
    expect(r.severity).toBe('medium');
    expect(r.score).toBeLessThan(0.8);
    expect(r.calibration.cap).toEqual(cap);
    expect(calibrate({ ...base, log10P: -2.2, cap }).severity).toBe('medium');
  });
  it('stores a finite log10 p for evidence beyond double precision', () => {
    const r = calibrate({ ...base, log10P: Number.NEGATIVE_INFINITY });
    expect(r.severity).toBe('high');
    expect(r.calibration.log10_p).toBe(-300);
    expect(r.calibration.false_alarm_rate).toBe(1e-300);
  });
});
