import { describe, expect, it } from 'vitest';
import type { Pattern, Severity } from '../../../../lib/domain/finding';
import { classifyDismissals, contentLength, normaliseReason } from '../../../../lib/oversight/reasons';
import { decisionsOf } from '../../../../lib/oversight/decisions';
import { selective } from '../../../../lib/rules/enforce/selective';
import { fisherExact } from '../../../../lib/stats/exact-stratified';
import { decided, runRule, substantive, type DecisionSpec } from '../../../helpers/oversight-fixtures';

const TOWNS = ['371302001000', '371302002000', '371302003000', '371302004000'];
const BOILERPLATE = { reason: '经核查无问题', evidence: ['无'] };

interface Batch {
  reviewer: string;
  n: number;
  dismissed: number;
  pattern?: Pattern;
  severity?: Severity;
  town?: string;
  boilerplate?: boolean;
  ago?: number;
}

/** Decisions of one reviewer in one stratum: the first `dismissed` are dismissals; towns cycle unless fixed. */
function batch(b: Batch, tag = ''): DecisionSpec[] {
  return Array.from({ length: b.n }, (_, i) => {
    const id = `${b.reviewer}${tag}-${b.pattern ?? 'INF'}-${i}`;
    const dismissed = i < b.dismissed;
    const words = dismissed ? (b.boilerplate ? BOILERPLATE : substantive(id)) : {};
    return {
      id,
      reviewer: b.reviewer,
      outcome: dismissed ? 'dismissed' : 'filed',
      pattern: b.pattern,
      severity: b.severity,
      town: b.town ?? TOWNS[i % TOWNS.length],
      ago: b.ago,
      ...words,
    } satisfies DecisionSpec;
  });
}

const build = (...batches: DecisionSpec[][]) => batches.flat().map(decided);
const peers = (opts: Partial<Batch> = {}) => ['R2', 'R3', 'R4', 'R5'].map((reviewer) => batch({ reviewer, n: 20, dismissed: 4, ...opts }));

