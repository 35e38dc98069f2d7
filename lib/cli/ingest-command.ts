import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { baseName } from '../contract/detect';
import { RECORD_KINDS } from '../domain/kinds';
import type { FileReport, IngestReport } from '../use-cases/ingest-report';
import { summarise } from '../use-cases/ingest-report';
import { ingestFile, type IngestDeps } from '../use-cases/ingest';
import { println, type CliIo } from './io';
import { ProgressBar } from './progress';
import { renderTable } from './table';

export interface IngestCommandOptions {
  paths: string[];
  kind?: string;
  replace?: boolean;
  json?: boolean;
}

/** Files named directly, and every file under named folders, in contract load order. */
export async function collectFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path);
    if (info.isDirectory()) {
      for (const entry of await readdir(path, { withFileTypes: true, recursive: true })) {
        // Inside a folder only contract formats are taken; READMEs and notes beside the data are left alone.
        if (entry.isFile() && /\.(csv|xlsx|jsonl|ndjson)$/i.test(entry.name)) files.push(join(entry.parentPath, entry.name));
      }
    } else files.push(path);
  }
  const rank = (f: string) => {
    const i = RECORD_KINDS.findIndex((k) => baseName(f).startsWith(k + '.') || baseName(f).startsWith(k + '-'));
    return i < 0 ? RECORD_KINDS.length : i;
  };
  return files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Rough row count for the progress bar: newline count (exact for CSV/JSONL without quoted newlines). */
function estimateRows(body: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < body.length; i++) if (body[i] === 10) n++;
  return Math.max(1, n);
}

export async function runIngestCommand(deps: IngestDeps, opts: IngestCommandOptions, io: CliIo): Promise<IngestReport> {
  const files = await collectFiles(opts.paths);
  const bodies = new Map<string, Uint8Array>();
  for (const f of files) bodies.set(f, await readFile(f));
  const bar = new ProgressBar(
    '导入 ingest',
    [...bodies.values()].reduce((s, b) => s + estimateRows(b), 0),
    io.stderr,
    io.interactive && !opts.json,
  );
  const reports: FileReport[] = [];
  for (const file of files) {
    const body = bodies.get(file)!;
    const report = await ingestFile(deps, { name: file, body, kind: opts.kind, replace: opts.replace, onRows: (n) => bar.tick(n) });
    reports.push(report);
  }
  bar.finish();
  const summary = summarise(reports);
  if (opts.json) println(io.stdout, JSON.stringify(summary));
  else println(io.stdout, formatIngestSummary(summary));
  return summary;
}

export function formatIngestSummary(summary: IngestReport): string {
  const rows = summary.files.map((f) => [baseName(f.file), f.kind ?? '—', f.read, f.accepted, f.unchanged, f.rejected]);
  const out = [renderTable(['文件 file', '类型 kind', '读取 read', '接收 accepted', '未变 unchanged', '拒绝 rejected'], rows)];
  for (const f of summary.files) {
    if (f.file_error) out.push(`✗ ${baseName(f.file)}: ${f.file_error.reason_zh} / ${f.file_error.reason_en}`);
    for (const w of f.warnings) out.push(`! ${baseName(f.file)}: ${w.reason_zh} / ${w.reason_en}`);
    for (const r of f.rejections.slice(0, 5)) {
      out.push(`  ${baseName(f.file)} 第${r.line}行 line ${r.line}${r.column ? ` [${r.column}=${r.value ?? ''}]` : ''}: ${r.reason_zh} / ${r.reason_en}`);
    }
    const more = f.rejections.length - 5 + f.rejections_truncated;
    if (more > 0) out.push(`  … 另有 ${more} 条拒绝原因见报告 / ${more} more in the report ${f.report_key ?? ''}`);
  }
  return out.join('\n');
}
