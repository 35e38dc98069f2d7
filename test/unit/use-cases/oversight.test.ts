import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { MemoryBlobStore } from '../../../lib/adapters/memory/memory-blob-store';
import { MemoryCaseStore } from '../../../lib/adapters/memory/memory-case-store';
import { MemoryFindingStore } from '../../../lib/adapters/memory/memory-finding-store';
import { MemoryRecordStore } from '../../../lib/adapters/memory/memory-record-store';
import { engineConfig } from '../../../lib/engine/config';
import { defineRule } from '../../../lib/engine/rule';
import { DISTRICT_KEY } from '../../../lib/engine/shards';
import { generateSample } from '../../../lib/sample/generate';
import { sampleToDistrictInput } from '../../../lib/sample/to-district-input';
import { runCheck } from '../../../lib/use-cases/check';
import { decide } from '../../../lib/use-cases/decide-case';
import { runOversight } from '../../../lib/use-cases/oversight';

const input = sampleToDistrictInput(generateSample({ seed: 3 }).files);
const DAY = 86_400_000;

/** A detection rule that opens a high case on every 40th unit. */
const probe = defineRule({
  id: 'test.every-40th',
  version: 1,
  pattern: 'FALSIFY.INFLATE',
  title: { zh: '测试', en: 'test' },
  description: { zh: '', en: '' },
  scope: 'unit',
  reads: ['units'],
  params: z.object({}),
  evaluate: (data) =>
    data.units
      .filter((_, i) => i % 40 === 0)
      .map((u) => ({ subject: { kind: 'unit' as const, id: u.id }, unit_ids: [u.id], period: data.periods[0]!, score: 0.9, severity: 'high' as const, summary_zh: '', summary_en: '', evidence: {} })),
});

function setup() {
  let now = Date.parse('2025-01-01T00:00:00Z');
  const clock = { now: () => new Date(now) };
  const deps = { records: new MemoryRecordStore(), findings: new MemoryFindingStore(), cases: new MemoryCaseStore(), caseBlobs: new MemoryBlobStore(), clock };
  return { deps, advance: (days: number) => (now += days * DAY) };
}

describe('oversight in statsentry check', () => {
  it('reports overdue cases after case building, stores them unlinked, and never opens or versions a case with them', async () => {
    const { deps, advance } = setup();
    const config = engineConfig();
    const first = await runCheck(deps, { rules: [probe], config, input });
    const opened = first.cases!.created.length;
    expect(opened).toBeGreaterThan(5);
    expect(first.findings.filter((f) => f.pattern.startsWith('ENFORCE.'))).toEqual([]);
    expect(first.rules.map((r) => r.rule_id)).toEqual(['test.every-40th', 'enforce.unreviewed', 'enforce.selective']);

    advance(1);
    const taken = first.cases!.created[0]!.case_id;
    await decide({ cases: deps.cases, clock: deps.clock }, { caseId: taken, status: 'reviewing', by: '王五' });
    advance(99);
    const late = await runCheck(deps, { rules: [probe], config, input });
    const overdue = late.findings.filter((f) => f.pattern === 'ENFORCE.UNREVIEWED');
    expect(overdue).toHaveLength(opened);
    expect(overdue.find((f) => f.evidence.case_id === taken)!.evidence).toMatchObject({ case_status: 'reviewing', reviewer: '王五', deadline_days: 60 });
    // Cases are untouched by the oversight findings: nothing created, nothing versioned.
    expect(late.cases).toMatchObject({ created: [], updated: [] });
    expect((await deps.cases.list()).every((c) => c.version === 1 && !c.finding_ids.some((id) => overdue.some((f) => f.finding_id === id)))).toBe(true);
    // Stored with case_id null, the case named in the evidence; unit risk ignores them.
    const stored = [...deps.findings.items.values()].filter((f) => f.pattern === 'ENFORCE.UNREVIEWED');
    expect(stored).toHaveLength(opened);
    expect(stored.every((f) => f.case_id === null && typeof f.evidence.case_id === 'string')).toBe(true);
    expect(late.topUnits.every((u) => !u.patterns.some((p) => p.startsWith('ENFORCE.')))).toBe(true);
    expect(late.created).toBe(opened);

    const again = await runCheck(deps, { rules: [probe], config, input });
    expect(again.created).toBe(0);
  });

  it('runs only in the district shard of a batch check, and not at all with an empty rule list or without a case store', async () => {
    const { deps, advance } = setup();
    const config = engineConfig();
    await runCheck(deps, { rules: [probe], config, input });
    advance(100);
    const district = await runCheck(deps, { rules: [probe], config, input, shard: [DISTRICT_KEY] });
    expect(district.findings.some((f) => f.pattern === 'ENFORCE.UNREVIEWED')).toBe(true);
    const townShard = await runCheck(deps, { rules: [probe], config, input, shard: ['town:371302001000|industry'] });
    expect(townShard.findings.some((f) => f.pattern.startsWith('ENFORCE.'))).toBe(false);
    const none = await runCheck(deps, { rules: [probe], config, input, oversightRules: [] });
    expect(none.rules.map((r) => r.rule_id)).toEqual(['test.every-40th']);
    const noCases = await runCheck({ records: deps.records, findings: new MemoryFindingStore(), clock: deps.clock }, { rules: [probe], config, input });
    expect(noCases.findings.some((f) => f.pattern.startsWith('ENFORCE.'))).toBe(false);
  });

  it("honours enabled = false and reports a failing oversight rule as that rule's error", async () => {
    const { deps, advance } = setup();
    await runCheck(deps, { rules: [probe], config: engineConfig(), input });
    advance(100);
    const off = await runOversight(deps, { config: engineConfig({ rules: { 'enforce.unreviewed': { enabled: false } } }), runId: 'r' });
    expect(off.findings).toEqual([]);
    const broken = {
      ...(await import('../../../lib/rules/enforce/unreviewed')).unreviewed,
      id: 'enforce.broken',
      evaluate: () => {
        throw new Error('boom');
      },
    };
    const r = await runOversight(deps, { config: engineConfig(), runId: 'r', rules: [broken] });
    expect(r.rules[0]!.error).toContain('boom');
  });
});
