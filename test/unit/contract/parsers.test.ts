import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../lib/contract/parsers/csv';
import { parseJsonl } from '../../../lib/contract/parsers/jsonl';
import { parseXlsx } from '../../../lib/contract/parsers/xlsx';
import type { ParsedFile, ParsedLine } from '../../../lib/contract/parsers/types';
import { toCsv } from '../../../lib/sample/to-csv';
import { FileRejectedError } from '../../../lib/domain/errors';

const enc = (s: string) => new TextEncoder().encode(s);
async function all(file: ParsedFile): Promise<ParsedLine[]> {
  const out: ParsedLine[] = [];
  for await (const l of file.lines) out.push(l);
  return out;
}

describe('CSV parser', () => {
  it('reads a BOM, CRLF line ends and quoted fields', async () => {
    const file = await parseCsv(enc('\uFEFFa,b\r\n1,"x, ""y"""\r\n2,"multi\nline"\r\n'));
    expect(file.columns).toEqual(['a', 'b']);
    const lines = await all(file);
    expect(lines).toEqual([{ row: { line: 2, cells: { a: '1', b: 'x, "y"' } } }, { row: { line: 4, cells: { a: '2', b: 'multi\nline' } } }]);
  });

  it('reports a repeated header line and a short line alone, and keeps the rest', async () => {
    const lines = await all(await parseCsv(enc('a,b\n1,2\na,b\n3\n4,5\n')));
    expect(lines.map((l) => ('row' in l ? `row ${l.row.line}` : `broken ${l.broken.line} ${l.broken.reason.en}`))).toEqual([
      'row 2',
      'broken 3 repeated header line',
      'broken 4 1 fields where the header has 2',
      'row 5',
    ]);
  });

  it('treats empty cells as absent', async () => {
    const [line] = await all(await parseCsv(enc('a,b\n, x \n')));
    expect(line).toEqual({ row: { line: 2, cells: { a: undefined, b: 'x' } } });
  });

  it('refuses an empty file as a whole', async () => {
    await expect(parseCsv(enc(''))).rejects.toBeInstanceOf(FileRejectedError);
    await expect(parseCsv(enc('\uFEFF'))).rejects.toBeInstanceOf(FileRejectedError);
  });

  it('reads back whatever the CSV writer writes, line for line (property)', async () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'é', '中', ',', '"', '\n', '\r\n', ' ', '1', 'c'), maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 6 }), async (rows) => {
        const text = toCsv(
          ['c1', 'c2'],
          rows.map(([c1, c2]) => ({ c1, c2 })),
        );
        const lines = await all(await parseCsv(enc(text)));
        expect(lines).toHaveLength(rows.length);
        rows.forEach(([c1, c2], i) => {
          const norm = (v: string) => (v.trim() === '' ? undefined : v.trim());
          if (norm(c1) === 'c1' && norm(c2) === 'c2') expect(lines[i]).toHaveProperty('broken');
          else expect(lines[i]).toMatchObject({ row: { cells: { c1: norm(c1), c2: norm(c2) } } });
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('JSON Lines parser', () => {
  it('turns values into text and reports bad lines alone', async () => {
    const file = await parseJsonl(enc('{"a":1,"b":true,"c":null}\nnot json\n[1]\n\n{"a":"x"}\n'));
    expect(file.columns).toEqual(['a', 'b', 'c']);
    const lines = await all(file);
    expect(lines[0]).toEqual({ row: { line: 1, cells: { a: '1', b: 'true', c: undefined } } });
    expect(lines.slice(1, 3).map((l) => 'broken' in l && l.broken.line)).toEqual([2, 3]);
    expect(lines[3]).toEqual({ row: { line: 5, cells: { a: 'x' } } });
  });
});

describe('JSON Lines parser properties', () => {
  it('reads back any object of strings and numbers written one a line (property)', async () => {
    const value = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.dictionary(fc.constantFrom('a', 'b', '列'), value), { minLength: 1, maxLength: 5 }), async (objects) => {
        const lines = await all(await parseJsonl(enc(objects.map((o) => JSON.stringify(o)).join('\r\n'))));
        const rows = lines.filter((l) => 'row' in l);
        expect(rows).toHaveLength(objects.length);
        rows.forEach((l, i) => {
          for (const [k, v] of Object.entries(objects[i]!)) {
            const text = String(v).trim();
            expect('row' in l && l.row.cells[k]).toBe(text === '' ? undefined : typeof v === 'number' ? String(v) : text);
          }
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('XLSX parser', () => {
  async function workbook(fill: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    fill(wb);
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }

  it('reads the first sheet with its header row', async () => {
    const body = await workbook((wb) => {
      const ws = wb.addWorksheet('月报');
      ws.addRow(['unit_id', 'revenue', 'when']);
      ws.addRow(['91371302MAD1TJ3Y9T', 270.9, new Date(Date.UTC(2024, 3, 5))]);
      ws.addRow(['unit_id', 'revenue', 'when']);
      wb.addWorksheet('ignored').addRow(['x']);
    });
    const file = await parseXlsx(body);
    expect(file.columns).toEqual(['unit_id', 'revenue', 'when']);
    const lines = await all(file);
    expect(lines[0]).toEqual({ row: { line: 2, cells: { unit_id: '91371302MAD1TJ3Y9T', revenue: '270.9', when: '2024-04-05' } } });
    expect(lines[1]).toMatchObject({ broken: { line: 3, reason: { en: 'repeated header line' } } });
  });

  it('refuses a workbook with no sheet, and bytes that are no workbook', async () => {
    const empty = await workbook(() => {});
    await expect(parseXlsx(empty)).rejects.toMatchObject({ reasonEn: 'the workbook has no sheet' });
    await expect(parseXlsx(enc('not a zip'))).rejects.toMatchObject({ reasonEn: 'cannot read the XLSX workbook' });
  });
});
