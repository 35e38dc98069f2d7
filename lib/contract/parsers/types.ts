import type { Bilingual } from '../messages';

/** One data row of a file: its 1-based line (CSV/JSONL) or sheet row (XLSX) and its cells as text. */
export interface RawRow {
  line: number;
  cells: Record<string, string | undefined>;
}

/** A line that could not even be split into cells (bad quoting, invalid JSON, repeated header). */
export interface BrokenRow {
  line: number;
  column?: string;
  value?: string;
  reason: Bilingual;
}

export type ParsedLine = { row: RawRow } | { broken: BrokenRow };

export interface ParsedFile {
  /** Column names in file order. */
  columns: string[];
  lines: AsyncIterable<ParsedLine>;
}

export type FileFormat = 'csv' | 'xlsx' | 'jsonl';

/** Empty and whitespace-only cells are absent values; everything else is kept as trimmed text. */
export function normaliseCell(value: string | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}
