import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../../lib/use-cases/ingest';
import { enc, memoryDeps } from '../../helpers/memory-deps';

const HEADER = 'unit_id,period,taxable_sales';
const A = '91371302MAD1TJ3Y9T';
const B = '91371302MAWAPE9KXF';

describe('ingestFile', () => {
  it('accepts valid rows, rejects bad ones alone, and keeps counts consistent', async () => {
    const deps = memoryDeps();
    const body = enc(`${HEADER}\n${A},2024-01,10\n${A},2024-13,11\n${B},2024-01,-1\n${B},2024-02,12\n`);
    const report = await ingestFile(deps, { name: 'tax-2024.csv', body });
    expect(report).toMatchObject({ kind: 'tax', format: 'csv', read: 4, accepted: 2, rejected: 2, unchanged: 0, file_error: null });
    expect(report.rejections.map((r) => [r.line, r.column, r.value])).toEqual([
      [3, 'period', '2024-13'],
      [4, 'taxable_sales', '-1'],
    ]);
    expect(await deps.records.countByKind()).toEqual({ tax: 2 });
  });

  it('reports everything unchanged on a second ingest of the same file', async () => {
    const deps = memoryDeps();
    const body = enc(`${HEADER}\n${A},2024-01,10\n${B},2024-01,12\n`);
    await ingestFile(deps, { name: 'tax.csv', body });
    const again = await ingestFile(deps, { name: 'tax.csv', body });
    expect(again).toMatchObject({ read: 2, accepted: 0, unchanged: 2, rejected: 0 });
  });

  it('treats a reordered file with the same values as unchanged', async () => {
    const deps = memoryDeps();
    await ingestFile(deps, { name: 'tax.csv', body: enc(`${HEADER}\n${A},2024-01,10\n`) });
    const again = await ingestFile(deps, { name: 'tax-again.csv', body: enc(`taxable_sales,period,unit_id\n10.0,2024-01,${A}\n`) });
    expect(again).toMatchObject({ accepted: 0, unchanged: 1 });
  });

  it('rejects a stored key with different values as a conflict and keeps the stored value', async () => {
    const deps = memoryDeps();
    await ingestFile(deps, { name: 'tax.csv', body: enc(`${HEADER}\n${A},2024-01,10\n`) });
    const clash = await ingestFile(deps, { name: 'tax-fix.csv', body: enc(`${HEADER}\n${A},2024-01,99\n`) });
    expect(clash).toMatchObject({ accepted: 0, rejected: 1 });
    expect(clash.rejections[0]).toMatchObject({ line: 2, column: 'taxable_sales', value: '99' });
    expect(clash.rejections[0]!.reason_en).toContain('stored taxable_sales=10');
    expect([...deps.records.current.values()][0]!.values.taxable_sales).toBe(10);
  });

  it('replaces a reference record only with replace, keeping the old version', async () => {
    const deps = memoryDeps();
    await ingestFile(deps, { name: 'tax.csv', body: enc(`${HEADER}\n${A},2024-01,10\n`) });
    const replaced = await ingestFile(deps, { name: 'tax.csv', body: enc(`${HEADER}\n${A},2024-01,99\n`), replace: true });
    expect(replaced.accepted).toBe(1);
    expect(deps.records.history.map((r) => r.values.taxable_sales)).toEqual([10]);
  });

  it('never replaces submissions: a correction is the next revision', async () => {
    const deps = memoryDeps();
    const head = 'unit_id,period,revision,submitted_at,submitter_account,submitter_ip,revenue,employees';
    await ingestFile(deps, { name: 'submissions.csv', body: enc(`${head}\n${A},2024-03,0,2024-04-01T10:00:00+08:00,X,1.2.3.4,100,5\n`) });
    const r = await ingestFile(deps, {
      name: 'submissions.csv',
      body: enc(`${head}\n${A},2024-03,0,2024-04-01T10:00:00+08:00,X,1.2.3.4,120,5\n${A},2024-03,1,2024-04-03T10:00:00+08:00,X,1.2.3.4,120,5\n`),
      replace: true,
    });
    expect(r).toMatchObject({ accepted: 1, rejected: 1 });
    expect(r.warnings.map((w) => w.reason_en).join()).toContain('submissions are never replaced');
    expect(await deps.records.countByKind()).toEqual({ submissions: 2 });
  });

  it('compares later rows of a key within one file against the first', async () => {
    const deps = memoryDeps();
    const r = await ingestFile(deps, { name: 'tax.csv', body: enc(`${HEADER}\n${A},2024-01,10\n${A},2024-01,10\n${A},2024-01,11\n`) });
    expect(r).toMatchObject({ accepted: 1, unchanged: 1, rejected: 1 });
    expect(r.rejections[0]!.reason_en).toContain('line 2');
  });

  it('refuses an empty file, an unknown kind and an unknown format as a whole, storing nothing', async () => {
    const deps = memoryDeps();
    for (const [name, body, reason] of [
      ['tax.csv', '', 'empty file'],
      ['invoices.csv', `${HEADER}\n`, 'unknown kind'],
      ['tax.txt', `${HEADER}\n`, 'unsupported file format'],
    ] as const) {
      const r = await ingestFile(deps, { name, body: enc(body) });
      expect(r.file_error?.reason_en, name).toContain(reason);
      expect(r.read).toBe(0);
      expect(deps.blobs.objects.has(r.report_key!)).toBe(true);
    }
    expect(deps.records.current.size).toBe(0);
  });

  it('keeps the raw upload and writes the report beside it', async () => {
    const deps = memoryDeps();
    const body = enc(`${HEADER}\n${A},2024-01,10\n`);
    const r = await ingestFile(deps, { name: 'data/tax-2024-01.csv', body });
    expect(r.raw_key).toMatch(/^raw\/tax\/[0-9a-f]{16}\/tax-2024-01\.csv$/);
    expect(r.report_key).toMatch(/^reports\/ingest\/tax\/[0-9a-f]{16}\/tax-2024-01\.csv\.json$/);
    expect(await deps.blobs.get(r.raw_key!)).toEqual(body);
    expect(JSON.parse(new TextDecoder().decode(await deps.blobs.get(r.report_key!)))).toMatchObject({ accepted: 1 });
  });

  it('warns about unknown columns and keeps them as extra', async () => {
    const deps = memoryDeps();
    const r = await ingestFile(deps, { name: 'tax.csv', body: enc(`${HEADER},备注\n${A},2024-01,10,补录\n`) });
    expect(r.warnings[0]!.reason_en).toContain('备注');
    expect([...deps.records.current.values()][0]!.extra).toEqual({ 备注: '补录' });
  });

  it('always satisfies read = accepted + rejected + unchanged (property)', async () => {
    const line = fc.tuple(fc.constantFrom(A, B, '91371302MAD1TJ3Y9X', ''), fc.constantFrom('2024-01', '2024-02', '2024-13', 'x'), fc.constantFrom('10', '11', '-1', 'abc', ''));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 30 }), fc.array(line, { maxLength: 30 }), async (first, second) => {
        const deps = memoryDeps();
        for (const rows of [first, second]) {
          const r = await ingestFile(deps, { name: 'tax.csv', body: enc(`${HEADER}\n${rows.map((x) => x.join(',')).join('\n')}\n`) });
          expect(r.read).toBe(r.accepted + r.rejected + r.unchanged);
        }
      }),
      { numRuns: 100 },
    );
  });
});
