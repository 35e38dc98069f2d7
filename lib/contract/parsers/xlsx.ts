import ExcelJS from 'exceljs';
import { FileRejectedError } from '../../domain/errors';
import { normaliseCell, type ParsedFile, type ParsedLine } from './types';

/** Excel keeps dates as serials; exceljs hands them back as UTC Dates, shown here as contract text. */
function cellText(value: ExcelJS.CellValue): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
  }
  if (typeof value === 'object') {
    if ('richText' in value) return normaliseCell(value.richText.map((r) => r.text).join(''));
    if ('text' in value && typeof value.text === 'string') return normaliseCell(value.text);
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
    if ('error' in value) return undefined;
    return normaliseCell(JSON.stringify(value));
  }
  return normaliseCell(String(value));
}

/** The first worksheet of a workbook, header in its first non-empty row. */
export async function parseXlsx(input: Uint8Array): Promise<ParsedFile> {
  if (input.byteLength === 0) throw new FileRejectedError('空文件', 'empty file');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(input) as unknown as ExcelJS.Buffer);
  } catch (err) {
    throw new FileRejectedError('无法读取 XLSX 工作簿', 'cannot read the XLSX workbook', { cause: err });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new FileRejectedError('工作簿中没有工作表', 'the workbook has no sheet');
  const rows: { line: number; values: (string | undefined)[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: (string | undefined)[] = [];
    for (let c = 1; c <= row.cellCount; c++) values.push(cellText(row.getCell(c).value));
    if (values.some((v) => v !== undefined)) rows.push({ line: rowNumber, values });
  });
  const header = rows.shift();
  if (!header) throw new FileRejectedError('空工作表：没有表头行', 'empty sheet: no header row');
  const columns = header.values.map((v) => v ?? '');
  const headerSignature = columns.join('\u0000');
  async function* lines(): AsyncGenerator<ParsedLine> {
    for (const { line, values } of rows) {
      if (values.map((v) => v ?? '').join('\u0000') === headerSignature) {
        yield { broken: { line, reason: { zh: '重复的表头行', en: 'repeated header line' } } };
        continue;
      }
      if (values.length > columns.length && values.slice(columns.length).some((v) => v !== undefined)) {
        yield { broken: { line, reason: { zh: '数据超出表头列范围', en: 'values beyond the header columns' } } };
        continue;
      }
      const cells: Record<string, string | undefined> = {};
      columns.forEach((name, i) => {
        if (name) cells[name] = values[i];
      });
      yield { row: { line, cells } };
    }
  }
  return { columns: columns.filter(Boolean), lines: lines() };
}
