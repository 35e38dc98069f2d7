import { FileRejectedError } from '../domain/errors';
import type { RecordKind } from '../domain/kinds';
import { baseName, detectFormat, detectKind } from '../contract/detect';
import { fingerprint, sha256Hex } from '../contract/fingerprint';
import { parseCsv } from '../contract/parsers/csv';
import { parseJsonl } from '../contract/parsers/jsonl';
import { parseXlsx } from '../contract/parsers/xlsx';
import type { FileFormat, ParsedFile } from '../contract/parsers/types';
import { buildSchemas, knownColumns, type Schemas } from '../contract/schemas';
import { contractKey, validateRow } from '../contract/validate-row';
import type { BlobStore } from '../ports/blob-store';
import type { Clock } from '../ports/clock';
import type { RecordStore, StoredRecord, WriteOutcome } from '../ports/record-store';
import type { FileReport, RowRejection } from './ingest-report';

export interface IngestDeps {
  records: RecordStore;
  blobs: BlobStore;
  clock: Clock;
  usccAllowList: ReadonlySet<string>;
}

export interface IngestOptions {
  /** Path or S3 key; names the kind and format unless `kind` is given. */
  name: string;
  body: Uint8Array;
  kind?: string;
  /** Explicit reload of reference records: differing stored versions move to history. */
  replace?: boolean;
  /** Called as rows are written, for progress bars. */
  onRows?: (rows: number) => void;
}

/** Rows per store call: BatchGetItem's limit. */
const CHUNK = 100;
/** Chunks written concurrently. */
const IN_FLIGHT = 8;
const MAX_LISTED = 10_000;

const schemaCache = new WeakMap<ReadonlySet<string>, Schemas>();

function schemasFor(allowList: ReadonlySet<string>): Schemas {
  let schemas = schemaCache.get(allowList);
  if (!schemas) schemaCache.set(allowList, (schemas = buildSchemas({ usccAllowList: allowList })));
  return schemas;
}

const PARSERS: Record<FileFormat, (body: Uint8Array) => Promise<ParsedFile>> = {
  csv: parseCsv,
  xlsx: parseXlsx,
  jsonl: parseJsonl,
};

export function rawKeyFor(kind: RecordKind | 'unknown', sha256: string, name: string): string {
  return `raw/${kind}/${sha256.slice(0, 16)}/${safeName(name)}`;
}

export function reportKeyFor(kind: RecordKind | 'unknown', sha256: string, name: string): string {
  return `reports/ingest/${kind}/${sha256.slice(0, 16)}/${safeName(name)}.json`;
}

/** Keeps a file name usable as the last segment of an object key. */
function safeName(name: string): string {
  return (
    baseName(name)
      .replace(/[^\p{L}\p{N}._-]+/gu, '_')
      .slice(0, 200) || 'file'
  );
}

/**
 * Ingests one file: validates every row, writes the valid ones idempotently, keeps the raw
 * upload and writes the report beside it. Bad rows never stop the file; a bad file never
 * touches stored records.
 */
export async function ingestFile(deps: IngestDeps, opts: IngestOptions): Promise<FileReport> {
  const sha256 = sha256Hex(opts.body);
  const report: FileReport = {
    file: opts.name,
    kind: null,
    format: null,
    sha256,
    bytes: opts.body.byteLength,
    raw_key: null,
    report_key: null,
    file_error: null,
    read: 0,
    accepted: 0,
    rejected: 0,
    unchanged: 0,
    warnings: [],
    rejections: [],
    rejections_truncated: 0,
    started_at: deps.clock.now().toISOString(),
    finished_at: '',
  };
  let kind: RecordKind | undefined;
  try {
    kind = detectKind(opts.name, opts.kind);
    report.kind = kind;
    const format = detectFormat(opts.name);
    report.format = format;
    report.raw_key = rawKeyFor(kind, sha256, opts.name);
    await deps.blobs.put(report.raw_key, opts.body, contentTypeOf(format));
    if (opts.body.byteLength === 0) throw new FileRejectedError('空文件', 'empty file');
    const parsed = await PARSERS[format](opts.body);
    await ingestRows(deps, kind, parsed, opts, report);
  } catch (err) {
    if (!(err instanceof FileRejectedError)) throw err;
    report.file_error = { reason_zh: err.reasonZh, reason_en: err.reasonEn };
  }
  report.finished_at = deps.clock.now().toISOString();
  report.report_key = reportKeyFor(kind ?? 'unknown', sha256, opts.name);
  await deps.blobs.put(report.report_key, JSON.stringify(report, null, 2), 'application/json');
  return report;
}

