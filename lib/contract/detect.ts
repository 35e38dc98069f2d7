import { FileRejectedError } from '../domain/errors';
import { isRecordKind, RECORD_KINDS, type RecordKind } from '../domain/kinds';
import type { FileFormat } from './parsers/types';

/** The file name's last path segment, whether it came as a local path or an S3 key. */
export function baseName(pathOrKey: string): string {
  const parts = pathOrKey.split(/[\\/]/);
  return parts[parts.length - 1] ?? pathOrKey;
}

/**
 * The contract names the kind by the file name up to its first `-` or `.`, by an S3 prefix
 * `<kind>/…`, or explicitly; an explicit kind wins, then the prefix, then the name.
 */
export function detectKind(pathOrKey: string, explicit?: string): RecordKind {
  if (explicit !== undefined) {
    if (isRecordKind(explicit)) return explicit;
    throw unknownKind(explicit);
  }
  const segments = pathOrKey.split('/').filter(Boolean);
  for (const segment of segments.slice(0, -1)) if (isRecordKind(segment)) return segment;
  const stem = baseName(pathOrKey).split(/[-.]/)[0] ?? '';
  if (isRecordKind(stem)) return stem;
  throw unknownKind(baseName(pathOrKey));
}

function unknownKind(what: string): FileRejectedError {
  return new FileRejectedError(`无法识别文件类型「${what}」，应为：${RECORD_KINDS.join('、')}`, `unknown kind of file "${what}"; expected one of: ${RECORD_KINDS.join(', ')}`);
}

export function detectFormat(pathOrKey: string): FileFormat {
  const lower = baseName(pathOrKey).toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  throw new FileRejectedError(`不支持的文件格式「${baseName(pathOrKey)}」，应为 .csv、.xlsx 或 .jsonl`, `unsupported file format "${baseName(pathOrKey)}"; expected .csv, .xlsx or .jsonl`);
}
