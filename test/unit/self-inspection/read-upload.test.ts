import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildSchemas } from '../../../lib/contract/schemas';
import { FileRejectedError } from '../../../lib/domain/errors';
import { readUploadRows } from '../../../lib/self-inspection/read-upload';
import { MAX_UPLOAD_ROWS } from '../../../lib/self-inspection/upload-key';
import { onlyUnit } from '../../../lib/use-cases/self-inspect';

const UNIT = '91371302MAD1TJ3Y9T';
const OTHER = '91371302MAWAPE9KXF';
const schemas = buildSchemas({ usccAllowList: new Set() });
const enc = (s: string) => new TextEncoder().encode(s);

const MIXED_HEADER = 'unit_id,period,revision,submitted_at,submitter_account,submitter_ip,revenue,employees,event_id,type,category,reason,declared_annual_revenue,submitted_by';
const report = (unit: string, period: string, revenue = 1200) => `${unit},${period},0,${period}-28T10:00:00+08:00,LW1,60.1.2.3,${revenue},40,,,,,,`;
const entry = (unit: string, id: string) => `${unit},2024-03,,2024-03-20T10:00:00+08:00,,,,,${id},entry,industry,reached_threshold,21000,LW1`;

async function xlsx(rows: (string | number | null)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('自查');
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('reading a self-inspection file', () => {
  it('GIVEN a CSV holding monthly reports and a register application THEN each row is read as its own kind', async () => {
    const body = enc([MIXED_HEADER, report(UNIT, '2024-01'), entry(UNIT, 'E-1'), report(UNIT, '2024-02')].join('\n'));
    const out = await readUploadRows(body, 'mixed.csv', schemas, onlyUnit(UNIT));
    const own = out.byUnit.get(UNIT)!;
    expect(own.submissions.map((s) => s.period)).toEqual(['2024-01', '2024-02']);
    expect(own.registerEvents.map((e) => [e.event_id, e.type, e.declared_annual_revenue])).toEqual([['E-1', 'entry', 21000]]);
    expect(out.rejected).toEqual([]);
    expect(out.warnings).toEqual([]);
  });

  it('GIVEN JSON Lines and XLSX with both kinds THEN they read the same way', async () => {
    const jsonl = [
      { unit_id: UNIT, period: '2024-01', submitted_at: '2024-01-28T10:00:00+08:00', submitter_account: 'LW1', submitter_ip: '60.1.2.3', revenue: 1200, employees: 40 },
      { unit_id: UNIT, event_id: 'E-2', type: 'exit', category: 'retail', period: '2024-05', reason: 'below_threshold', submitted_by: 'LW1', submitted_at: '2024-05-02T10:00:00+08:00' },
    ]
      .map((o) => JSON.stringify(o))
      .join('\n');
    const a = await readUploadRows(enc(jsonl), 'x.jsonl', schemas, onlyUnit(UNIT));
    expect([a.byUnit.get(UNIT)!.submissions.length, a.byUnit.get(UNIT)!.registerEvents.length]).toEqual([1, 1]);
    const header = MIXED_HEADER.split(',');
    const book = await xlsx([
      header,
      report(UNIT, '2024-01')
        .split(',')
        .map((c) => c || null),
      entry(UNIT, 'E-3')
        .split(',')
        .map((c) => c || null),
    ]);
    const b = await readUploadRows(book, 'x.xlsx', schemas, onlyUnit(UNIT));
    expect([b.byUnit.get(UNIT)!.submissions.length, b.byUnit.get(UNIT)!.registerEvents.length, b.rejected.length]).toEqual([1, 1, 0]);
  });

  it('GIVEN a kind column THEN it decides; other kinds are rejected with line and reason in both languages', async () => {
    const body = enc([`kind,${MIXED_HEADER}`, `submissions,${report(UNIT, '2024-01')}`, `tax,${report(UNIT, '2024-02')}`, `register_events,${entry(UNIT, 'E-4')}`].join('\n'));
    const out = await readUploadRows(body, 'k.csv', schemas, onlyUnit(UNIT));
    expect(out.byUnit.get(UNIT)!.submissions).toHaveLength(1);
    expect(out.byUnit.get(UNIT)!.registerEvents).toHaveLength(1);
    expect(out.rejected).toEqual([
      expect.objectContaining({ line: 3, column: 'kind', value: 'tax', reason_zh: expect.stringContaining('只接受月报'), reason_en: expect.stringContaining('submissions') }),
    ]);
  });

  it("GIVEN rows filling both kinds' columns, or neither, THEN they are rejected: they cannot be read safely", async () => {
    const both = `${UNIT},2024-03,0,2024-03-28T10:00:00+08:00,LW1,60.1.2.3,1200,40,E-5,entry,industry,reached_threshold,21000,LW1`;
    const neither = `${UNIT},2024-04,,,,,,,,,,,,`;
    const out = await readUploadRows(enc([MIXED_HEADER, both, neither].join('\n')), 'a.csv', schemas, onlyUnit(UNIT));
    expect(out.byUnit.size).toBe(0);
    expect(out.rejected.map((r) => r.line)).toEqual([2, 3]);
    expect(out.rejected[0]!.reason_en).toMatch(/^the row fills both monthly-report columns .* and register-application columns/);
    expect(out.rejected[1]!.reason_en).toMatch(/^cannot tell whether the row is a monthly report or a register application/);
  });

  it('GIVEN rows of another unit THEN each is rejected and named, and none of its values is read', async () => {
    const body = enc([MIXED_HEADER, report(UNIT, '2024-01'), report(OTHER, '2024-01', 987654), entry(OTHER, 'E-OTHER'), `${OTHER.toLowerCase()},2024-02,0,bad-date,LW1,60.1.2.3,5,1,,,,,,`].join('\n'));
    const out = await readUploadRows(body, 'f.csv', schemas, onlyUnit(UNIT));
    expect([...out.byUnit.keys()]).toEqual([UNIT]);
    expect(out.rejected.map((r) => [r.line, r.column, r.value])).toEqual([
      [3, 'unit_id', OTHER],
      [4, 'unit_id', OTHER],
      [5, 'unit_id', OTHER.toLowerCase()],
    ]);
    for (const r of out.rejected) expect(r.reason_en).toContain(`belongs to another unit`);
    expect(JSON.stringify(out)).not.toContain('987654');
    expect(JSON.stringify(out)).not.toContain('E-OTHER');
  });

  it('GIVEN formula-like cells THEN the reported value stays text (leading apostrophe)', async () => {
    const body = enc([MIXED_HEADER, `${UNIT},"=HYPERLINK(""http://evil.example"",""x"")",0,2024-01-28T10:00:00+08:00,LW1,60.1.2.3,@SUM(1),40,,,,,,`].join('\n'));
    const out = await readUploadRows(body, 'f.csv', schemas, onlyUnit(UNIT));
    const values = out.rejected.map((r) => r.value);
    expect(values).toEqual(['\'=HYPERLINK("http://evil.example","x")', "'@SUM(1)"]);
  });

  it('GIVEN a duplicate key with other values THEN the later row is rejected; an exact repeat is ignored', async () => {
    const body = enc([MIXED_HEADER, report(UNIT, '2024-01'), report(UNIT, '2024-01'), report(UNIT, '2024-01', 999)].join('\n'));
    const out = await readUploadRows(body, 'f.csv', schemas, onlyUnit(UNIT));
    expect(out.byUnit.get(UNIT)!.submissions).toHaveLength(1);
    expect(out.rejected.map((r) => [r.line, r.reason_en])).toEqual([[4, 'same key as line 2 of this file with different values']]);
  });

  it('GIVEN more rows than the limit, an empty file or an unknown format THEN the file is refused as a whole', async () => {
    const many = [MIXED_HEADER, ...Array.from({ length: MAX_UPLOAD_ROWS + 1 }, () => report(UNIT, '2024-01'))].join('\n');
    await expect(readUploadRows(enc(many), 'f.csv', schemas, onlyUnit(UNIT))).rejects.toThrow(FileRejectedError);
    await expect(readUploadRows(new Uint8Array(), 'f.csv', schemas, onlyUnit(UNIT))).rejects.toThrow(/empty file/);
    await expect(readUploadRows(enc('x'), 'f.txt', schemas, onlyUnit(UNIT))).rejects.toThrow(/unsupported file format/);
  });

  it('GIVEN unknown columns THEN they are a warning, not an error', async () => {
    const out = await readUploadRows(enc([`${MIXED_HEADER},备注`, `${report(UNIT, '2024-01')},<b>note</b>`].join('\n')), 'f.csv', schemas, onlyUnit(UNIT));
    expect(out.byUnit.get(UNIT)!.submissions).toHaveLength(1);
    expect(out.warnings).toEqual([{ reason_zh: '未知列未参与检查：备注', reason_en: 'unknown columns were not checked: 备注' }]);
  });
});
