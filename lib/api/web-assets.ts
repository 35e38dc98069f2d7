import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bytesResponse, type ApiResponse } from './http';

/**
 * The review page's files (web/): index.html, the compiled app.js and style.css, served
 * by the same process as the API (locally by `statsentry serve`, on AWS by the review-api
 * Lambda), so that the page and the API share one origin and one authorisation.
 */
export const WEB_FILES = ['index.html', 'app.js', 'style.css'] as const;
export type WebFileName = (typeof WEB_FILES)[number];

export interface WebAsset {
  body: Uint8Array;
  contentType: string;
}

/** URL path → asset. */
export type WebAssets = ReadonlyMap<string, WebAsset>;

const CONTENT_TYPE: Record<WebFileName, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

/** Where each file is served: the page at `/`, the rest under `/assets/`. */
export const webPathOf = (name: WebFileName) => (name === 'index.html' ? '/' : `/assets/${name}`);

/**
 * The page's policy: its own script and style only, no inline code, case pages only in
 * frames of the same origin, and it may not itself be framed elsewhere.
 */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export function webAssets(files: Readonly<Record<WebFileName, Uint8Array>>): WebAssets {
  return new Map(WEB_FILES.map((name) => [webPathOf(name), { body: files[name], contentType: CONTENT_TYPE[name] }]));
}

/** Reads the built files from a folder (the Lambda bundle's `web/`). */
export async function loadWebAssets(dir: string): Promise<WebAssets> {
  const entries = await Promise.all(WEB_FILES.map(async (name) => [name, new Uint8Array(await readFile(join(dir, name)))] as const));
  return webAssets(Object.fromEntries(entries) as Record<WebFileName, Uint8Array>);
}

/** The asset at this path for GET/HEAD, or undefined. */
export function serveWebAsset(assets: WebAssets | undefined, method: string, path: string): ApiResponse | undefined {
  if (!assets || (method !== 'GET' && method !== 'HEAD')) return undefined;
  const asset = assets.get(path === '/index.html' ? '/' : path);
  if (!asset) return undefined;
  const headers: Record<string, string> = { 'cache-control': 'no-cache' };
  if (asset.contentType.startsWith('text/html')) Object.assign(headers, { 'content-security-policy': PAGE_CSP, 'referrer-policy': 'no-referrer' });
  return bytesResponse(200, method === 'HEAD' ? new Uint8Array() : asset.body, asset.contentType, headers);
}
