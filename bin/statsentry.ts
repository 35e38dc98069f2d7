import { parseArgs } from 'node:util';
import { writeFile } from 'node:fs/promises';
import { loadConfig, loadEngineConfig } from '../lib/adapters/config';
import { findingsToCsv, findingsToJsonl, runCheckCommand, sortFindings } from '../lib/cli/check-command';
import { openRuntime } from '../lib/adapters/runtime';
import { runDemo } from '../lib/cli/demo-command';
import { runIngestCommand } from '../lib/cli/ingest-command';
import type { CliIo } from '../lib/cli/io';
import { writeSample } from '../lib/cli/sample-command';
import { runStatsCommand } from '../lib/cli/stats-command';
import { runRegisterCommand } from '../lib/cli/register-command';
import { runBenfordTool, runHbTool, ToolInputError } from '../lib/cli/stats-tools-command';
import { StatsentryError } from '../lib/domain/errors';
import { runRulesCommand } from '../lib/cli/rules-command';
import { ALL_RULES } from '../lib/rules/registry';
import { ENFORCE_RULES } from '../lib/rules/enforce';
import { join } from 'node:path';
import { CASES_USAGE, runCasesCli } from '../lib/cli/cases-command';
import { INSPECT_USAGE, runInspectCli } from '../lib/cli/inspect-command';
import { runSelfInspectCli, SELF_INSPECT_USAGE } from '../lib/cli/self-inspect-command';
import { StorePeerStats } from '../lib/use-cases/self-inspect-peer-stats';
import { runServeCli } from '../lib/cli/serve-command';