function contentTypeOf(format: FileFormat): string {
  return format === 'csv' ? 'text/csv' : format === 'jsonl' ? 'application/x-ndjson' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
}

async function ingestRows(deps: IngestDeps, kind: RecordKind, parsed: ParsedFile, opts: IngestOptions, report: FileReport) {
  const schemas = schemasFor(deps.usccAllowList);
  const known = new Set(knownColumns(schemas, kind));
  const unknown = parsed.columns.filter((c) => !known.has(c));
  if (unknown.length) {
    report.warnings.push({
      reason_zh: `未知列已作为附加字段保留：${unknown.join('、')}`,
      reason_en: `unknown columns kept as extra: ${unknown.join(', ')}`,
    });
  }
  const replace = Boolean(opts.replace) && kind !== 'submissions';
  if (opts.replace && !replace) {
    report.warnings.push({
      reason_zh: '月报从不替换：更正请以下一个 revision 报送；本文件按普通导入处理',
      reason_en: 'submissions are never replaced: corrections are filed as the next revision; this file was ingested normally',
    });
  }
  const reject = (r: RowRejection) => {
    if (report.rejections.length < MAX_LISTED) report.rejections.push(r);
    else report.rejections_truncated++;
  };
  // The first row of a key in this file is the one written; later rows are compared with it.
  const seenInFile = new Map<string, { line: number; fingerprint: string }>();
  const inFlight = new Set<Promise<void>>();
  let chunk: StoredRecord[] = [];

  const flush = async () => {
    const records = chunk;
    chunk = [];
    if (!records.length) return;
    const write = (replace ? deps.records.replace(records) : deps.records.writeNew(records)).then((outcomes) => {
      outcomes.forEach((outcome, i) => tally(report, records[i]!, outcome, reject));
      opts.onRows?.(records.length);
    });
    const tracked = write.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
  };

  for await (const item of parsed.lines) {
    report.read++;
    if ('broken' in item) {
      report.rejected++;
      const b = item.broken;
      reject({ line: b.line, column: b.column ?? null, value: b.value ?? null, reason_zh: b.reason.zh, reason_en: b.reason.en });
      continue;
    }
    const result = validateRow(schemas, kind, known, item.row);
    if (!result.ok) {
      report.rejected++;
      for (const p of result.problems) reject({ ...p, value: p.value ?? null });
      continue;
    }
    const key = contractKey(kind, result.values);
    const fp = fingerprint(result.values);
    const earlier = seenInFile.get(key);
    if (earlier) {
      if (earlier.fingerprint === fp) report.unchanged++;
      else {
        report.rejected++;
        reject({
          line: result.line,
          column: null,
          value: key,
          reason_zh: `主键与本文件第 ${earlier.line} 行相同但取值不同`,
          reason_en: `same key as line ${earlier.line} of this file with different values`,
        });
      }
      continue;
    }
    seenInFile.set(key, { line: result.line, fingerprint: fp });
    chunk.push({ kind, key, values: result.values, extra: result.extra, fingerprint: fp, source: { file: baseName(opts.name), line: result.line, sha256: report.sha256 } });
    if (chunk.length >= CHUNK) await flush();
  }
  await flush();
  await Promise.all(inFlight);
}

function tally(report: FileReport, record: StoredRecord, outcome: WriteOutcome, reject: (r: RowRejection) => void) {
  if (outcome.status === 'accepted') report.accepted++;
  else if (outcome.status === 'unchanged') report.unchanged++;
  else {
    report.rejected++;
    const column = firstDifference(record.values, outcome.existing);
    reject({
      line: record.source.line,
      column,
      value: column === null ? record.key : stringOrNull(record.values[column]),
      reason_zh:
        column === null
          ? '主键已存在且取值不同（冲突）'
          : `主键已存在且取值不同（冲突）：已存 ${column}=${stringOrNull(outcome.existing[column]) ?? '空'}` +
            (record.kind === 'submissions' ? '；更正请以下一个 revision 报送' : '；参考记录仅可通过 --replace 重新加载'),
      reason_en:
        column === null
          ? 'key already stored with different values (conflict)'
          : `key already stored with different values (conflict): stored ${column}=${stringOrNull(outcome.existing[column]) ?? 'empty'}` +
            (record.kind === 'submissions' ? '; file a correction as the next revision' : '; reference records change only with --replace'),
    });
  }
}

function stringOrNull(v: unknown): string | null {
  return v === undefined || v === null ? null : String(v);
}

function firstDifference(a: Record<string, unknown>, b: Record<string, unknown>): string | null {
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (stringOrNull(a[k]) !== stringOrNull(b[k])) return k;
  }
  return null;
}
