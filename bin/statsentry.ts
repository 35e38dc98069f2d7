import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/adapters/config';
import { openRuntime } from '../lib/adapters/runtime';
import { runDemo } from '../lib/cli/demo-command';
import { runIngestCommand } from '../lib/cli/ingest-command';
import type { CliIo } from '../lib/cli/io';
import { writeSample } from '../lib/cli/sample-command';
import { runStatsCommand } from '../lib/cli/stats-command';
import { StatsentryError } from '../lib/domain/errors';

const USAGE = `statsentry — 统计造假与名录变更核查 / checks for statistical fraud and register changes

用法 usage:
  statsentry ingest PATH… [--kind KIND] [--replace] [--json]   导入文件或目录 / ingest files or folders
  statsentry stats [--json]                                      各类记录数 / record counts per kind
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
  if (!['ingest', 'stats', 'demo'].includes(command)) {
    console.error(`未知命令 unknown command: ${command}\n\n${USAGE}`);
    return 2;
  }
  const runtime = await openRuntime(loadConfig());
  try {
    if (command === 'ingest') {
      if (!positionals.length) throw new UsageError('ingest 需要文件或目录 / ingest needs at least one file or folder');
      const report = await runIngestCommand(runtime, { paths: positionals, kind: values.kind, replace: values.replace, json: values.json }, io);
      return report.files.some((f) => f.file_error) ? 1 : 0;
    }
    if (command === 'stats') await runStatsCommand(runtime.records, { json: values.json }, io);
    if (command === 'demo') await runDemo(runtime, io);
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
