import { describe, expect, it } from 'vitest';
import { unreviewed } from '../../../../lib/rules/enforce/unreviewed';
import { caseRecord, DAY, daysBefore, NOW, runRule, withSteps } from '../../../helpers/oversight-fixtures';

const plain = (c: ReturnType<typeof caseRecord>) => ({ record: c, audit: withSteps(c, []).audit });

describe('enforce.unreviewed', () => {
  it('flags a high case not taken up within 30 days and a medium case under review past 90 days', () => {
    const stale = plain(caseRecord({ id: 'C-NEW', severity: 'high', createdAt: daysBefore(45) }));
    const stuck = withSteps(caseRecord({ id: 'C-REV', severity: 'medium', createdAt: daysBefore(150) }), [{ to: 'reviewing', at: daysBefore(100), by: '李四' }]);
    const [a, b, ...rest] = runRule(unreviewed, [stale, stuck]);
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ pattern: 'ENFORCE.UNREVIEWED', severity: 'high', subject: { kind: 'unit', id: 'U-C-NEW' }, unit_ids: ['U-C-NEW'], period: null, case_id: null });
    expect(a!.evidence).toMatchObject({ case_id: 'C-NEW', case_status: 'new', since_event: 'created', deadline_days: 30, elapsed_days: 45, overdue_days: 15, reviewer: null });
    expect(a!.score).toBeCloseTo(0.9, 3);
    expect(b).toMatchObject({ severity: 'medium', subject: { kind: 'unit', id: 'U-C-REV' } });
    expect(b!.evidence).toMatchObject({ case_status: 'reviewing', since_event: 'entered_reviewing', since: daysBefore(100), deadline_days: 90, reviewer: '李四' });
    expect(b!.summary_zh).toContain('李四');
    expect(b!.summary_en).toContain('past its 90-day deadline');
  });

  it('stays silent for cases taken up and decided in time, even when they are old', () => {
    // Taken up after 25 days, under review for 50: each stage within its own deadline.
    const takenUp = withSteps(caseRecord({ id: 'C-UP', createdAt: daysBefore(75) }), [{ to: 'reviewing', at: daysBefore(50), by: '王五' }]);
    const dismissed = withSteps(caseRecord({ id: 'C-DIS', createdAt: daysBefore(400) }), [
      { to: 'reviewing', at: daysBefore(390), by: '王五' },
      { to: 'dismissed', at: daysBefore(380), by: '王五', reason: 'r', evidence: ['e'] },
    ]);
    const filed = withSteps(caseRecord({ id: 'C-FIL', createdAt: daysBefore(400) }), [
      { to: 'reviewing', at: daysBefore(390), by: '王五' },
      { to: 'filed', at: daysBefore(380), by: '王五' },
    ]);
    const medium = plain(caseRecord({ id: 'C-MED', severity: 'medium', createdAt: daysBefore(45) }));
    expect(runRule(unreviewed, [takenUp, dismissed, filed, medium])).toEqual([]);
  });

  it('on the deadline itself a case is not overdue; one second later it is', () => {
    const at = plain(caseRecord({ id: 'C-EDGE', createdAt: daysBefore(30) }));
    expect(runRule(unreviewed, [at])).toEqual([]);
    const later = new Date(NOW.getTime() + 1000);
    const [f] = runRule(unreviewed, [at], {}, later);
    expect(f!.evidence.overdue_days).toBe(0);
    expect(f!.severity).toBe('high');
    expect(f!.score).toBeCloseTo(0.8, 3);
  });

  it('takes its deadlines from the configuration', () => {
    const c = plain(caseRecord({ id: 'C-CFG', createdAt: daysBefore(12) }));
    expect(runRule(unreviewed, [c])).toEqual([]);
    expect(runRule(unreviewed, [c], { newHighDays: 10 })[0]!.evidence.deadline_days).toBe(10);
    expect(() => runRule(unreviewed, [c], { newHighDays: -1 })).toThrow(/invalid parameters for rule enforce.unreviewed/);
  });

  it('gives one stable finding per case and stage: re-runs update it, the reviewing stage adds another', () => {
    const c = caseRecord({ id: 'C-ID', createdAt: daysBefore(200) });
    const asNew = runRule(unreviewed, [plain(c)]);
    const again = runRule(unreviewed, [plain(c)], {}, new Date(NOW.getTime() + 5 * DAY));
    expect(again[0]!.finding_id).toBe(asNew[0]!.finding_id);
    expect(again[0]!.evidence.overdue_days).toBeGreaterThan(asNew[0]!.evidence.overdue_days as number);
    const reviewing = runRule(unreviewed, [withSteps(c, [{ to: 'reviewing', at: daysBefore(120), by: '王五' }])]);
    expect(reviewing.map((f) => [f.evidence.stage, f.evidence.resolved])).toEqual([
      ['new', true],
      ['reviewing', false],
    ]);
    expect(reviewing[1]!.finding_id).not.toBe(asNew[0]!.finding_id);
  });

  it('keeps a stage that ended late on record as a low, resolved entry under the same id', () => {
    const c = caseRecord({ id: 'C-LATE', createdAt: daysBefore(200) });
    const open = runRule(unreviewed, [withSteps(c, [{ to: 'reviewing', at: daysBefore(50), by: '王五' }])]);
    const [asNew, ...rest] = runRule(unreviewed, [withSteps(c, [])], {}, new Date(NOW.getTime() - 60 * DAY));
    expect(rest).toEqual([]);
    expect(asNew!.severity).toBe('high');
    // Taken up 150 days after creation: the 'new' stage is resolved, late; the review is within its deadline.
    expect(open).toHaveLength(1);
    expect(open[0]!.finding_id).toBe(asNew!.finding_id);
    expect(open[0]).toMatchObject({ severity: 'low', score: 0.3 });
    expect(open[0]!.evidence).toMatchObject({ stage: 'new', resolved: true, resolved_at: daysBefore(50), resolved_by: '王五', elapsed_days: 150, overdue_days: 120 });
    expect(open[0]!.summary_en).toContain('was taken up only 150 days after creation');
  });

  it("falls back to the case's own transitions when its audit trail was not read", () => {
    const { record } = withSteps(caseRecord({ id: 'C-NOAUD', createdAt: daysBefore(300) }), [{ to: 'reviewing', at: daysBefore(70), by: '赵六' }]);
    const [, f] = runRule(unreviewed, [{ record, audit: undefined as never }]);
    expect(f!.evidence).toMatchObject({ stage: 'reviewing', since: daysBefore(70), reviewer: '赵六' });
  });
});
