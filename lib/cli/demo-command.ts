import { join } from 'node:path';
import type { Runtime } from '../adapters/runtime';
import { runIngestCommand } from './ingest-command';
import { println, type CliIo } from './io';
import { writeSample } from './sample-command';
import { runStatsCommand } from './stats-command';
import type { EngineConfig } from '../engine/config';
import { runCheckCommand } from './check-command';

/**
 * The main job on the sample district (`npm start`): load the sample if the store is empty,
 * run the checks that exist, print what the store holds.
 */
export async function runDemo(rt: Runtime, engine: EngineConfig, io: CliIo): Promise<void> {
  println(io.stdout, `statsentry — 本地数据目录 local data: ${rt.config.dataDir}`);
  const before = await rt.records.countByKind();
  const stored = Object.values(before).reduce((s, n) => s + (n ?? 0), 0);
  if (stored === 0) {
    const dir = join(rt.config.dataDir, 'sample');
    const sample = await writeSample(dir);
    println(io.stdout, `生成样例数据 generated the sample district: ${sample.rows} rows in ${dir}`);
    await runIngestCommand(rt, { paths: [dir] }, io);
  } else {
    println(io.stdout, `库中已有 ${stored} 条记录，跳过导入 / store already holds ${stored} records; ingest skipped`);
  }
  println(io.stdout);
  await runStatsCommand(rt.records, {}, io);
  println(io.stdout);
  // The sample district is Lanshan (371302); a configured district code wins.
  await runCheckCommand(rt, { ...engine, districtCode: engine.districtCode ?? '371302' }, {}, io);
}
