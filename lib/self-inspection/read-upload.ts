import type { Bilingual } from '../contract/messages';
import { detectFormat } from '../contract/detect';
import { fingerprint } from '../contract/fingerprint';
import { parseCsv } from '../contract/parsers/csv';
import { parseJsonl } from '../contract/parsers/jsonl';
import { parseXlsx } from '../contract/parsers/xlsx';
import type { FileFormat, ParsedFile } from '../contract/parsers/types';
import type { RegisterEventRecord, Schemas, SubmissionRecord } from '../contract/schemas';
import { compactUscc } from '../contract/uscc';
import { validateRow } from '../contract/validate-row';
import { FileRejectedError } from '../domain/errors';
import { kindColumns, rowKind } from './row-kind';
import { MAX_UPLOAD_ROWS, tooManyRows } from './upload-key';

/** A row of the file that was not read, with the reason in both languages (as the contract asks). */
export interface RejectedRow {
  line: number;
  /** The row's own unit when it is one this upload may speak for (so that a town's units each see their rows). */
  unit_id?: string;
  column: string | null;
  value: string | null;
  reason_zh: string;
  reason_en: string;
}

export interface UploadRows {
  format: FileFormat;
  /** Data rows in the file. */
  read: number;
  /** Valid rows by unit id (one unit for a unit's upload; a town's units for a town's). */
  byUnit: Map<string, { submissions: SubmissionRecord[]; registerEvents: RegisterEventRecord[] }>;
  rejected: RejectedRow[];
  warnings: { reason_zh: string; reason_en: string }[];
}

const PARSERS: Record<FileFormat, (body: Uint8Array) => Promise<ParsedFile>> = { csv: parseCsv, xlsx: parseXlsx, jsonl: parseJsonl };
/** Rejections listed in a report; a hostile file cannot make the report itself huge. */
const MAX_REJECTIONS = 1000;
const MAX_VALUE_LENGTH = 200;

/**
 * A rejected cell as the report shows it: clipped, and — because reports are opened in
 * spreadsheets too — a formula-like text (=, +, -, @, tab, CR first; not a number) gets a leading
 * apostrophe, the rule of lib/util/csv.ts, so `=HYPERLINK(…)` stays text in every output.
 */
export function reportedValue(v: string | undefined | null): string | null {
  if (v === undefined || v === null) return null;
  const clipped = v.length > MAX_VALUE_LENGTH ? `${v.slice(0, MAX_VALUE_LENGTH)}…` : v;
  return /^[=+\-@\t\r]/.test(clipped) && !/^-?\d/.test(clipped) ? `'${clipped}` : clipped;
}

/**
 * Reads a self-inspection file: each row's kind (row-kind.ts), then tenant isolation — a row
 * whose unit_id is not one this upload may speak for is rejected before anything else of it is
 * read, named by its line and unit id, and none of its values go further — then the contract
 * schemas. `owner(unitId)` says why a unit is not allowed (null when it is).
 */
export async function readUploadRows(body: Uint8Array, fileName: string, schemas: Schemas, owner: (unitId: string) => Bilingual | null): Promise<UploadRows> {
  const format = detectFormat(fileName);
  if (body.byteLength === 0) throw new FileRejectedError('空文件', 'empty file');
  const parsed = await PARSERS[format](body);
  const cols = kindColumns(schemas);
  const out: UploadRows = { format, read: 0, byUnit: new Map(), rejected: [], warnings: [] };
  const unknown = parsed.columns.filter((c) => !cols.known.has(c));
  if (unknown.length) {
    out.warnings.push({ reason_zh: `未知列未参与检查：${unknown.slice(0, 20).join('、')}`, reason_en: `unknown columns were not checked: ${unknown.slice(0, 20).join(', ')}` });
  }
  const reject = (r: RejectedRow) => {
    if (out.rejected.length < MAX_REJECTIONS) out.rejected.push({ ...r, value: reportedValue(r.value) });
  };
  const seen = new Map<string, { line: number; fp: string }>();
  for await (const item of parsed.lines) {
    if (++out.read > MAX_UPLOAD_ROWS) {
      const r = tooManyRows();
      throw new FileRejectedError(r.zh, r.en);
    }
    if ('broken' in item) {
      const b = item.broken;
      reject({ line: b.line, column: b.column ?? null, value: b.value ?? null, reason_zh: b.reason.zh, reason_en: b.reason.en });
      continue;
    }
    const row = item.row;
    const kind = rowKind(row.cells, cols);
    if ('reason' in kind) {
      reject({ line: row.line, column: kind.column, value: kind.column ? (row.cells[kind.column] ?? null) : null, reason_zh: kind.reason.zh, reason_en: kind.reason.en });
      continue;
    }
    const rawUnit = row.cells.unit_id;
    if (rawUnit !== undefined) {
      const refusal = owner(compactUscc(rawUnit));
      if (refusal) {
        reject({ line: row.line, column: 'unit_id', value: rawUnit, reason_zh: refusal.zh, reason_en: refusal.en });
        continue;
      }
    }
    // Both kinds' columns count as known: the other kind's cells are empty in a mixed file, never `extra`.
    const result = validateRow(schemas, kind.kind, cols.known, row);
    if (!result.ok) {
      const unit_id = rawUnit === undefined ? undefined : compactUscc(rawUnit);
      for (const p of result.problems) reject({ line: p.line, ...(unit_id ? { unit_id } : {}), column: p.column || null, value: p.value ?? null, reason_zh: p.reason_zh, reason_en: p.reason_en });
      continue;
    }
    const values = result.values;
    const unitId = String(values.unit_id);
    // The schema may normalise the code (spaces, case): check the normalised one again.
    const refusal = owner(unitId);
    if (refusal) {
      reject({ line: row.line, column: 'unit_id', value: unitId, reason_zh: refusal.zh, reason_en: refusal.en });
      continue;
    }
    const key = kind.kind === 'submissions' ? `S|${unitId}|${String(values.period)}|${String(values.revision)}` : `E|${String(values.event_id)}`;
    const fp = fingerprint(values);
    const earlier = seen.get(key);
    if (earlier) {
      if (earlier.fp !== fp) {
        reject({
          line: row.line,
          unit_id: unitId,
          column: null,
          value: key.slice(2),
          reason_zh: `与本文件第 ${earlier.line} 行主键相同但取值不同`,
          reason_en: `same key as line ${earlier.line} of this file with different values`,
        });
      }
      continue;
    }
    seen.set(key, { line: row.line, fp });
    let unit = out.byUnit.get(unitId);
    if (!unit) out.byUnit.set(unitId, (unit = { submissions: [], registerEvents: [] }));
    if (kind.kind === 'submissions') unit.submissions.push(values as SubmissionRecord);
    else unit.registerEvents.push(values as RegisterEventRecord);
  }
  return out;
}
