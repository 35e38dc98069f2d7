import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import type { ApiRequest, ApiResponse } from '../../lib/api/http';
import { handleReviewRequest, type ReviewAppDeps } from '../../lib/api/review-app';

/**
 * API Gateway HTTP API (payload v2, IAM authorisation on every route) → the review API and
 * page. API Gateway has already checked the SigV4 signature; the caller's IAM identity is
 * the principal, so a decision is recorded under the ARN of the role session that made it.
 */
export function toApiRequest(event: APIGatewayProxyEventV2WithIAMAuthorizer): ApiRequest {
  const iam = event.requestContext.authorizer?.iam;
  const id = iam?.userArn || iam?.userId;
  const body = event.body === undefined ? undefined : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
  return {
    method: event.requestContext.http.method,
    // The $default stage: rawPath carries no stage prefix.
    path: event.rawPath,
    // Payload v2 already joins a repeated parameter with commas, as the API expects.
    query: event.queryStringParameters ?? {},
    headers,
    body,
    principal: id ? { id } : undefined,
  };
}

export function toResult(res: ApiResponse): APIGatewayProxyStructuredResultV2 {
  if (typeof res.body === 'string') return { statusCode: res.status, headers: res.headers, body: res.body, isBase64Encoded: false };
  // Case files go out byte for byte, so their SHA-256 still matches the manifest.
  return { statusCode: res.status, headers: res.headers, body: Buffer.from(res.body).toString('base64'), isBase64Encoded: true };
}

export function createHandler(deps: ReviewAppDeps, logger = new Logger({ serviceName: 'statsentry-review-api' })) {
  return async (event: APIGatewayProxyEventV2WithIAMAuthorizer): Promise<APIGatewayProxyStructuredResultV2> => {
    const started = Date.now();
    const req = toApiRequest(event);
    const res = await handleReviewRequest(
      { ...deps, onServerError: (err) => logger.error('review request failed', { method: req.method, path: req.path, principal: req.principal?.id, error: err as Error }) },
      req,
    );
    // No bodies in the log: reasons and notes may name people; the audit trail keeps them.
    logger.info('review request', {
      method: req.method,
      path: req.path,
      status: res.status,
      principal: req.principal?.id ?? null,
      requestId: event.requestContext.requestId,
      ms: Date.now() - started,
      ...(res.status >= 400 && typeof res.body === 'string' ? { error: errorCode(res.body) } : {}),
    });
    return toResult(res);
  };
}

function errorCode(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}
