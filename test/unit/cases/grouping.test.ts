import { describe, expect, it } from 'vitest';
import { MemoryBlobStore } from '../../../lib/adapters/memory/memory-blob-store';
import { MemoryCaseStore } from '../../../lib/adapters/memory/memory-case-store';
import { planCases, caseIdFor } from '../../../lib/cases/grouping';
import { caseImpact, caseRisk, recommendAction } from '../../../lib/cases/impact';
import type { CaseFindingRef } from '../../../lib/cases/model';
import { buildCases } from '../../../lib/use-cases/build-cases';
import { decide, closeItem } from '../../../lib/use-cases/decide-case';
import { finding, sampleDistrict, tickingClock, wellFiledUnits } from './fixtures';

const data = sampleDistrict();
const [A, B, C] = wellFiledUnits(data, 3) as [string, string, string];
const now = '2024-06-01T00:00:00.000Z';
const plan = (findings: Parameters<typeof planCases>[0]['findings'], existing: Parameters<typeof planCases>[0]['existing'] = []) => planCases({ findings, data, runId: 'run-1', now, existing });

function deps() {
  return { cases: new MemoryCaseStore(), blobs: new MemoryBlobStore(), clock: tickingClock() };
}

describe('grouping findings into cases', () => {
  it('makes one case per unit per run: unit, register-event and project findings of a unit share it', () => {
    const event = data.registerEvents[0]!;
    const project = data.projects[0]!;
    const findings = [
      finding({ subject: { kind: 'unit', id: A }, period: '2024-02' }),
      finding({ subject: { kind: 'unit', id: A }, period: '2024-03', rule: 'other.rule', pattern: 'FALSIFY.FABRICATE', severity: 'medium', score: 0.6 }),
      finding({ subject: { kind: 'register_event', id: event.event_id }, unit_ids: [event.unit_id], pattern: 'REGISTER.FAKE_EXIT', period: event.period }),
      finding({ subject: { kind: 'project', id: project.project_id }, unit_ids: [project.owner_unit_id], pattern: 'REGISTER.BUNDLED_PROJECT', period: null }),
      finding({ subject: { kind: 'unit', id: B }, period: '2024-03' }),
    ];
    const p = plan(findings);
    const subjects = p.cases.map((c) => c.record.subject.id).sort();
    expect(subjects).toEqual([...new Set([A, B, event.unit_id, project.owner_unit_id])].sort());
    const caseA = p.cases.find((c) => c.record.subject.id === A)!;
    expect(caseA.record.finding_ids).toHaveLength(2);
    expect(caseA.record.patterns).toEqual(['FALSIFY.FABRICATE', 'FALSIFY.INFLATE']);
    expect(caseA.record.severity).toBe('high');
    const caseEvent = p.cases.find((c) => c.record.subject.id === event.unit_id)!;
    expect(caseEvent.record.subject.kind).toBe('unit');
    expect(caseEvent.record.patterns).toContain('REGISTER.FAKE_EXIT');
    const caseProject = p.cases.find((c) => c.record.subject.id === project.owner_unit_id)!;
    expect(caseProject.record.patterns).toContain('REGISTER.BUNDLED_PROJECT');
    // every finding got the id of the case it went into
    for (const f of p.findings) expect(p.cases.find((c) => c.record.case_id === f.case_id)!.record.finding_ids).toContain(f.finding_id);
  });

  it('makes one case per account and per town for interference findings', () => {
    const office = [...data.accounts.values()].find((a) => a.owner_type === 'town_office')!;
    const town = data.units[data.unitIndex.get(A)!]!.townCode;
    const p = plan([
      finding({ subject: { kind: 'account', id: office.account }, unit_ids: [A, B], pattern: 'INTERFERE.PROXY_FILING', period: '2024-03' }),
      finding({ subject: { kind: 'account', id: office.account }, unit_ids: [C], pattern: 'INTERFERE.PROXY_FILING', period: '2024-04' }),
      finding({ subject: { kind: 'town', id: town }, unit_ids: [A, C], pattern: 'INTERFERE.COORDINATED', period: '2024-03' }),
    ]);
    expect(p.cases).toHaveLength(2);
    const acct = p.cases.find((c) => c.record.subject.kind === 'account')!;
    expect(acct.record.unit_ids).toEqual([A, B, C].sort());
    expect(acct.record.town_code).toBe(office.owner_id);
    expect(acct.record.recommended_action.code).toBe('interview');
    const t = p.cases.find((c) => c.record.subject.kind === 'town')!;
    expect(t.record.town_code).toBe(town);
    expect(t.record.case_id).toBe(caseIdFor({ kind: 'town', id: town }, 1));
  });

  it('opens no case for low findings alone, and attaches them as context to a case their subject has', () => {
    const lowA = finding({ subject: { kind: 'unit', id: A }, severity: 'low', score: 0.3, rule: 'low.rule', pattern: 'FALSIFY.FABRICATE' });
    const lowB = finding({ subject: { kind: 'unit', id: B }, severity: 'low', score: 0.3, rule: 'low.rule' });
    const p = plan([lowA, lowB, finding({ subject: { kind: 'unit', id: A } })]);
    expect(p.cases.map((c) => c.record.subject.id)).toEqual([A]);
    const c = p.cases[0]!.record;
    expect(c.finding_ids).toContain(lowA.finding_id);
    expect(c.findings.find((f) => f.finding_id === lowA.finding_id)!.context).toBe(true);
    expect(c.patterns).toEqual(['FALSIFY.INFLATE']);
    expect(c.context_patterns).toEqual(['FALSIFY.FABRICATE']);
    expect(p.findings.find((f) => f.finding_id === lowB.finding_id)!.case_id).toBeNull();
    expect(plan([lowB]).cases).toHaveLength(0);
  });

  it('adds a version to the open case on a re-check, keeps the id, and adds nothing when nothing changed', async () => {
    const d = deps();
    const f1 = finding({ subject: { kind: 'unit', id: A }, period: '2024-02' });
    const first = await buildCases(d, { findings: [f1], data, runId: 'run-1' });
    expect(first.created).toHaveLength(1);
    const id = first.created[0]!.case_id;
    const again = await buildCases(d, { findings: [f1], data, runId: 'run-2' });
    expect(again.created).toHaveLength(0);
    expect(again.updated).toHaveLength(0);
    expect(again.unchanged).toEqual([id]);
    const f2 = finding({ subject: { kind: 'unit', id: A }, period: '2024-05' });
    const low = finding({ subject: { kind: 'unit', id: A }, period: '2024-06', severity: 'low', score: 0.2, rule: 'low.rule' });
    const third = await buildCases(d, { findings: [f2, low], data, runId: 'run-3' });
    expect(third.created).toHaveLength(0);
    expect(third.updated.map((u) => [u.case_id, u.version])).toEqual([[id, 2]]);
    const stored = (await d.cases.get(id))!;
    expect(stored.version).toBe(2);
    // the run saw only 2024-05 and 2024-06: the earlier finding is kept (union)
    expect(stored.finding_ids.sort()).toEqual([f1.finding_id, f2.finding_id, low.finding_id].sort());
    expect(stored.files.map((f) => f.prefix)).toEqual([`cases/${id}/v1/`, `cases/${id}/v2/`]);
    expect(third.findings.every((f) => f.case_id === id)).toBe(true);
    expect((await d.cases.audit(id)).map((a) => a.action)).toEqual(['create', 'version']);
    expect(await d.cases.list()).toHaveLength(1);
  });

  it('never reopens a dismissed or closed case: the subject gets a new case', async () => {
    const d = deps();
    const f1 = finding({ subject: { kind: 'unit', id: A } });
    const [first] = (await buildCases(d, { findings: [f1], data, runId: 'run-1' })).created;
    await decide(d, { caseId: first!.case_id, status: 'reviewing', by: '张三' });
    await decide(d, { caseId: first!.case_id, status: 'dismissed', by: '张三', reason: '税务数据滞后', evidenceChecked: ['税务申报表'] });
    const second = await buildCases(d, { findings: [f1], data, runId: 'run-2' });
    expect(second.created).toHaveLength(1);
    const newId = second.created[0]!.case_id;
    expect(newId).not.toBe(first!.case_id);
    expect(newId).toBe(caseIdFor({ kind: 'unit', id: A }, 2));
    expect((await d.cases.get(first!.case_id))!.status).toBe('dismissed');
    expect((await d.cases.get(first!.case_id))!.version).toBe(1);
    expect(second.findings[0]!.case_id).toBe(newId);

    // closed, through the whole lifecycle
    await decide(d, { caseId: newId, status: 'reviewing', by: '李四' });
    await decide(d, { caseId: newId, status: 'filed', by: '李四', reason: '证据确凿' });
    await decide(d, { caseId: newId, status: 'rectifying', by: '李四' });
    for (const item of (await d.cases.get(newId))!.items) await closeItem(d, { caseId: newId, itemId: item.item_id, by: '李四', note: '已更正' });
    await decide(d, { caseId: newId, status: 'closed', by: '李四' });
    const third = await buildCases(d, { findings: [f1], data, runId: 'run-3' });
    expect(third.created.map((c) => c.case_id)).toEqual([caseIdFor({ kind: 'unit', id: A }, 3)]);
    expect((await d.cases.get(newId))!.status).toBe('closed');
  });

  it('adds rectification items for new findings of a filed case', async () => {
    const d = deps();
    const [c] = (await buildCases(d, { findings: [finding({ subject: { kind: 'unit', id: A } })], data, runId: 'run-1' })).created;
    await decide(d, { caseId: c!.case_id, status: 'reviewing', by: 'x' });
    await decide(d, { caseId: c!.case_id, status: 'filed', by: 'x' });
    await buildCases(d, {
      findings: [finding({ subject: { kind: 'unit', id: A }, rule: 'r2', pattern: 'RENT.THRESHOLD' }), finding({ subject: { kind: 'unit', id: A }, period: '2024-04' })],
      data,
      runId: 'run-2',
    });
    const stored = (await d.cases.get(c!.case_id))!;
    expect(stored.status).toBe('filed');
    expect(stored.items.map((i) => [i.pattern, i.finding_ids.length])).toEqual([
      ['FALSIFY.INFLATE', 2],
      ['RENT.THRESHOLD', 1],
    ]);
  });
});

