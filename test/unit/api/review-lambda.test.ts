import { createHash } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandler } from '../../../functions/review-api/handler';
import { webAssets } from '../../../lib/api/web-assets';
import { memoryReviewDeps } from '../../helpers/review-fixtures';

const ROLE_SESSION = 'arn:aws:sts::123456789012:assumed-role/statsentry-prod-enforcement/zhang.san@example.cn';

function event(
  method: string,
  rawPath: string,
  o: { query?: Record<string, string>; body?: string; base64?: boolean; iam?: Record<string, unknown> | null; headers?: Record<string, string> } = {},
): APIGatewayProxyEventV2WithIAMAuthorizer {
  return {
    version: '2.0',
    routeKey: `${method} ${rawPath}`,
    rawPath,
    rawQueryString: new URLSearchParams(o.query ?? {}).toString(),
    headers: { 'content-type': 'application/json', ...(o.headers ?? {}) },
    queryStringParameters: o.query,
    body: o.body === undefined ? undefined : o.base64 ? Buffer.from(o.body).toString('base64') : o.body,
    isBase64Encoded: Boolean(o.base64),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.cn-north-1.amazonaws.com.cn',
      domainPrefix: 'abc123',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '10.0.0.1', userAgent: 'test' },
      requestId: 'req-1',
      routeKey: `${method} ${rawPath}`,
      stage: '$default',
      time: '01/Apr/2025:00:00:00 +0000',
      timeEpoch: 0,
      authorizer:
        o.iam === null
          ? undefined
          : {
              iam: {
                accessKey: 'AKIA',
                accountId: '123456789012',
                callerId: 'AROA:zhang',
                principalOrgId: null,
                userArn: ROLE_SESSION,
                userId: 'AROAEXAMPLE:zhang.san',
                cognitoIdentity: null,
                ...(o.iam ?? {}),
              },
            },
    },
  } as unknown as APIGatewayProxyEventV2WithIAMAuthorizer;
}

let deps: Awaited<ReturnType<typeof memoryReviewDeps>>;
let logger: Logger;
let handler: ReturnType<typeof createHandler>;
beforeEach(async () => {
  deps = await memoryReviewDeps();
  logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  handler = createHandler(
    {
      cases: deps.cases,
      caseBlobs: deps.caseBlobs,
      clock: deps.clock,
      assets: webAssets({ 'index.html': new TextEncoder().encode('<!doctype html>'), 'app.js': new Uint8Array(1), 'style.css': new Uint8Array(1) }),
    },
    logger,
  );
});

describe('review-api Lambda (HTTP API payload v2, IAM authoriser)', () => {
  it('records a decision under the IAM role session ARN and logs one structured line per request', async () => {
    const info = vi.spyOn(logger, 'info');
    const [c] = await deps.cases.list();
    const res = await handler(event('POST', `/api/cases/${c!.case_id}/transitions`, { body: JSON.stringify({ status: 'reviewing' }), base64: true }));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body!).case.status).toBe('reviewing');
    expect((await deps.cases.audit(c!.case_id)).at(-1)!.by).toBe(ROLE_SESSION);
    expect(info).toHaveBeenCalledWith('review request', expect.objectContaining({ method: 'POST', status: 200, principal: ROLE_SESSION, requestId: 'req-1' }));
  });

  it('falls back to the IAM user id when no ARN is given, and answers 403 without an IAM identity', async () => {
    const me = await handler(event('GET', '/api/meta', { iam: { userArn: null } }));
    expect(JSON.parse(me.body!).principal.id).toBe('AROAEXAMPLE:zhang.san');
    const info = vi.spyOn(logger, 'info');
    const anonymous = await handler(event('GET', '/api/cases', { iam: null }));
    expect(anonymous.statusCode).toBe(403);
    expect(info).toHaveBeenCalledWith('review request', expect.objectContaining({ status: 403, principal: null, error: 'forbidden' }));
  });

  it('passes comma-joined query parameters through and returns case files base64-encoded, byte for byte', async () => {
    const list = await handler(event('GET', '/api/cases', { query: { severity: 'high,medium', limit: '3' } }));
    expect(list.statusCode).toBe(200);
    const page = JSON.parse(list.body!);
    expect(page.cases).toHaveLength(3);
    const id = page.cases[0].case_id as string;
    const file = await handler(event('GET', `/api/cases/${id}/files/evidence.csv`));
    expect(file.isBase64Encoded).toBe(true);
    const bytes = Buffer.from(file.body!, 'base64');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.headers!['x-content-sha256']);
  });

  it('serves the page from the same function and logs server faults as errors', async () => {
    const page = await handler(event('GET', '/'));
    expect([page.statusCode, page.headers!['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
    const error = vi.spyOn(logger, 'error');
    const broken = createHandler({ cases: { list: () => Promise.reject(new Error('throttled')) } as never, caseBlobs: deps.caseBlobs, clock: deps.clock }, logger);
    expect((await broken(event('GET', '/api/cases'))).statusCode).toBe(500);
    expect(error).toHaveBeenCalledWith('review request failed', expect.objectContaining({ path: '/api/cases', error: expect.objectContaining({ message: 'throttled' }) }));
  });
});