const USAGE = `statsentry — 统计造假与名录变更核查 / checks for statistical fraud and register changes

用法 usage:
  statsentry ingest PATH… [--kind KIND] [--replace] [--json]   导入文件或目录 / ingest files or folders
  statsentry stats [--json]                                      各类记录数 / record counts per kind
  statsentry stats benford FILE --column NAME [--digits 1|2] [--json]
                                                                 本福德检验 / Benford test of a CSV column
  statsentry stats hb FILE --id COL --x1 COL --x2 COL [--u 0.5 --a 0.05 --c 4 --quantile type7|type6] [--json]
                                                                 HB 离群值 / Hidiroglou–Berthelot outliers
  statsentry check [--period YYYY-MM] [--town CODE] [--rule ID|FAMILY.*…] [--json]
                                                                 运行检查规则 / run the detection rules
  statsentry findings [--format jsonl|csv] [--out FILE]          导出线索 / export findings
  statsentry register [--json]                                    名录库状态与线索 / register state and its findings
  statsentry rules [--json]                                      规则及其参数 / the rules and their effective parameters
  statsentry cases list|show|export|decide|close-item|open …     案件与处理 / cases and decisions (statsentry cases --help)
  statsentry inspect draw|show|list|verify …                     双随机抽查 / double-random inspection draws (statsentry inspect --help)
  statsentry self-inspect FILE --unit ID | [FILE] --town CODE | ledger | fix …
                                                                 自查自纠 / self-inspection (statsentry self-inspect --help)
  statsentry serve [--port 8080] [--user NAME]                  评审页面与接口 / the review page and HTTP API (statsentry serve --help)
  statsentry sample [--out DIR] [--seed N]                       生成样例区数据 / write the sample district
  statsentry demo                                                样例演示（npm start）/ the main job on sample data`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr, interactive: Boolean(process.stderr.isTTY) && !process.env.CI };
  // serve parses its own arguments and runs until Ctrl+C; the runtime closes after it.
  if (command === 'serve') {
    const runtime = await openRuntime(loadConfig());
    try {
      const { records, findings, draws, blobs, clock } = runtime;
      return await runServeCli({ cases: runtime.cases, caseBlobs: runtime.caseBlobs, clock, draw: { records, findings, draws, blobs, clock } }, rest, io);
    } finally {
      await runtime.close();
    }
  }
  // self-inspect parses its own arguments (a file, --unit / --town, ledger, fix …).
  if (command === 'self-inspect') {
    if (!rest.length || rest.includes('--help') || rest.includes('-h')) {
      console.log(SELF_INSPECT_USAGE);
      return rest.length ? 0 : 2;
    }
    const appConfig = loadConfig();
    const runtime = await openRuntime(appConfig);
    try {
      const { official, ledger, blobs, clock, usccAllowList, records } = runtime;
      return await runSelfInspectCli(
        { official, ledger, peers: new StorePeerStats(records, clock), reports: blobs, uploads: blobs, clock, usccAllowList, config: loadEngineConfig(appConfig) },
        rest,
        io,
      );
    } finally {
      await runtime.close();
    }
  }
  // inspect parses its own arguments (draw --count --seed --inspectors …, show, list, verify).
  if (command === 'inspect') {
    if (!rest.length || rest.includes('--help') || rest.includes('-h')) {
      console.log(INSPECT_USAGE);
      return rest.length ? 0 : 2;
    }
    const appConfig = loadConfig();
    const runtime = await openRuntime(appConfig);
    try {
      const { records, findings, draws, blobs, clock } = runtime;
      return await runInspectCli({ records, findings, draws, blobs, clock }, rest, io, { localBucketDir: runtime.localStack ? join(appConfig.dataDir, 's3', appConfig.bucketName) : undefined });
    } finally {
      await runtime.close();
    }
  }
  // The cases command parses its own arguments (decide, close-item … have their own options).
  if (command === 'cases') {
    if (!rest.length || rest.includes('--help') || rest.includes('-h')) {
      console.log(CASES_USAGE);
      return rest.length ? 0 : 2;
    }
    const appConfig = loadConfig();
    const runtime = await openRuntime(appConfig);
    try {
      return await runCasesCli({ cases: runtime.cases, blobs: runtime.caseBlobs, clock: runtime.clock }, rest, io, {
        localBucketDir: runtime.localStack ? join(appConfig.dataDir, 's3', appConfig.casesBucketName) : undefined,
      });
    } finally {
      await runtime.close();
    }
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      kind: { type: 'string' },
      replace: { type: 'boolean', default: false },
      out: { type: 'string' },
      seed: { type: 'string' },
      period: { type: 'string' },
      town: { type: 'string' },
      rule: { type: 'string', multiple: true },
      format: { type: 'string', default: 'jsonl' },
      column: { type: 'string' },
      digits: { type: 'string', default: '2' },
      id: { type: 'string' },
      x1: { type: 'string' },
      x2: { type: 'string' },
      u: { type: 'string', default: '0.5' },
      a: { type: 'string', default: '0.05' },
      c: { type: 'string', default: '4' },
      quantile: { type: 'string', default: 'type7' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (!command || command === 'help' || values.help) {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  if (command === 'sample') {
    const result = await writeSample(values.out ?? 'sample-data', { seed: values.seed ? Number(values.seed) : undefined });
    console.log(`已写出 wrote ${result.rows} rows into ${values.out ?? 'sample-data'} (${result.truth.injected.length} injected cases, see truth.json)`);
    return 0;
  }
  if (command === 'stats' && (positionals[0] === 'benford' || positionals[0] === 'hb')) {
    const file = positionals[1];
    if (!file) throw new UsageError('需要 CSV 文件 / a CSV file is required');
    if (positionals[0] === 'benford') {
      if (!values.column) throw new UsageError('benford 需要 --column / benford needs --column');
      if (values.digits !== '1' && values.digits !== '2') throw new UsageError('--digits 须为 1 或 2 / --digits must be 1 or 2');
      await runBenfordTool(file, { column: values.column, digits: Number(values.digits) as 1 | 2, json: values.json }, io);
    } else {
      if (!values.id || !values.x1 || !values.x2) throw new UsageError('hb 需要 --id --x1 --x2 / hb needs --id, --x1 and --x2');
      if (values.quantile !== 'type7' && values.quantile !== 'type6') throw new UsageError('--quantile 须为 type7 或 type6 / --quantile must be type7 or type6');
      const [u, a, c] = [Number(values.u), Number(values.a), Number(values.c)];
      if (![u, a, c].every(Number.isFinite)) throw new UsageError('--u --a --c 须为数字 / --u, --a and --c must be numbers');
      await runHbTool(file, { id: values.id, x1: values.x1, x2: values.x2, u, a, c, quantile: values.quantile, json: values.json }, io);
    }
    return 0;
  }
  if (command === 'rules') {
    const appConfig = loadConfig();
    runRulesCommand([...ALL_RULES, ...ENFORCE_RULES], loadEngineConfig(appConfig), { json: values.json }, io);
    return 0;
  }
  if (!['ingest', 'stats', 'demo', 'check', 'findings', 'register'].includes(command)) {
    console.error(`未知命令 unknown command: ${command}\n\n${USAGE}`);
    return 2;
  }
  const appConfig = loadConfig();
  const engine = loadEngineConfig(appConfig);
  if (values.period !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.period)) throw new UsageError('--period 须为 YYYY-MM / --period must be YYYY-MM');
  if (!['jsonl', 'csv'].includes(values.format ?? 'jsonl')) throw new UsageError('--format 须为 jsonl 或 csv / --format must be jsonl or csv');
  const runtime = await openRuntime(appConfig);
  try {
    if (command === 'ingest') {
      if (!positionals.length) throw new UsageError('ingest 需要文件或目录 / ingest needs at least one file or folder');
      const report = await runIngestCommand(runtime, { paths: positionals, kind: values.kind, replace: values.replace, json: values.json }, io);
      return report.files.some((f) => f.file_error) ? 1 : 0;
    }
    if (command === 'stats') await runStatsCommand(runtime.records, { json: values.json }, io);
    if (command === 'demo') await runDemo(runtime, engine, io);
    if (command === 'check') {
      const result = await runCheckCommand(runtime, engine, { period: values.period, town: values.town, ruleIds: values.rule, json: values.json }, io);
      return result.rules.some((r) => r.error) ? 1 : 0;
    }
    if (command === 'register') await runRegisterCommand(runtime, { json: values.json }, io);
    if (command === 'findings') {
      const findings = sortFindings(await runtime.findings.list());
      const text = values.format === 'csv' ? findingsToCsv(findings) : findingsToJsonl(findings);
      if (values.out) {
        await writeFile(values.out, text);
        console.error(`已导出 ${findings.length} 条线索 / exported ${findings.length} findings to ${values.out}`);
      } else process.stdout.write(text);
    }
    return 0;
  } finally {
    await runtime.close();
  }
}

class UsageError extends StatsentryError {}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const e = err as Error;
    console.error(e instanceof StatsentryError ? e.message : (e.stack ?? String(e)));
    process.exit(e instanceof UsageError || e instanceof ToolInputError ? 2 : 1);
  },
);