describe('risk, impact and the recommended action', () => {
  const ref = (p: Partial<CaseFindingRef>): CaseFindingRef => ({
    finding_id: 'F',
    rule_id: 'r',
    rule_version: 1,
    pattern: 'FALSIFY.INFLATE',
    severity: 'high',
    score: 0.9,
    period: '2024-03',
    unit_ids: [A],
    summary_zh: '',
    summary_en: '',
    context: false,
    suspect_amount: null,
    ...p,
  });

  it('risk is 1 − Π(1 − w·score) with the ranking weights', () => {
    expect(caseRisk([ref({ severity: 'high', score: 0.5 }), ref({ severity: 'medium', score: 0.5 }), ref({ severity: 'low', score: 1 })])).toBeCloseTo(1 - 0.5 * 0.7 * 0.85, 3);
  });

  it('impact: the units’ revenue over the findings’ periods as a share of the district, and suspect amounts deduplicated per unit-period', () => {
    const refs = [ref({ period: '2024-03', suspect_amount: 100 }), ref({ period: '2024-03', suspect_amount: 60 }), ref({ period: '2024-04', suspect_amount: 40 })];
    const impact = caseImpact(data, [A], refs);
    const cols = ['2024-03', '2024-04'].map((p) => data.periodIndex.get(p)!);
    const u = data.unitIndex.get(A)!;
    let own = 0;
    let all = 0;
    for (const t of cols) {
      own += data.revenue[u * data.P + t]!;
      for (let v = 0; v < data.units.length; v++) {
        const x = data.revenue[v * data.P + t]!;
        if (Number.isFinite(x)) all += x;
      }
    }
    expect(impact.periods).toEqual(['2024-03', '2024-04']);
    expect(impact.reported_revenue).toBeCloseTo(own, 0);
    expect(impact.district_revenue).toBeCloseTo(all, 0);
    expect(impact.revenue_share).toBeCloseTo(own / all, 5);
    expect(impact.suspect_amount).toBe(140);
    expect(impact.suspect_share).toBeCloseTo(140 / all, 5);
    expect(caseImpact(data, [A], [ref({})]).suspect_amount).toBeNull();
  });

  it('recommends investigate / interview / verify / watch by the documented rule', () => {
    const imp = caseImpact(data, [A], [ref({})]);
    const unit = { kind: 'unit', id: A } as const;
    expect(recommendAction(unit, [ref({ score: 0.95 })], 0.95, imp).code).toBe('investigate');
    expect(recommendAction(unit, [ref({ score: 0.85 })], 0.85, imp).code).toBe('verify');
    expect(recommendAction(unit, [ref({ score: 0.85 })], 0.85, { ...imp, suspect_amount: 1e9, suspect_share: 0.01 }).code).toBe('investigate');
    expect(recommendAction(unit, [ref({ pattern: 'REGISTER.DUPLICATE', score: 1 })], 1, imp).code).toBe('verify');
    expect(recommendAction({ kind: 'town', id: '1' }, [ref({ pattern: 'INTERFERE.COORDINATED' })], 0.9, imp).code).toBe('interview');
    expect(recommendAction(unit, [ref({ severity: 'medium', score: 0.8 })], 0.48, imp).code).toBe('verify');
    expect(recommendAction(unit, [ref({ severity: 'medium', score: 0.55 })], 0.33, imp).code).toBe('watch');
  });
});
