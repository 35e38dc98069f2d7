import type { RecordKind } from '../domain/kinds';
import { decodeMessage } from './messages';
import type { RawRow } from './parsers/types';
import { KEY_COLUMNS, type Schemas } from './schemas';

export interface CellProblem {
  line: number;
  column: string;
  value: string | undefined;
  reason_zh: string;
  reason_en: string;
}

export type RowResult = { ok: true; line: number; values: Record<string, unknown>; extra?: Record<string, string> } | { ok: false; line: number; problems: CellProblem[] };

/** Validates one row against its kind's schema; unknown columns are kept aside as `extra`. */
export function validateRow(schemas: Schemas, kind: RecordKind, known: ReadonlySet<string>, row: RawRow): RowResult {
  const result = schemas[kind].safeParse(row.cells);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const column = String(issue.path[0] ?? '');
      const { zh, en } = decodeMessage(issue.message);
      return { line: row.line, column, value: row.cells[column], reason_zh: zh, reason_en: en };
    });
    return { ok: false, line: row.line, problems };
  }
  let extra: Record<string, string> | undefined;
  for (const [column, value] of Object.entries(row.cells)) {
    if (known.has(column) || value === undefined) continue;
    (extra ??= {})[column] = value;
  }
  return { ok: true, line: row.line, values: result.data as Record<string, unknown>, extra };
}

/** The contract key as one string, e.g. `91371302MAD1TJ3Y9T|2024-03|1`. */
export function contractKey(kind: RecordKind, values: Record<string, unknown>): string {
  return KEY_COLUMNS[kind].map((c) => String(values[c])).join('|');
}
