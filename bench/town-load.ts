/**
 * Province batch checks read one district per shard by key. This prints how long that read
 * takes against the whole-table scan a district deployment does, on dynalite, with a province
 * of several sample districts. Usage: npm run bench:town-load [-- --districts 4 --rounds 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from 'simple-statistics';
import { loadConfig } from '../lib/adapters/config';
import { openRuntime } from '../lib/adapters/runtime';
import { districtShards } from '../lib/engine/town-scope';
import { mergeInputs, otherDistrict, sampleDistrict, storedRecords } from '../lib/sample/province';
import { loadDistrictInput } from '../lib/use-cases/load-district';

const { values } = parseArgs({ options: { districts: { type: 'string', default: '4' }, rounds: { type: 'string', default: '3' } } });
const DISTRICTS = Number(values.districts);
const ROUNDS = Number(values.rounds);
const TAGS = ['B', 'C', 'D', 'E', 'F', 'G', 'H', 'K'];

let province = sampleDistrict(3);
for (let i = 1; i < DISTRICTS; i++) province = mergeInputs(province, otherDistrict(3 + i, { district: String(371310 + i), tag: TAGS[i - 1]!, ipOctet: 218 + i }));
const records = storedRecords(province);

const dir = mkdtempSync(join(tmpdir(), 'statsentry-bench-town-'));
const rt = await openRuntime(loadConfig({ STATSENTRY_DATA_DIR: dir }));
try {
  for (let i = 0; i < records.length; i += 1000) await rt.records.writeNew(records.slice(i, i + 1000));
  const shards = districtShards(await rt.townReader.townCodes());
  console.log(`省 province: ${DISTRICTS} districts, ${province.units.length} units, ${records.length} records; ${shards.length} district shards`);
  const whole: number[] = [];
  const scoped: number[] = [];
  let scopedRecords = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let t = performance.now();
    await loadDistrictInput(rt.records);
    whole.push((performance.now() - t) / 1000);
    t = performance.now();
    scopedRecords = 0;
    for (const shard of shards) {
      const input = await loadDistrictInput(rt.records, { reader: rt.townReader, towns: shard.towns });
      scopedRecords += Object.values(input).reduce((n, rows) => n + (rows as unknown[]).length, 0);
    }
    scoped.push((performance.now() - t) / 1000);
    console.log(`  round ${round + 1}: whole-table scan 整表扫描 ${whole[round]!.toFixed(2)} s; every district by key 逐区按键读取 ${scoped[round]!.toFixed(2)} s`);
  }
  console.log(`整表扫描 whole-table scan, median: ${median(whole).toFixed(2)} s (once per shard in a by-owner plan)`);
  console.log(
    `逐区读取 all ${shards.length} districts by key, median: ${median(scoped).toFixed(2)} s (${(median(scoped) / shards.length).toFixed(2)} s a district); records read ${scopedRecords} of ${records.length}`,
  );
  console.log(`ratio 比值 (all districts by key / one whole scan), medians: ${(median(scoped) / median(whole)).toFixed(2)}`);
} finally {
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
}
