import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/adapters/config';
import { openRuntime } from '../../lib/adapters/runtime';
import { ingestFile } from '../../lib/use-cases/ingest';
import { startTestRuntime } from '../helpers/local-stack';
import { enc } from '../helpers/memory-deps';

type TestRuntime = Awaited<ReturnType<typeof startTestRuntime>>;
let servers: TestRuntime;

beforeAll(async () => {
  servers = await startTestRuntime();
});
afterAll(async () => {
  await servers?.dispose();
});

describe('configured endpoints', () => {
  it('uses AWS_ENDPOINT_URL_DYNAMODB / _S3 instead of starting servers, through the same code', async () => {
    const config = loadConfig({
      AWS_ENDPOINT_URL_DYNAMODB: servers.localStack!.dynamoEndpoint,
      AWS_ENDPOINT_URL_S3: servers.localStack!.s3Endpoint,
    });
    const rt = await openRuntime(config);
    try {
      expect(rt.localStack).toBeUndefined();
      const r = await ingestFile(rt, { name: 'offices.csv', body: enc('cidr,office_name,town_code\n10.0.0.0/24,某街道办事处,371302001000\n') });
      expect(r.accepted).toBe(1);
      expect((await servers.records.countByKind()).offices).toBe(1);
      expect(await servers.blobs.exists(r.raw_key!)).toBe(true);
    } finally {
      await rt.close();
    }
  });

  it('refuses a malformed configuration at start-up', () => {
    expect(() => loadConfig({ STATSENTRY_TARGET: 'cloud' })).toThrow(/STATSENTRY_TARGET/);
    expect(() => loadConfig({ AWS_ENDPOINT_URL_S3: 'not a url' })).toThrow(/AWS_ENDPOINT_URL_S3/);
  });
});
