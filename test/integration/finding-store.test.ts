import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../lib/domain/finding';
import { startTestRuntime } from '../helpers/local-stack';

type TestRuntime = Awaited<ReturnType<typeof startTestRuntime>>;
let rt: TestRuntime;

beforeAll(async () => {
  rt = await startTestRuntime();
}, 60_000);
afterAll(async () => {
  await rt?.dispose();
});

const finding = (id: string, caseId: string | null): Finding =>
  ({
    finding_id: id,
    rule_id: 'test.rule',
    rule_version: 1,
    pattern: 'FALSIFY.INFLATE',
    subject: { kind: 'unit', id: `U${id}` },
    unit_ids: [`U${id}`],
    period: '2024-03',
    score: 0.8,
    severity: 'high',
    summary_zh: '测试',
    summary_en: 'test',
    evidence: { ratio: 1.62 },
    case_id: caseId,
  }) as Finding;

describe('retiring findings in DynamoDB (dynalite)', () => {
  it('takes retired findings out of the listing, idempotently, and revives them with their case link', async () => {
    await rt.findings.put([finding('f1', 'C-1'), finding('f2', null), finding('f3', 'C-3')], 'run-1');
    expect((await rt.findings.list()).map((f) => f.finding_id).sort()).toEqual(['f1', 'f2', 'f3']);

    expect(await rt.findings.retire(['f1', 'f2', 'never-stored'], 'run-2')).toBe(2);
    expect((await rt.findings.list()).map((f) => f.finding_id)).toEqual(['f3']);
    expect(await rt.findings.retire(['f1', 'f2'], 'run-3')).toBe(0);

    // The data shows f1 again: the same id, not new, back on case C-1.
    const { created } = await rt.findings.put([finding('f1', null)], 'run-4');
    expect(created).toBe(0);
    const live = await rt.findings.list();
    expect(live.map((f) => f.finding_id).sort()).toEqual(['f1', 'f3']);
    expect(live.find((f) => f.finding_id === 'f1')!.case_id).toBe('C-1');
  });
});
