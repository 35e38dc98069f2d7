import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSEvent } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from '../../lib/adapters/aws/s3-blob-store';
import { bridgeS3Events } from '../../lib/adapters/local/s3-event-bridge';
import { RECORD_KINDS } from '../../lib/domain/kinds';
import { engineConfig } from '../../lib/engine/config';
import { toCsv } from '../../lib/sample/to-csv';
import { LedgerError } from '../../lib/self-inspection/ledger';
import type { SelfInspectionReport } from '../../lib/self-inspection/report';
import { MAX_UPLOAD_BYTES } from '../../lib/self-inspection/upload-key';
import { ingestFile } from '../../lib/use-cases/ingest';
import { encodeNotificationKey, isIngestUpload } from '../../lib/use-cases/s3-notifications';
import { StorePeerStats } from '../../lib/use-cases/self-inspect-peer-stats';
import { createHandler } from '../../functions/self-inspection/handler';
import { startTestRuntime } from '../helpers/local-stack';
import { cleanUnits, csv, EVENT_COLUMNS, LAST_YEAR, ownRows, SAMPLE, SUBMISSION_COLUMNS, unitOf } from '../helpers/self-inspection-fixtures';

type TestRuntime = Awaited<ReturnType<typeof startTestRuntime>>;
let rt: TestRuntime;
let handler: ReturnType<typeof createHandler>;
const silent = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
const clean = cleanUnits();

async function officialCounts() {
  return { records: await rt.records.countByKind(), findings: (await rt.findings.list()).length, cases: (await rt.cases.list()).length };
}

async function reportAt(key: string): Promise<SelfInspectionReport> {
  const body = await rt.blobs.get(key);
  if (!body) throw new Error(`no report at ${key}`);
  return JSON.parse(new TextDecoder().decode(body)) as SelfInspectionReport;
}

function notification(key: string, size?: number): string {
  return JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: rt.config.bucketName }, object: { key: encodeNotificationKey(key), size } } }] });
}

function sqsEvent(bodies: string[]): SQSEvent {
  return { Records: bodies.map((body, i) => ({ messageId: `m${i}`, body }) as SQSEvent['Records'][number]) };
}

beforeAll(async () => {
  rt = await startTestRuntime();
  for (const kind of RECORD_KINDS) {
    const rows = SAMPLE.files[kind];
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    await ingestFile(rt, { name: `${kind}.csv`, body: new TextEncoder().encode(toCsv(columns, rows)) });
  }
  handler = createHandler(
    {
      official: rt.official,
      ledger: rt.ledger,
      peers: new StorePeerStats(rt.records, rt.clock),
      reports: rt.blobs,
      blobsFor: (bucket) => new S3BlobStore(rt.clients.s3, bucket),
      clock: rt.clock,
      usccAllowList: rt.usccAllowList,
      config: engineConfig({ districtCode: '371302' }),
    },
    silent,
  );
}, 120_000);
afterAll(async () => {
  await rt?.dispose();
});

