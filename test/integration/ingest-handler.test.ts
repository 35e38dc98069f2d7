import { readFileSync } from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Logger } from '@aws-lambda-powertools/logger';
import { S3BlobStore } from '../../lib/adapters/aws/s3-blob-store';
import { bridgeS3Events } from '../../lib/adapters/local/s3-event-bridge';
import { createHandler } from '../../functions/ingest/handler';
import { EXAMPLES } from '../helpers/paths';
import { startTestRuntime } from '../helpers/local-stack';

type TestRuntime = Awaited<ReturnType<typeof startTestRuntime>>;
let rt: TestRuntime;
let handler: ReturnType<typeof createHandler>;
const silent = new Logger({ serviceName: 'test', logLevel: 'SILENT' });

beforeAll(async () => {
  rt = await startTestRuntime();
  handler = createHandler({ ...rt, blobsFor: (bucket) => new S3BlobStore(rt.clients.s3, bucket) }, silent);
});
afterAll(async () => {
  await rt?.dispose();
});

function sqsEvent(bodies: string[]): SQSEvent {
  return { Records: bodies.map((body, i) => ({ messageId: `m${i}`, body }) as SQSEvent['Records'][number]) };
}

describe('ingest Lambda handler', () => {
  it('ingests an upload delivered from the local S3 through the same handler', async () => {
    const bridge = bridgeS3Events(rt.localStack!, handler);
    await rt.clients.s3.send(new PutObjectCommand({ Bucket: rt.config.bucketName, Key: 'units/2024 register+new.csv', Body: readFileSync(`${EXAMPLES}/units.csv`) }));
    await bridge.idle();
    expect((await rt.records.countByKind()).units).toBe(24);
    const reports = await rt.blobs.list('reports/ingest/units/');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/2024_register_new\.csv\.json$/);
  });

  it('reports only the failing message of a batch, and skips objects outside the ingest prefixes', async () => {
    const good = JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: rt.config.bucketName }, object: { key: 'reports/ingest/x.json' } } }] });
    const test = JSON.stringify({ Event: 's3:TestEvent' });
    const broken = JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'no-such-bucket' }, object: { key: 'tax/t.csv' } } }] });
    const out = await handler(sqsEvent([good, test, broken, 'not json']));
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }, { itemIdentifier: 'm3' }]);
  });

  it('ingests the same upload delivered twice without changing anything', async () => {
    const body = JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: rt.config.bucketName }, object: { key: 'units/2024+register%2Bnew.csv' } } }] });
    const before = await rt.records.countByKind();
    const out = await handler(sqsEvent([body, body]));
    expect(out.batchItemFailures).toEqual([]);
    expect(await rt.records.countByKind()).toEqual(before);
  });
});
