import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { MemoryFindingStore } from '../../../lib/adapters/memory/memory-finding-store';
import { MemoryBlobStore } from '../../../lib/adapters/memory/memory-blob-store';
import { MemoryCaseStore } from '../../../lib/adapters/memory/memory-case-store';
import { MemoryRecordStore } from '../../../lib/adapters/memory/memory-record-store';
import { engineConfig } from '../../../lib/engine/config';
import { buildDistrictData } from '../../../lib/engine/district-data';
import { defineRule, type Rule } from '../../../lib/engine/rule';
import { shardPlan } from '../../../lib/engine/shards';
import { generateSample } from '../../../lib/sample/generate';
import { sampleToDistrictInput } from '../../../lib/sample/to-district-input';
import { runCheck } from '../../../lib/use-cases/check';

const input = sampleToDistrictInput(generateSample({ seed: 3 }).files);
const clock = { now: () => new Date('2025-01-20T00:00:00Z') };

/** Rules of every subject kind, so that sharding is tested whatever the real rules find. */
const probeRules: Rule[] = [
  defineRule({
    id: 'test.unit',
    version: 1,
    pattern: 'DATA.INVALID',
    title: { zh: '单位', en: 'unit' },
    description: { zh: '', en: '' },
    scope: 'unit',
    reads: ['submissions'],
    params: z.object({ every: z.number().default(7) }),
    evaluate: (data, p) =>
      data.units
        .filter((_, i) => i % p.every === 0)
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
  }),
  defineRule({
    id: 'test.town',
    version: 1,
    pattern: 'INTERFERE.COORDINATED',
    title: { zh: '镇', en: 'town' },
    description: { zh: '', en: '' },
    scope: 'town',
    reads: ['units'],
    params: z.object({}),
    evaluate: (data) =>
      [...new Set(data.units.map((u) => u.townCode))].map((t) => ({
        subject: { kind: 'town' as const, id: t },
        unit_ids: data.units.filter((u) => u.townCode === t).map((u) => u.id),
        period: null,
        score: 0.6,
        severity: 'medium' as const,
        summary_zh: '',
        summary_en: '',
        evidence: {},
      })),
  }),
  defineRule({
    id: 'test.event-account',
    version: 1,
    pattern: 'REGISTER.FAKE_ENTRY',
    title: { zh: '事件', en: 'event' },
    description: { zh: '', en: '' },
    scope: 'register_event',
    reads: ['register_events'],
    params: z.object({}),
    evaluate: (data) => [
      ...data.registerEvents.map((e) => ({
        subject: { kind: 'register_event' as const, id: e.event_id },
        unit_ids: [e.unit_id],
        period: e.period,
        score: 0.5,
        severity: 'medium' as const,
        summary_zh: '',
        summary_en: '',
        evidence: {},
      })),
      ...[...data.accounts.values()]
        .slice(0, 5)
        .map((a) => ({ subject: { kind: 'account' as const, id: a.account }, unit_ids: [], period: null, score: 0.2, severity: 'low' as const, summary_zh: '', summary_en: '', evidence: {} })),
    ],
  }),
];

