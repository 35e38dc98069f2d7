import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../../lib/use-cases/ingest';
import { EXAMPLES } from '../../helpers/paths';
import { enc, memoryDeps } from '../../helpers/memory-deps';

const KINDS = ['units', 'submissions', 'register_events', 'projects', 'market_status'];

function exampleRows(kind: string): Record<string, string>[] {
  return parse(readFileSync(`${EXAMPLES}/${kind}.csv`), { bom: true, columns: true }) as Record<string, string>[];
}

async function asXlsx(rows: Record<string, string>[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('data');
  const columns = Object.keys(rows[0]!);
  ws.addRow(columns);
  // Numbers as Excel numbers, as a spreadsheet user would type them.
  for (const r of rows) ws.addRow(columns.map((c) => (/^-?\d+(\.\d+)?$/.test(r[c]!) && !/^0\d/.test(r[c]!) && r[c]!.length < 15 ? Number(r[c]) : r[c] || null)));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function asJsonl(rows: Record<string, string>[]): Uint8Array {
  return enc(rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).filter(([, v]) => v !== '')))).join('\n') + '\n');
}

describe('one record, whatever the format', () => {
  it.each(KINDS)('%s: XLSX and JSON Lines copies of the CSV example are accepted, then the CSV is unchanged', async (kind) => {
    const rows = exampleRows(kind);
    for (const [format, body] of [
      ['xlsx', await asXlsx(rows)],
      ['jsonl', asJsonl(rows)],
    ] as const) {
      const deps = memoryDeps();
      const first = await ingestFile(deps, { name: `${kind}.${format}`, body });
      expect(first.rejections, format).toEqual([]);
      expect(first.accepted).toBe(rows.length);
      const csv = await ingestFile(deps, { name: `${kind}.csv`, body: readFileSync(`${EXAMPLES}/${kind}.csv`) });
      expect({ format, unchanged: csv.unchanged, accepted: csv.accepted }).toEqual({ format, unchanged: rows.length, accepted: 0 });
    }
  });
});
