import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_KINDS } from '../../lib/domain/kinds';
import { engineConfig } from '../../lib/engine/config';
import { restrictToTowns } from '../../lib/engine/town-scope';
import { ALL_RULES } from '../../lib/rules/registry';
import { batchCheck } from '../../lib/use-cases/batch-check';
import { loadDistrictInput } from '../../lib/use-cases/load-district';
import { startTestRuntime } from '../helpers/local-stack';
import { mergeInputs, otherDistrict, sampleDistrict, storedRecords } from '../../lib/sample/province';

type TestRuntime = Awaited<ReturnType<typeof startTestRuntime>>;
let rt: TestRuntime;
const a = sampleDistrict(3);
const b = otherDistrict(5);
const province = mergeInputs(a, b);
const townsOf = (d: typeof a) => [...new Set(d.units.map((u) => u.town_code))].sort();

beforeAll(async () => {
  rt = await startTestRuntime();
  const records = storedRecords(province);
  for (let i = 0; i < records.length; i += 500) await rt.records.writeNew(records.slice(i, i + 500));
}, 240_000);
afterAll(async () => {
  await rt?.dispose();
});

const canonical = (d: typeof a) => Object.fromEntries(RECORD_KINDS.map((k) => [k, (d[k] as unknown[]).map((r) => JSON.stringify(r, Object.keys(r as object).sort())).sort()]));

describe('reading one district of a province table by key (dynalite)', () => {
  it("GIVEN two districts stored THEN the town list is both districts' towns", async () => {
    expect(await rt.townReader.townCodes()).toEqual([...townsOf(a), ...townsOf(b)].sort());
  });

  it("GIVEN one district's towns THEN the key queries return exactly what the scope definition selects from the whole table", async () => {
    const whole = await loadDistrictInput(rt.records);
    for (const d of [a, b]) {
      const byKey = await loadDistrictInput(rt.records, { reader: rt.townReader, towns: townsOf(d) });
      expect(byKey.units.length).toBe(d.units.length);
      expect(canonical(byKey)).toEqual(canonical(restrictToTowns(whole, townsOf(d))));
    }
  });

  it('GIVEN the district plan THEN a check of one shard stores only findings about that district', async () => {
    const deps = { records: rt.records, findings: rt.findings, clock: { now: () => new Date('2025-01-20T00:00:00Z') }, townReader: rt.townReader };
    const plan = await batchCheck(deps, ALL_RULES, engineConfig(), { action: 'plan', by: 'district' });
    expect(plan).toEqual({
      shards: [
        { district: '371302', towns: townsOf(a) },
        { district: '371311', towns: townsOf(b) },
      ],
    });
    const result = await batchCheck(deps, ALL_RULES, engineConfig(), { action: 'check', shard: { district: '371311', towns: townsOf(b) } });
    expect(result).toMatchObject({ errors: [] });
    const stored = await rt.findings.list();
    expect(stored.length).toBeGreaterThan(20);
    const bUnits = new Set(b.units.map((u) => u.unit_id));
    for (const f of stored)
      if (f.unit_ids.length)
        expect(
          f.unit_ids.some((id) => bUnits.has(id)),
          f.rule_id,
        ).toBe(true);
  });
});