describe('batch-check shards', () => {
  it('running every shard of the plan and merging gives exactly the findings of one whole run', async () => {
    const config = engineConfig();
    const whole = await runCheck({ records: new MemoryRecordStore(), findings: new MemoryFindingStore(), clock }, { rules: probeRules, config, input });
    expect(whole.findings.length).toBeGreaterThan(20);
    const plan = shardPlan(buildDistrictData(input));
    const merged = new MemoryFindingStore();
    const seen: string[] = [];
    for (const shard of plan) {
      const part = await runCheck({ records: new MemoryRecordStore(), findings: merged, clock }, { rules: probeRules, config, input, shard });
      seen.push(...part.findings.map((f) => f.finding_id));
    }
    expect(seen.length).toBe(new Set(seen).size);
    expect(new Set(seen)).toEqual(new Set(whole.findings.map((f) => f.finding_id)));
    expect((await merged.list()).map((f) => f.finding_id).sort()).toEqual(whole.findings.map((f) => f.finding_id).sort());
  });

  it('building cases shard by shard gives the cases of one whole run: same subjects, same findings each, no conflicts', async () => {
    const config = engineConfig();
    const caseView = async (cases: MemoryCaseStore) => (await cases.list()).map((c) => `${c.subject.kind}:${c.subject.id}=${[...c.finding_ids].sort().join(',')}`).sort();
    const wholeCases = new MemoryCaseStore();
    const whole = await runCheck(
      { records: new MemoryRecordStore(), findings: new MemoryFindingStore(), clock, cases: wholeCases, caseBlobs: new MemoryBlobStore() },
      { rules: probeRules, config, input },
    );
    expect(whole.cases!.created.length).toBeGreaterThan(5);
    const shardCases = new MemoryCaseStore();
    const blobs = new MemoryBlobStore();
    for (const shard of shardPlan(buildDistrictData(input))) {
      const part = await runCheck({ records: new MemoryRecordStore(), findings: new MemoryFindingStore(), clock, cases: shardCases, caseBlobs: blobs }, { rules: probeRules, config, input, shard });
      expect(part.cases!.conflicts).toEqual([]);
      expect(part.cases!.updated).toEqual([]);
    }
    expect(await caseView(shardCases)).toEqual(await caseView(wholeCases));
  });

  it('stores findings idempotently: a re-run creates nothing new', async () => {
    const store = new MemoryFindingStore();
    const deps = { records: new MemoryRecordStore(), findings: store, clock };
    const first = await runCheck(deps, { rules: probeRules, config: engineConfig(), input });
    const second = await runCheck(deps, { rules: probeRules, config: engineConfig(), input });
    expect(first.created).toBe(first.findings.length);
    expect(second.created).toBe(0);
    expect(store.items.size).toBe(first.findings.length);
  });

  it('applies configured parameters and disables rules from the configuration', async () => {
    const deps = { records: new MemoryRecordStore(), findings: new MemoryFindingStore(), clock };
    const every3 = await runCheck(deps, { rules: [probeRules[0]!], config: engineConfig({ rules: { 'test.unit': { every: 3 } } }), input });
    const every7 = await runCheck(deps, { rules: [probeRules[0]!], config: engineConfig(), input });
    expect(every3.findings.length).toBeGreaterThan(every7.findings.length);
    const off = await runCheck(deps, { rules: [probeRules[0]!], config: engineConfig({ rules: { 'test.unit': { enabled: false } } }), input });
    expect(off.findings).toEqual([]);
  });

  it('records a rule that throws as an error of that rule and keeps the others', async () => {
    const broken = defineRule({
      ...probeRules[1]!,
      id: 'test.broken',
      evaluate: () => {
        throw new Error('boom');
      },
    });
    const r = await runCheck({ records: new MemoryRecordStore(), findings: new MemoryFindingStore(), clock }, { rules: [broken, probeRules[1]!], config: engineConfig(), input });
    expect(r.rules.find((s) => s.rule_id === 'test.broken')!.error).toContain('boom');
    expect(r.findings.length).toBeGreaterThan(0);
  });

  it('filters by period and town', async () => {
    const deps = { records: new MemoryRecordStore(), findings: new MemoryFindingStore(), clock };
    const data = buildDistrictData(input);
    const town = data.units[0]!.townCode;
    const r = await runCheck(deps, { rules: probeRules, config: engineConfig(), input, town, period: data.periods[0] });
    expect(r.findings.length).toBeGreaterThan(0);
    for (const f of r.findings) {
      expect(f.period === null || f.period === data.periods[0]).toBe(true);
      expect(f.subject.kind === 'town' ? f.subject.id === town : f.unit_ids.some((id) => data.units[data.unitIndex.get(id)!]!.townCode === town)).toBe(true);
    }
  });
});
