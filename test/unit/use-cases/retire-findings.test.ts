import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { MemoryBlobStore } from '../../../lib/adapters/memory/memory-blob-store';
import { MemoryCaseStore } from '../../../lib/adapters/memory/memory-case-store';
import { MemoryFindingStore } from '../../../lib/adapters/memory/memory-finding-store';
import { MemoryRecordStore } from '../../../lib/adapters/memory/memory-record-store';
import { engineConfig } from '../../../lib/engine/config';
import { defineRule } from '../../../lib/engine/rule';
import { ownerKey } from '../../../lib/engine/shards';
import { generateSample } from '../../../lib/sample/generate';
import { sampleToDistrictInput } from '../../../lib/sample/to-district-input';
import { runCheck } from '../../../lib/use-cases/check';

const input = sampleToDistrictInput(generateSample({ seed: 3 }).files);

/** A rule that flags the units whose index is a multiple of `every` (a stand-in for "what the data shows"). */
function flagEvery(id: string, state: { every: number }) {
  return defineRule({
    id,
    version: 1,
    pattern: 'FALSIFY.INFLATE',
    title: { zh: '测试', en: 'test' },
    description: { zh: '', en: '' },
    scope: 'unit',
    reads: ['units'],
    params: z.object({}),
    evaluate: (data) =>
      data.units
        .filter((_, i) => i % state.every === 0)
        .map((u) => ({
          subject: { kind: 'unit' as const, id: u.id },
          unit_ids: [u.id],
          period: data.periods[0]!,
          score: 0.9,
          severity: 'high' as const,
          summary_zh: '',
          summary_en: '',
          evidence: {},
        })),
  });
}

function setup() {
  const clock = { now: () => new Date('2025-01-01T00:00:00Z') };
  return { records: new MemoryRecordStore(), findings: new MemoryFindingStore(), cases: new MemoryCaseStore(), caseBlobs: new MemoryBlobStore(), clock };
}

const ids = async (store: MemoryFindingStore, rule: string) =>
  (await store.list())
    .filter((f) => f.rule_id === rule)
    .map((f) => f.finding_id)
    .sort();

describe('findings the data no longer shows', () => {
  it('are retired by the next run of their rule: out of the export, their case link kept for when they return', async () => {
    const deps = setup();
    const state = { every: 20 };
    const rule = flagEvery('test.a', state);
    const config = engineConfig();
    const first = await runCheck(deps, { rules: [rule], config, input, oversightRules: [] });
    const before = await ids(deps.findings, 'test.a');
    expect(before.length).toBe(first.findings.length);
    expect(first.retired).toBe(0);

    state.every = 40; // half of them vanish (the units re-filed)
    const second = await runCheck(deps, { rules: [rule], config, input, oversightRules: [] });
    const after = await ids(deps.findings, 'test.a');
    expect(after).toEqual(second.findings.map((f) => f.finding_id).sort());
    expect(second.retired).toBe(before.length - after.length);
    expect(second.retired).toBeGreaterThan(3);
    const gone = before.find((id) => !after.includes(id))!;
    const caseOfGone = deps.findings.retired.get(gone)!.finding.case_id;
    expect(caseOfGone).toMatch(/.+/);

    state.every = 20; // they come back: the same ids, linked to the same cases
    const third = await runCheck(deps, { rules: [rule], config, input, oversightRules: [] });
    expect(await ids(deps.findings, 'test.a')).toEqual(before);
    expect(third.created).toBe(0);
    expect(deps.findings.items.get(gone)!.case_id).toBe(caseOfGone);
  });

  it('are retired only within the run scope: other rules, other towns and other shards stay live', async () => {
    const deps = setup();
    const a = { every: 10 };
    const b = { every: 10 };
    const config = engineConfig();
    await runCheck(deps, { rules: [flagEvery('test.a', a), flagEvery('test.b', b)], config, input, oversightRules: [] });
    const liveA = await ids(deps.findings, 'test.a');
    const liveB = await ids(deps.findings, 'test.b');
    expect(liveB.length).toBeGreaterThan(1);

    // Everything of test.a vanishes, but only test.b runs: test.a's findings stay live.
    a.every = 1e9;
    b.every = 1e9;
    await runCheck(deps, { rules: [flagEvery('test.b', b)], config, input, oversightRules: [] });
    expect(await ids(deps.findings, 'test.a')).toEqual(liveA);
    // Unit 0 is flagged at every `every`: what remains of test.b is that one unit's finding.
    expect((await ids(deps.findings, 'test.b')).length).toBe(1);

    // A town-scoped run of test.a retires that town's findings only.
    const town = input.units[0]!.town_code;
    const inTown = (await deps.findings.list()).filter((f) => f.rule_id === 'test.a' && input.units.find((u) => u.unit_id === f.unit_ids[0])!.town_code === town);
    expect(inTown.length).toBeGreaterThan(1);
    const townRun = await runCheck(deps, { rules: [flagEvery('test.a', a)], config, input, town, oversightRules: [] });
    expect(townRun.retired).toBe(inTown.length - 1);
    expect((await ids(deps.findings, 'test.a')).length).toBe(liveA.length - townRun.retired);

    // A shard run retires only findings whose owner key is in the shard.
    const rest = (await deps.findings.list()).filter((f) => f.rule_id === 'test.a' && f.unit_ids[0] !== input.units[0]!.unit_id);
    const shardKey = ownerKey(rest[0]!, townRun.data);
    const inShard = rest.filter((f) => ownerKey(f, townRun.data) === shardKey);
    const shardRun = await runCheck(deps, { rules: [flagEvery('test.a', a)], config, input, shard: [shardKey], oversightRules: [] });
    expect(shardRun.retired).toBe(inShard.length);
    expect((await ids(deps.findings, 'test.a')).length).toBe(liveA.length - townRun.retired - inShard.length);
  });

  it('are kept when their rule failed in this run', async () => {
    const deps = setup();
    const config = engineConfig();
    await runCheck(deps, { rules: [flagEvery('test.a', { every: 10 })], config, input, oversightRules: [] });
    const live = await ids(deps.findings, 'test.a');
    const broken = defineRule({
      ...flagEvery('test.a', { every: 10 }),
      evaluate: () => {
        throw new Error('disk on fire');
      },
    });
    const run = await runCheck(deps, { rules: [broken], config, input, oversightRules: [] });
    expect(run.rules[0]!.error).toMatch(/disk on fire/);
    expect(run.retired).toBe(0);
    expect(await ids(deps.findings, 'test.a')).toEqual(live);
  });
});