describe('enforce.selective', () => {
  it('flags a reviewer who dismisses far more comparable cases than the others, with boilerplate reasons', () => {
    const cases = build(batch({ reviewer: 'R1', n: 20, dismissed: 14, boilerplate: true }), ...peers());
    const findings = runRule(selective, cases);
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({ pattern: 'ENFORCE.SELECTIVE', severity: 'high', subject: { kind: 'town' }, period: null, case_id: null });
    expect(TOWNS).toContain(f!.subject.id);
    expect(f!.unit_ids).toHaveLength(14);
    expect(f!.evidence).toMatchObject({
      comparison: 'reviewer',
      reviewer: 'R1',
      decisions: 20,
      dismissed: 14,
      dismissal_rate: 0.7,
      expected_dismissed: 6,
      rest: { decisions: 80, dismissed: 16, dismissal_rate: 0.2 },
      unsupported_dismissals: 14,
      unsupported_share: 1,
      comparison_group: 'every other reviewer, same strata',
    });
    expect(f!.evidence.p_value as number).toBeLessThan(1e-4);
    expect(f!.evidence.q_value as number).toBeLessThan(0.05);
    expect(f!.evidence.tests).toBe(9); // five reviewers and four towns were screened
    expect((f!.evidence.boilerplate as { signs: string[] }[])[0]!.signs).toEqual(['short_reason', 'reused_reason', 'no_evidence']);
    expect(f!.summary_zh).toContain('R1');
    expect(f!.summary_en).toContain('14 of 20');
  });

  it('stays silent for a reviewer whose cases are weaker: more dismissals in raw terms, none within strata', () => {
    // Everyone dismisses 70% of medium DATA.INVALID leads and 20% of high FALSIFY.INFLATE leads.
    const weak = { pattern: 'DATA.INVALID' as const, severity: 'medium' as const, boilerplate: true };
    const cases = build(
      batch({ reviewer: 'R1', n: 40, dismissed: 28, ...weak }),
      ...['R2', 'R3', 'R4', 'R5'].flatMap((reviewer) => [batch({ reviewer, n: 10, dismissed: 7, ...weak }), batch({ reviewer, n: 30, dismissed: 6 })]),
    );
    // Pooled over strata the difference looks decisive …
    expect(fisherExact({ a: 28, b: 12, c: 52, d: 108 }).pGreater).toBeLessThan(1e-4);
    // … but not among comparable cases.
    expect(runRule(selective, cases)).toEqual([]);
  });

  it('stays silent for a reviewer who dismisses more but argues each dismissal with its own reason and evidence', () => {
    const cases = build(batch({ reviewer: 'R1', n: 20, dismissed: 14 }), ...peers());
    expect(runRule(selective, cases)).toEqual([]);
    // The difference itself is significant: only the recorded reasons keep it silent.
    expect(runRule(selective, cases, { minUnsupportedShare: 0 })).toHaveLength(1);
  });

  it('does not test a reviewer with fewer decisions than the minimum; at the minimum it does', () => {
    const nine = build(batch({ reviewer: 'R1', n: 9, dismissed: 9, boilerplate: true }), ...peers());
    expect(runRule(selective, nine)).toEqual([]);
    const ten = build(batch({ reviewer: 'R1', n: 10, dismissed: 10, boilerplate: true }), ...peers());
    const [f] = runRule(selective, ten);
    expect(f!.evidence).toMatchObject({ reviewer: 'R1', decisions: 10, dismissed: 10 });
    expect(runRule(selective, ten, { minDecisions: 11 })).toEqual([]);
  });

  it('stays silent for a small excess and for decisions outside the window', () => {
    const mild = build(batch({ reviewer: 'R1', n: 20, dismissed: 7, boilerplate: true }), ...peers());
    expect(runRule(selective, mild)).toEqual([]);
    const old = build(batch({ reviewer: 'R1', n: 20, dismissed: 14, boilerplate: true, ago: 400 }), ...peers({ ago: 400 }));
    expect(runRule(selective, old)).toEqual([]);
    expect(runRule(selective, old, { windowDays: 500 })).toHaveLength(1);
  });

  it('flags a town whose cases are dismissed far more often, whoever reviews them', () => {
    const T9 = '371302009000';
    const cases = build(...peers(), ...['R2', 'R3', 'R4', 'R5'].map((reviewer, k) => batch({ reviewer, n: 5, dismissed: k === 0 ? 3 : 4, town: T9, boilerplate: true }, 'T9')));
    const findings = runRule(selective, cases);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ subject: { kind: 'town', id: T9 } });
    expect(findings[0]!.evidence).toMatchObject({ comparison: 'town', town_code: T9, reviewer: null, decisions: 20, dismissed: 15, reviewers: ['R2', 'R3', 'R4', 'R5'] });
    expect(runRule(selective, cases, { compare: ['reviewer'] })).toEqual([]);
  });
});

describe('dismissal reasons', () => {
  it('measures content, not bytes: a Chinese character counts as a word', () => {
    expect(contentLength('经核查无问题')).toBe(12);
    expect(contentLength('no problem found')).toBe(14);
    expect(contentLength('税务申报与报表一致')).toBe(18);
    expect(contentLength('，。 !?')).toBe(0);
    expect(normaliseReason('经核查，无问题。')).toBe(normaliseReason('经核查无问题'));
    expect(normaliseReason('No  Problem!')).toBe('noproblem');
  });

  it('calls a long reason reused on three cases a template, and unique argued ones substantive', () => {
    const template = '经实地核查，企业生产经营正常，数据真实可靠，予以排除';
    const ds = decisionsOf(
      [
        ...['A', 'B', 'C'].map((id) => decided({ id, reviewer: 'R', outcome: 'dismissed', reason: template, evidence: ['现场照片及台账'] })),
        decided({ id: 'D', reviewer: 'R', outcome: 'dismissed', ...substantive('D') }),
        decided({ id: 'E', reviewer: 'R', outcome: 'dismissed', reason: 'D 号之外的另一单位：三月份一次性确认工程结算收入', evidence: ['', ' '] }),
      ].map((c) => c.record),
      new Map(),
    );
    const q = classifyDismissals(ds, { minReasonLength: 16, minEvidenceLength: 4, reuseLimit: 3 });
    expect(q.get('A')).toEqual({ substantive: false, signs: ['reused_reason'], reused_by: 3 });
    expect(q.get('D')).toMatchObject({ substantive: true, signs: [] });
    expect(q.get('E')).toMatchObject({ substantive: false, signs: ['no_evidence'] });
  });
});
