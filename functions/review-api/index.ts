import { fileURLToPath } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { loadConfig } from '../../lib/adapters/config';
import { lambdaDeps } from '../../lib/adapters/lambda-deps';
import { loadWebAssets, type WebAssets } from '../../lib/api/web-assets';
import { createHandler } from './handler';

/**
 * Lambda entry: configuration, clients and the page's files are loaded once per container.
 * The page was compiled into `web/` beside this bundle at deployment (infra/stacks/review-stack.ts).
 */
const logger = new Logger({ serviceName: 'statsentry-review-api' });
const config = loadConfig();
const deps = lambdaDeps(config);

let assets: WebAssets | undefined;
try {
  assets = await loadWebAssets(fileURLToPath(new URL('./web/', import.meta.url)));
} catch (err) {
  // The API still answers; only the page is missing (a bundle built without the web step).
  logger.warn('review page files not found in the bundle; serving the API only', { error: err as Error });
}

// One bundle for both functions of the review stack: API Gateway sends the draw route to the
// draw function (whose role may scan units and publish draws) and every other route to the
// review function (whose role touches case items and case files only).
const { records, findings, draws, blobs, clock } = deps;
export const handler = createHandler({ cases: deps.cases, caseBlobs: deps.caseBlobs, clock, draw: { records, findings, draws, blobs, clock }, assets }, logger);
