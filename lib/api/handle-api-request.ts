import { ApiError, byteLength, errorResponse, json, MAX_BODY_BYTES, type ApiRequest, type ApiResponse } from './http';
import { closeCaseItem, getCase, getCaseFile, listCases, transitionCase, type CaseRouteDeps, type RouteCall } from './case-routes';
import { drawsAvailable, postDraw, type DrawRouteDeps } from './draws-route';
import { toApiError } from './errors';
import { EmptyQuerySchema, parsePart } from './schemas';
import { metaView } from './views';

export type ApiDeps = CaseRouteDeps &
  DrawRouteDeps & {
    /** Told about every failure that is not the caller's (answered 500 without details). */
    onServerError?: (err: unknown, req: ApiRequest) => void;
  };

type Handler = (deps: ApiDeps, call: RouteCall) => Promise<ApiResponse>;

interface Route {
  method: 'GET' | 'POST';
  /** Segments; `:name` captures one path segment. */
  path: string;
  handler: Handler;
}

/**
 * Every route of the review API. infra/stacks/review-stack.ts declares the same list on
 * API Gateway (REVIEW_API_ROUTES) so that the two cannot drift apart.
 */
export const API_ROUTES: readonly Route[] = [
  { method: 'GET', path: '/api/meta', handler: async (deps, { req, principal }) => (parsePart(EmptyQuerySchema, req.query, 'query'), json(200, metaView(principal, drawsAvailable(deps)))) },
  { method: 'GET', path: '/api/cases', handler: listCases },
  { method: 'GET', path: '/api/cases/:id', handler: getCase },
  { method: 'GET', path: '/api/cases/:id/files/:name', handler: getCaseFile },
  { method: 'POST', path: '/api/cases/:id/transitions', handler: transitionCase },
  { method: 'POST', path: '/api/cases/:id/items/:item/close', handler: closeCaseItem },
  { method: 'POST', path: '/api/inspections/draws', handler: postDraw },
];

function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(':')) {
      if (!g) return undefined;
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        throw new ApiError(400, 'invalid_request', '请求路径编码无效', 'malformed percent-encoding in the path');
      }
    } else if (w !== g) return undefined;
  }
  return params;
}

/**
 * The review API as a pure function of the request: no server, no AWS, no environment.
 * Order of checks: body size (413), principal (403), route (404), method (405), then the
 * route validates its path, query and body with zod (400) and calls the use case.
 */
export async function handleApiRequest(deps: ApiDeps, req: ApiRequest): Promise<ApiResponse> {
  try {
    if (byteLength(req.body) > MAX_BODY_BYTES) {
      throw new ApiError(413, 'payload_too_large', `请求正文超过 ${MAX_BODY_BYTES / 1024} KB`, `the body exceeds ${MAX_BODY_BYTES / 1024} KB`);
    }
    const principal = req.principal;
    if (!principal?.id.trim()) throw new ApiError(403, 'forbidden', '未识别调用者身份，拒绝访问', 'the caller is not authenticated');
    const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
    const candidates = API_ROUTES.flatMap((route) => {
      const params = match(route.path, path);
      return params ? [{ route, params }] : [];
    });
    if (!candidates.length) throw new ApiError(404, 'no_route', `没有此接口 ${path}`, `no such endpoint: ${path}`);
    const hit = candidates.find((c) => c.route.method === req.method.toUpperCase());
    if (!hit) {
      const allow = [...new Set(candidates.map((c) => c.route.method))].join(', ');
      throw new ApiError(405, 'method_not_allowed', `此接口不支持 ${req.method}（可用 ${allow}）`, `${req.method} is not allowed here (allowed: ${allow})`, undefined, { allow });
    }
    return await hit.route.handler(deps, { req, params: hit.params, principal });
  } catch (err) {
    const apiError = toApiError(err);
    if (apiError && apiError.status !== 500) return errorResponse(apiError);
    deps.onServerError?.(err, req);
    return errorResponse(apiError ?? new ApiError(500, 'internal_error', '服务器内部错误，已记录', 'internal server error (logged)'));
  }
}
