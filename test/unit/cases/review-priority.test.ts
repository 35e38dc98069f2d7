import { describe, expect, it } from 'vitest';
import { byReviewPriority, type CaseRecord } from '../../../lib/cases/model';

const c = (id: string, risk: number, severity: CaseRecord['severity'], suspect: number | null, revenue: number) =>
  ({ case_id: id, risk, severity, impact: { suspect_share: suspect, revenue_share: revenue } }) as unknown as CaseRecord;

describe('byReviewPriority', () => {
  it('GIVEN cases tied at risk 1 THEN severity, then the suspect share, then the revenue share decide; the id last', () => {
    const cases = [c('C-E', 0.9, 'high', 0.5, 0.5), c('C-D', 1, 'high', null, 0.3), c('C-C', 1, 'medium', 0.9, 0.9), c('C-B', 1, 'high', 0.01, 0), c('C-A', 1, 'high', null, 0.3)];
    expect([...cases].sort(byReviewPriority).map((x) => x.case_id)).toEqual(['C-B', 'C-A', 'C-D', 'C-C', 'C-E']);
  });
});
