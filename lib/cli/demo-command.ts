import { join } from 'node:path';
import type { Runtime } from '../adapters/runtime';
import { runIngestCommand } from './ingest-command';
import { println, type CliIo } from './io';
import { writeSample } from './sample-command';
import { runStatsCommand } from './stats-command';
import type { EngineConfig } from '../engine/config';
import { runCheckCommand } from './check-command';
import { exportCaseFiles } from './cases-command';
import { byReviewPriority } from '../cases/model';

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
  const result = await runCheckCommand(rt, { ...engine, districtCode: engine.districtCode ?? '371302' }, {}, io);
  await printCasePages(rt, result.cases ? [...result.cases.created, ...result.cases.updated].map((c) => c.case_id) : [], io);
}

/** Where the riskiest cases' pages are, so the reviewer can open one straight away. */
async function printCasePages(rt: Runtime, touched: string[], io: CliIo): Promise<void> {
  const all = await rt.cases.list();
  const open = all.filter((c) => c.status !== 'closed' && c.status !== 'dismissed');
  println(io.stdout);
  println(io.stdout, `案件库 case store: ${all.length} 件案件 cases, ${open.length} 件待处理 open; 本次新建或更新 ${touched.length} 件 created or versioned by this run`);
  // The stored objects are s3rver files without an .html name; export the riskiest for a browser.
  const pages = join(rt.config.dataDir, 'case-pages');
  for (const c of [...open].sort(byReviewPriority).slice(0, 5)) {
    const exported = await exportCaseFiles({ cases: rt.cases, blobs: rt.caseBlobs }, c.case_id, join(pages, c.case_id));
    println(io.stdout, `  ${c.case_id}  ${c.severity}  risk ${c.risk.toFixed(2)}  ${join(exported.dir, 'case.html')}`);
  }
  println(io.stdout, '查看 view: statsentry cases show ID · 导出 export: statsentry cases export ID --out DIR · 页面 page: statsentry cases open ID · 审核页面 review page: statsentry serve');
}
