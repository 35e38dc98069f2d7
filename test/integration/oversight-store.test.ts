import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineConfig } from '../../lib/engine/config';
import { decide } from '../../lib/use-cases/decide-case';
import { runOversight } from '../../lib/use-cases/oversight';
import { caseRecord, DAY, NOW } from '../helpers/oversight-fixtures';
import { startTestRuntime } from '../helpers/local-stack';

type TestRuntime = Awaited<ReturnType<typeof startTestRuntime>>;
let rt: TestRuntime;
let now = NOW.getTime();
const clock = { now: () => new Date(now) };
const TOWNS = ['371302001000', '371302002000', '371302003000', '371302004000'];

/** Creates a case through the store at `createdDaysAgo` and walks it through the given decisions. */
async function caseWith(id: string, createdDaysAgo: number, steps: { status: string; by: string; daysAgo: number; reason?: string; evidence?: string[] }[], town: string) {
  const c = caseRecord({ id, town, createdAt: new Date(NOW.getTime() - createdDaysAgo * DAY).toISOString() });
  await rt.cases.commit(c, { case_id: id, seq: 1, at: c.created_at, by: 'system', action: 'create', from: null, to: 'new', reason: null, evidence_checked: [], item: null }, null);
  for (const s of steps) {
    now = NOW.getTime() - s.daysAgo * DAY;
    await decide({ cases: rt.cases, clock }, { caseId: id, status: s.status, by: s.by, reason: s.reason, evidenceChecked: s.evidence });
  }
  now = NOW.getTime();
}

beforeAll(async () => {
  rt = await startTestRuntime();
  // Reviewer R1 dismisses 14 of 20 with the same formula; R2–R4 dismiss 4 of 20, each argued.
  for (const reviewer of ['R1', 'R2', 'R3', 'R4']) {
    for (let i = 0; i < 20; i++) {
      const id = `C-${reviewer}-${String(i).padStart(2, '0')}`;
      const dismiss = i < (reviewer === 'R1' ? 14 : 4);
      const words = reviewer === 'R1' ? { reason: '经核查无问题', evidence: ['无'] } : { reason: `${id}：季节性订单集中交付，电量与社保同步上升`, evidence: [`${id} 增值税申报表`] };
      await caseWith(
        id,
        60,
        [
          { status: 'reviewing', by: reviewer, daysAgo: 50 },
          { status: dismiss ? 'dismissed' : 'filed', by: reviewer, daysAgo: 40, ...(dismiss ? words : {}) },
        ],
        TOWNS[i % 4]!,
      );
    }
  }
  await caseWith('C-IDLE', 45, [], TOWNS[0]!);
}, 120_000);
afterAll(async () => {
  await rt?.dispose();
});

describe('oversight against dynalite', () => {
  it('reads cases and audit trails through the case store and stores its findings idempotently', async () => {
    const deps = { cases: rt.cases, findings: rt.findings, clock };
    const r = await runOversight(deps, { config: engineConfig(), runId: 'run-oversight' });
    expect(r.rules.map((s) => [s.rule_id, s.error])).toEqual([
      ['enforce.unreviewed', null],
      ['enforce.selective', null],
    ]);
    expect(r.findings.map((f) => `${f.pattern}:${f.pattern === 'ENFORCE.SELECTIVE' ? f.evidence.reviewer : f.evidence.case_id}`).sort()).toEqual(['ENFORCE.SELECTIVE:R1', 'ENFORCE.UNREVIEWED:C-IDLE']);
    expect(r.created).toBe(2);
    const stored = (await rt.findings.list()).filter((f) => f.pattern.startsWith('ENFORCE.'));
    expect(stored.map((f) => f.finding_id).sort()).toEqual(r.findings.map((f) => f.finding_id).sort());
    expect(stored.every((f) => f.case_id === null)).toBe(true);
    expect((await runOversight(deps, { config: engineConfig(), runId: 'run-oversight-2' })).created).toBe(0);
  });
});