describe('self-inspection Lambda handler on the local stack (dynalite + s3rver)', () => {
  it("reads one unit's official records by key, without scanning", async () => {
    const unitId = clean[0]!;
    const own = await rt.official.unitRecords(unitId);
    expect(own.unit?.name).toBe(unitOf(unitId).name);
    expect(own.submissions).toHaveLength(SAMPLE.files.submissions.filter((s) => s.unit_id === unitId).length);
    expect(own.tax).toHaveLength(SAMPLE.files.tax.filter((s) => s.unit_id === unitId).length);
    const withEvent = String(SAMPLE.files.register_events[0]!.unit_id);
    expect((await rt.official.unitRecords(withEvent)).register_events.length).toBeGreaterThan(0);
    const town = String(unitOf(unitId).town_code);
    expect((await rt.official.townUnits(town)).map((u) => u.unit_id)).toEqual(
      SAMPLE.files.units
        .filter((u) => u.town_code === town)
        .map((u) => String(u.unit_id))
        .sort(),
    );
  });

  it('GIVEN uploads through the local S3 THEN each unit gets its report and ledger, and the official store is unchanged', async () => {
    const before = await officialCounts();
    const rawBefore = await rt.blobs.list('raw/');
    const bridge = bridgeS3Events(rt.localStack!, handler);
    const cleanUnit = clean[0]!;
    const busyUnit = clean[10]!;
    expect(isIngestUpload(`self-inspection/${cleanUnit}/own.csv`)).toBe(false);
    const rows = ownRows(busyUnit, LAST_YEAR).map((r) =>
      r.period === '2024-11' ? { ...r, main_revenue: Number(r.revenue) * 1.4 } : r.period === '2024-12' ? { ...r, revenue: Number(r.revenue) * 1.9 } : r,
    );
    rows.push({ ...ownRows(clean[11]!, ['2024-01'])[0]! });
    rows.push({
      unit_id: busyUnit,
      period: '2024-12',
      event_id: 'SI-E1',
      type: 'entry',
      category: unitOf(busyUnit).category,
      reason: 'reached_threshold',
      declared_annual_revenue: 999999,
      submitted_by: 'LW',
      submitted_at: '2024-12-20T10:00:00+08:00',
    });
    await rt.clients.s3.send(new PutObjectCommand({ Bucket: rt.config.bucketName, Key: `self-inspection/${cleanUnit}/2024 own.csv`, Body: csv(ownRows(cleanUnit, LAST_YEAR)) }));
    await rt.clients.s3.send(new PutObjectCommand({ Bucket: rt.config.bucketName, Key: `self-inspection/${busyUnit}/draft.csv`, Body: csv(rows, [...SUBMISSION_COLUMNS, ...EVENT_COLUMNS]) }));
    await bridge.idle();

    const calm = await reportAt(`self-inspection-reports/${cleanUnit}/2024_own.csv.json`);
    expect(calm.problems.filter((p) => p.severity !== 'low')).toEqual([]);
    expect(await rt.blobs.exists(`self-inspection-reports/${cleanUnit}/2024_own.csv.html`)).toBe(true);
    const busy = await reportAt(`self-inspection-reports/${busyUnit}/draft.csv.json`);
    expect(busy.problems.filter((p) => p.severity === 'high').length).toBeGreaterThanOrEqual(2);
    expect(busy.rejected_rows).toEqual([expect.objectContaining({ column: 'unit_id', value: clean[11] })]);
    expect((await rt.ledger.list(busyUnit)).map((i) => i.item_id).sort()).toEqual(busy.problems.map((p) => p.item_id).sort());
    expect((await rt.ledger.listTown(String(unitOf(busyUnit).town_code))).some((i) => i.unit_id === busyUnit)).toBe(true);

    expect(await officialCounts()).toEqual(before);
    expect(await rt.blobs.list('raw/')).toEqual(rawBefore);
    expect((await rt.blobs.list('reports/ingest/')).filter((k) => k.includes('self-inspection'))).toEqual([]);
  });

  it('GIVEN two people marking the same ledger item fixed at once THEN one wins and the other is refused', async () => {
    const unitId = clean[10]!;
    const item = (await rt.ledger.list(unitId))[0]!;
    const attempts = await Promise.allSettled(
      [0, 1].map((i) => rt.ledger.markFixed(unitId, item.item_id, { resolution: 'corrected', note: `fix ${i}`, by: `user${i}`, at: new Date().toISOString() })),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const refused = attempts.find((a) => a.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(LedgerError);
    expect(['conflict', 'already_fixed']).toContain((refused.reason as LedgerError).code);
    expect((await rt.ledger.get(unitId, item.item_id))!.status).toBe('fixed');
  });

  it("GIVEN hostile keys THEN the upload is refused in the unit's own report folder (or dropped), nothing is read, and no other folder is touched", async () => {
    const unitId = clean[20]!;
    const other = clean[21]!;
    const before = await officialCounts();
    const out = await handler(
      sqsEvent([
        notification(`self-inspection/${unitId}/%2e%2e%2f${other}%2fx.csv`),
        notification(`self-inspection/${unitId}/../${other}/x.csv`),
        notification(`self-inspection/${unitId}/..\\..\\x.csv`),
        notification(`self-inspection/../${other}/x.csv`),
        notification(`self-inspection//etc/passwd`),
      ]),
    );
    expect(out.batchItemFailures).toEqual([]);
    const refusals = await rt.blobs.list(`self-inspection-reports/${unitId}/`);
    expect(refusals.filter((k) => k.endsWith('.json'))).toHaveLength(3);
    for (const key of refusals.filter((k) => k.endsWith('.json'))) {
      expect(key).toMatch(new RegExp(`^self-inspection-reports/${unitId}/refused-[0-9a-f]{16}\\.json$`));
      const r = await reportAt(key);
      expect(r.file_error?.reason_zh).toBeTruthy();
      expect(r.file_error?.reason_en).toBeTruthy();
      expect(r.problems).toEqual([]);
    }
    expect(await rt.blobs.list(`self-inspection-reports/${other}/`)).toEqual([]);
    expect((await rt.blobs.list('')).filter((k) => k.includes('..') || k.startsWith('/') || k.includes('etc/passwd'))).toEqual([]);
    expect(await officialCounts()).toEqual(before);
  });

  it('GIVEN a file over the size limit THEN it is refused with a clear bilingual error, from the notification size or after reading', async () => {
    const unitId = clean[22]!;
    await handler(sqsEvent([notification(`self-inspection/${unitId}/huge.csv`, MAX_UPLOAD_BYTES + 1)]));
    const declared = await reportAt(`self-inspection-reports/${unitId}/huge.csv.json`);
    expect(declared.file_error).toEqual({
      reason_zh: `文件过大（${MAX_UPLOAD_BYTES + 1} 字节）：自查文件不得超过 5 MB（${MAX_UPLOAD_BYTES} 字节），请只上传本单位的月报和入库/退库申请`,
      reason_en: expect.stringMatching(/^file too large \(5242881 bytes\): a self-inspection file may be at most 5 MB \(5242880 bytes\)/),
    });
    const bridge = bridgeS3Events(rt.localStack!, handler);
    await rt.clients.s3.send(new PutObjectCommand({ Bucket: rt.config.bucketName, Key: `self-inspection/${unitId}/big.csv`, Body: new Uint8Array(MAX_UPLOAD_BYTES + 1024).fill(65) }));
    await bridge.idle();
    expect((await reportAt(`self-inspection-reports/${unitId}/big.csv.json`)).file_error?.reason_en).toContain('file too large');
  });

  it('GIVEN a batch with a broken message THEN only that message is returned to the queue', async () => {
    const out = await handler(sqsEvent([JSON.stringify({ Event: 's3:TestEvent' }), 'not json', notification(`self-inspection/${clean[23]}/`)]));
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
  });
});
