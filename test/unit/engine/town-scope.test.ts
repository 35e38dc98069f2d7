import { describe, expect, it } from 'vitest';
import { MemoryFindingStore } from '../../../lib/adapters/memory/memory-finding-store';
import { MemoryRecordStore } from '../../../lib/adapters/memory/memory-record-store';
import { MemoryTownReader } from '../../../lib/adapters/memory/memory-town-reader';
import { engineConfig } from '../../../lib/engine/config';
import { districtShards, restrictToTowns } from '../../../lib/engine/town-scope';
import { ALL_RULES } from '../../../lib/rules/registry';
import { batchCheck } from '../../../lib/use-cases/batch-check';
import { runCheck } from '../../../lib/use-cases/check';
import { mergeInputs, otherDistrict, sampleDistrict, storedRecords } from '../../../lib/sample/province';

const clock = { now: () => new Date('2025-01-20T00:00:00Z') };
const config = engineConfig();

describe('districtShards', () => {
  it('GIVEN towns of two districts, repeated and unsorted THEN one shard per district with its towns sorted, malformed codes left out', () => {
    expect(districtShards(['371311002000', '371302001000', '371311001000', '371302001000', '3713', 'x71302001000'])).toEqual([
      { district: '371302', towns: ['371302001000'] },
      { district: '371311', towns: ['371311001000', '371311002000'] },
    ]);
  });

  it('GIVEN no towns THEN no shards', () => {
    expect(districtShards([])).toEqual([]);
  });
});

describe('a province table checked one district per shard', () => {
  const a = sampleDistrict(3);
  const b = otherDistrict(5);
  const province = mergeInputs(a, b);
  const townsOf = (d: typeof a) => [...new Set(d.units.map((u) => u.town_code))];

  it("GIVEN two districts THEN restricting to one district's towns gives back that district's records, and of the accounts those that filed them", () => {
    const rows = (d: typeof a, kind: keyof typeof a) => (d[kind] as unknown[]).map((r) => JSON.stringify(r)).sort();
    for (const [alone, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const scoped = restrictToTowns(province, townsOf(alone));
      for (const kind of Object.keys(alone) as (keyof typeof a)[]) {
        if (kind === 'accounts') continue;
        expect(rows(scoped, kind), kind).toEqual(rows(alone, kind));
      }
      const accounts = new Set(scoped.accounts.map((x) => x.account));
      const own = new Set(alone.accounts.map((x) => x.account));
      expect([...accounts].filter((x) => !own.has(x))).toEqual([]);
      for (const s of alone.submissions) if (own.has(s.submitter_account)) expect(accounts.has(s.submitter_account)).toBe(true);
      expect(other.accounts.some((x) => accounts.has(x.account))).toBe(false);
    }
    const one = restrictToTowns(province, [townsOf(a)[0]!]);
    expect(one.units.length).toBeGreaterThan(0);
    expect(one.units.length).toBeLessThan(a.units.length);
    expect(new Set(one.units.map((u) => u.town_code))).toEqual(new Set([townsOf(a)[0]]));
  });

  it('GIVEN the plan by district and every shard checked THEN each district gets exactly the findings its own table gives', async () => {
    const store = new MemoryRecordStore();
    await store.writeNew(storedRecords(province));
    const deps = { records: store, findings: new MemoryFindingStore(), clock, townReader: new MemoryTownReader(store) };
    const plan = await batchCheck(deps, ALL_RULES, config, { action: 'plan', by: 'district' });
    expect(plan).toEqual({
      shards: [
        { district: '371302', towns: townsOf(a).sort() },
        { district: '371311', towns: townsOf(b).sort() },
      ],
    });

    for (const [district, alone] of [
      ['371302', a],
      ['371311', b],
    ] as const) {
      const shard = (plan as { shards: { district: string; towns: string[] }[] }).shards.find((s) => s.district === district)!;
      const scoped = await runCheck(deps, { rules: ALL_RULES, config, towns: shard.towns, oversightRules: [] });
      const ownStore = new MemoryRecordStore();
      await ownStore.writeNew(storedRecords(alone));
      const own = await runCheck({ records: ownStore, findings: new MemoryFindingStore(), clock }, { rules: ALL_RULES, config, oversightRules: [] });
      const view = (fs: typeof own.findings) => fs.map((f) => `${f.finding_id}|${f.severity}|${JSON.stringify(f.evidence)}`).sort();
      expect(own.findings.filter((f) => f.severity !== 'low').length, district).toBeGreaterThan(20);
      const [got, want] = [view(scoped.findings), view(own.findings)];
      expect(
        got.filter((x) => !want.includes(x)).map((x) => x.slice(0, 300)),
        `${district}: only in the shard`,
      ).toEqual([]);
      expect(
        want.filter((x) => !got.includes(x)).map((x) => x.slice(0, 300)),
        `${district}: only in its own table`,
      ).toEqual([]);
    }
  });

  it('GIVEN a towns-scoped check without a town reader THEN it refuses rather than loading the whole table', async () => {
    await expect(runCheck({ records: new MemoryRecordStore(), findings: new MemoryFindingStore(), clock }, { rules: ALL_RULES, config, towns: ['371302001000'] })).rejects.toThrow(
      /town record reader/,
    );
  });
});
