import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ingestFile } from '../../lib/use-cases/ingest';
import { EXAMPLES } from '../helpers/paths';
import { startTestRuntime } from '../helpers/local-stack';
import { enc } from '../helpers/memory-deps';

type TestRuntime = Awaited<ReturnType<typeof startTestRuntime>>;
let rt: TestRuntime;

beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt?.dispose();
});

const exampleFiles = readdirSync(EXAMPLES).filter((f) => f.endsWith('.csv'));

async function ingestExamples() {
  const reports = [];
  for (const f of exampleFiles) reports.push(await ingestFile(rt, { name: f, body: readFileSync(`${EXAMPLES}/${f}`) }));
  return reports;
}

describe('ingest against dynalite and s3rver', () => {
  it('accepts every row of the contract examples, then reports them all unchanged', async () => {
    const first = await ingestExamples();
    for (const r of first) {
      expect(r.file_error, r.file).toBeNull();
      expect(r.rejected, `${r.file}: ${JSON.stringify(r.rejections.slice(0, 2))}`).toBe(0);
      expect(r.accepted).toBe(r.read);
    }
    const counts = await rt.records.countByKind();
    expect(counts.submissions).toBe(76);
    const second = await ingestExamples();
    for (const r of second) expect({ file: r.file, accepted: r.accepted, unchanged: r.unchanged }).toEqual({ file: r.file, accepted: 0, unchanged: r.read });
    expect(await rt.records.countByKind()).toEqual(counts);
  });

  it('stores a revision beside the earlier one, readable as the unit history', async () => {
    const out = await rt.clients.doc.send(
      new QueryCommand({
        TableName: rt.config.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':pk': 'UNIT#91371302MAD1TJ3Y9T', ':s': 'SUB#2024-03#' },
      }),
    );
    expect(out.Items?.map((i) => [i.revision, i.revenue])).toEqual([
      [0, 311.9],
      [1, 303.3],
    ]);
  });

  it('rejects a conflicting value without changing what is stored', async () => {
    const head = 'unit_id,period,kwh';
    const r = await ingestFile(rt, { name: 'electricity-fix.csv', body: enc(`${head}\n91371302MAD1TJ3Y9T,2024-01,1\n`) });
    expect(r).toMatchObject({ accepted: 0, rejected: 1 });
    expect(r.rejections[0]).toMatchObject({ column: 'kwh', value: '1' });
    const out = await rt.clients.doc.send(
      new QueryCommand({ TableName: rt.config.tableName, KeyConditionExpression: 'pk = :pk AND sk = :sk', ExpressionAttributeValues: { ':pk': 'UNIT#91371302MAD1TJ3Y9T', ':sk': 'ELEC#2024-01' } }),
    );
    expect(out.Items?.[0]?.kwh).toBe(18060);
  });

  it('replaces a reference record on an explicit reload and keeps the old version in history', async () => {
    const head = 'unit_id,period,insured_headcount';
    const r = await ingestFile(rt, { name: 'social_insurance.csv', body: enc(`${head}\n91371302MAD1TJ3Y9T,2024-01,23\n`), replace: true });
    expect(r.accepted).toBe(1);
    const out = await rt.clients.doc.send(
      new QueryCommand({
        TableName: rt.config.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': 'UNIT#91371302MAD1TJ3Y9T', ':sk': 'SI#2024-01' },
      }),
    );
    expect(out.Items?.map((i) => [i.kind, i.insured_headcount])).toEqual([
      ['social_insurance', 23],
      ['history:social_insurance', 22],
    ]);
    expect((await rt.records.countByKind()).social_insurance).toBe(71);
  });

  it('keeps the raw upload and the report in S3', async () => {
    const r = await ingestFile(rt, { name: 'offices.csv', body: readFileSync(`${EXAMPLES}/offices.csv`) });
    expect(await rt.blobs.get(r.raw_key!)).toEqual(new Uint8Array(readFileSync(`${EXAMPLES}/offices.csv`)));
    const report = JSON.parse(new TextDecoder().decode(await rt.blobs.get(r.report_key!)));
    expect(report).toMatchObject({ kind: 'offices', read: 12, unchanged: 12 });
  });

  it('leaves the store untouched when a file is bad as a whole', async () => {
    const before = await rt.records.countByKind();
    const r = await ingestFile(rt, { name: 'submissions.xlsx', body: enc('this is not a workbook') });
    expect(r.file_error?.reason_en).toBe('cannot read the XLSX workbook');
    expect(await rt.records.countByKind()).toEqual(before);
  });
});
