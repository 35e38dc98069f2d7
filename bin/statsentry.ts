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
import { StatsentryError } from '../lib/domain/errors';

const USAGE = `statsentry — 统计造假与名录变更核查 / checks for statistical fraud and register changes

用法 usage:
  statsentry ingest PATH… [--kind KIND] [--replace] [--json]   导入文件或目录 / ingest files or folders
  statsentry stats [--json]                                      各类记录数 / record counts per kind
  statsentry check [--period YYYY-MM] [--town CODE] [--rule ID…] [--json]
                                                                 运行检查规则 / run the detection rules
  statsentry findings [--format jsonl|csv] [--out FILE]          导出线索 / export findings
  statsentry register [--json]                                    名录库状态与线索 / register state and its findings
  statsentry sample [--out DIR] [--seed N]                       生成样例区数据 / write the sample district
  statsentry demo                                                样例演示（npm start）/ the main job on sample data`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr, interactive: Boolean(process.stderr.isTTY) && !process.env.CI };
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
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
