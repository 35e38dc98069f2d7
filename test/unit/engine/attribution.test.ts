import { describe, expect, it } from 'vitest';
import type { Finding, Pattern } from '../../../lib/domain/finding';
import { attribute, OWNERSHIP } from '../../../lib/engine/attribution';

function finding(id: string, pattern: Pattern, units: string[], period: string | null, severity: Finding['severity'] = 'high', score = 0.9): Finding {
  return {
    finding_id: id,
    rule_id: `rule.${id}`,
    rule_version: 1,
    pattern,
    subject: { kind: 'unit', id: units[0]! },
    unit_ids: units,
    period,
    score,
    severity,
    summary_zh: '摘要',
    summary_en: 'summary',
    evidence: {},
    case_id: null,
  };
}

describe('attribution after confront', () => {
  it('gives a copied unit’s drift from tax to the copy finding, with the reason kept', () => {
    const copy = finding('c', 'FALSIFY.COPY', ['A', 'B'], '2024-03');
    const inflate = finding('i', 'FALSIFY.INFLATE', ['B'], '2024-05', 'high', 0.95);
    const [c, i] = attribute([copy, inflate]);
    expect(c).toBe(copy);
    expect(i!.severity).toBe('low');
    expect(i!.score).toBeLessThan(0.5);
    expect(i!.evidence.attribution).toMatchObject({ owner_finding_id: 'c', owner_pattern: 'FALSIFY.COPY', severity_before: 'high', score_before: 0.95 });
    expect(i!.summary_zh).toContain('抄袭数据');
    expect(i!.summary_zh).not.toMatch(/[A-Z]{4,}/);
  });
  it('leaves a story alone when the other finding is only a watch-list signal', () => {
    const out = attribute([finding('c', 'FALSIFY.COPY', ['A'], '2024-03', 'low', 0.4), finding('i', 'FALSIFY.INFLATE', ['A'], '2024-03')]);
    expect(out[1]!.severity).toBe('high');
  });
  it('keeps findings more than a year apart as two stories', () => {
    const out = attribute([finding('e', 'REGISTER.FAKE_EXIT', ['A'], '2024-12'), finding('c', 'FALSIFY.CONCEAL', ['A'], '2023-06')]);
    expect(out[1]!.severity).toBe('high');
    const close = attribute([finding('e', 'REGISTER.FAKE_EXIT', ['A'], '2024-12'), finding('c', 'FALSIFY.CONCEAL', ['A'], '2024-02')]);
    expect(close[1]!.severity).toBe('low');
  });
  it('gives an entry pushed just over the threshold to RENT.THRESHOLD, and the fake entry still owns the lifted reports', () => {
    const rent = finding('r', 'RENT.THRESHOLD', ['A'], '2024-04');
    const fake = { ...finding('f', 'REGISTER.FAKE_ENTRY', ['A'], '2024-04'), subject: { kind: 'register_event' as const, id: 'E1' } };
    const inflate = finding('i', 'FALSIFY.INFLATE', ['A'], '2024-08');
    const [r, f, i] = attribute([rent, fake, inflate]);
    expect(r).toBe(rent);
    expect(f!.severity).toBe('low');
    expect(f!.evidence.attribution).toMatchObject({ owner_pattern: 'RENT.THRESHOLD' });
    expect(f!.summary_zh).toContain('卡线寻租');
    expect(i!.severity).toBe('low');
    // Without a serious threshold finding the fake entry keeps its severity.
    expect(attribute([finding('r', 'RENT.THRESHOLD', ['A'], '2024-04', 'low', 0.3), fake])[1]!.severity).toBe('high');
  });
  it('measures nearness between the months findings cover, not only their first months', () => {
    const copy = { ...finding('c', 'FALSIFY.COPY', ['A', 'B'], '2023-01'), evidence: { matched_periods: ['2023-01', '2024-12'] } };
    const conceal = { ...finding('s', 'FALSIFY.CONCEAL', ['A'], '2024-04'), evidence: { months: { from: '2024-04', to: '2024-12' } } };
    expect(attribute([copy, conceal])[1]!.severity).toBe('low');
    const early = { ...copy, evidence: { matched_periods: ['2021-01', '2022-06'] } };
    expect(attribute([early, conceal])[1]!.severity).toBe('high');
  });
  it('gives identical figures of a twin registration to the duplicate finding whatever the months', () => {
    const out = attribute([finding('d', 'REGISTER.DUPLICATE', ['A', 'B'], null), finding('c', 'FALSIFY.COPY', ['B', 'A'], '2021-01')]);
    expect(out[1]!.severity).toBe('low');
    expect(out[0]!.severity).toBe('high');
  });
  it('does not give a copy between two units to a duplicate finding about one of them or about a project', () => {
    const dupProject = { ...finding('p', 'REGISTER.DUPLICATE', ['A'], null), subject: { kind: 'project' as const, id: 'P1' } };
    const out = attribute([dupProject, finding('d', 'REGISTER.DUPLICATE', ['A', 'C'], null), finding('c', 'FALSIFY.COPY', ['A', 'B'], '2024-01')]);
    expect(out[2]!.severity).toBe('high');
  });
  it('never lets one finding own itself or a finding of another unit', () => {
    const out = attribute([finding('r', 'RENT.THRESHOLD', ['A'], '2024-01'), finding('i', 'FALSIFY.INFLATE', ['B'], '2024-01')]);
    expect(out.map((f) => f.severity)).toEqual(['high', 'high']);
  });
  it('has a reason in both languages for every line of the table', () => {
    for (const line of OWNERSHIP) {
      expect(line.reason_zh).toMatch(/[\u4e00-\u9fff]/);
      expect(line.reason_en.length).toBeGreaterThan(10);
      for (const p of line.yields) expect(line.owners).not.toContain(p);
    }
  });
});
