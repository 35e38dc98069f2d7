import { handleApiRequest, type ApiDeps } from './handle-api-request';
import { ApiError, errorResponse, type ApiRequest, type ApiResponse } from './http';
import { serveWebAsset, type WebAssets } from './web-assets';

export type ReviewAppDeps = ApiDeps & { assets?: WebAssets };

/**
 * Everything one origin serves: `/api/…` goes to the review API, other GETs to the page's
 * files. Used by the local server and the review-api Lambda alike.
 */
export async function handleReviewRequest(deps: ReviewAppDeps, req: ApiRequest): Promise<ApiResponse> {
  if (req.path === '/api' || req.path.startsWith('/api/')) return handleApiRequest(deps, req);
  const asset = serveWebAsset(deps.assets, req.method.toUpperCase(), req.path);
  if (asset) return asset;
  if (deps.assets && serveWebAsset(deps.assets, 'GET', req.path)) {
    return errorResponse(new ApiError(405, 'method_not_allowed', `页面文件只支持 GET`, 'page files answer GET only', undefined, { allow: 'GET, HEAD' }));
  }
  return errorResponse(new ApiError(404, 'no_route', `没有此页面 ${req.path}`, `not found: ${req.path}`));
}
