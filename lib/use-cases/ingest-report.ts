import type { RecordKind } from '../domain/kinds';

export interface RowRejection {
  line: number;
  column: string | null;
  value: string | null;
  reason_zh: string;
  reason_en: string;
}

export interface RowCounts {
  read: number;
  accepted: number;
  rejected: number;
  unchanged: number;
}

/** What happened to one file. `read = accepted + rejected + unchanged` always holds. */
export interface FileReport extends RowCounts {
  file: string;
  kind: RecordKind | null;
  format: string | null;
  sha256: string;
  bytes: number;
  raw_key: string | null;
  report_key: string | null;
  /** The whole file was refused (empty, unknown kind, unreadable): nothing of it was stored. */
  file_error: { reason_zh: string; reason_en: string } | null;
  warnings: { reason_zh: string; reason_en: string }[];
  /** Every rejected row's problems (at most MAX_LISTED; `rejections_truncated` says how many more). */
  rejections: RowRejection[];
  rejections_truncated: number;
  started_at: string;
  finished_at: string;
}

export interface IngestReport {
  files: FileReport[];
  totals: Partial<Record<RecordKind, RowCounts>>;
}

export function emptyCounts(): RowCounts {
  return { read: 0, accepted: 0, rejected: 0, unchanged: 0 };
}

export function summarise(files: FileReport[]): IngestReport {
  const totals: Partial<Record<RecordKind, RowCounts>> = {};
  for (const f of files) {
    if (!f.kind) continue;
    const t = (totals[f.kind] ??= emptyCounts());
    t.read += f.read;
    t.accepted += f.accepted;
    t.rejected += f.rejected;
    t.unchanged += f.unchanged;
  }
  return { files, totals };
}
