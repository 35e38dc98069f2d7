import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, errorResponse, MAX_BODY_BYTES, type ApiRequest, type ApiResponse, type Principal } from './http';
import { handleReviewRequest, type ReviewAppDeps } from './review-app';

export interface LocalServerOptions {
  deps: ReviewAppDeps;
  /** 0 = any free port. */
  port: number;
  /** Loopback by default: the local server has no authentication of its own. */
  host?: string;
  /** Everyone who reaches this server acts as this principal (`statsentry serve --user`). */
  principal: Principal;
  /** One line per request (method, path, status, ms). */
  log?: (line: string) => void;
}

export interface LocalServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Reads at most MAX_BODY_BYTES + 1 bytes: enough for the handler to refuse an oversized body with 413. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (size > MAX_BODY_BYTES) continue; // drain the rest without keeping it
    chunks.push(chunk);
    size += chunk.length;
  }
  if (!chunks.length) return undefined;
  const all = Buffer.concat(chunks);
  return all.subarray(0, MAX_BODY_BYTES + 1).toString('utf8');
}

function toApiRequest(req: IncomingMessage, body: string | undefined, principal: Principal): ApiRequest {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const query: Record<string, string> = {};
  // API Gateway joins a repeated parameter with commas; do the same so both behave alike.
  for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key).join(',');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return { method: req.method ?? 'GET', path: url.pathname, query, headers, body, principal };
}

function send(res: ServerResponse, r: ApiResponse): void {
  const body = typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength);
  res.writeHead(r.status, { ...r.headers, 'content-length': String(body.byteLength) });
  res.end(body);
}

/**
 * `statsentry serve`: the review page and API on node:http, mapped onto the same
 * handleReviewRequest as the Lambda. A Host header that is not this loopback address is
 * refused, so a web page elsewhere cannot reach the server by DNS rebinding.
 */
export async function startLocalServer(opts: LocalServerOptions): Promise<LocalServer> {
  const host = opts.host ?? '127.0.0.1';
  const loopback = LOOPBACK.has(host);
  const server = createServer((req, res) => {
    const started = Date.now();
    void (async () => {
      let response: ApiResponse;
      try {
        const hostName = (req.headers.host ?? '').replace(/:\d+$/, '');
        if (loopback && !LOOPBACK.has(hostName)) {
          response = errorResponse(new ApiError(403, 'bad_host', `拒绝非本机地址 ${hostName}`, `refused Host ${hostName}: this server answers loopback names only`));
        } else if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
          req.resume();
          response = errorResponse(new ApiError(413, 'payload_too_large', `请求正文超过 ${MAX_BODY_BYTES / 1024} KB`, `the body exceeds ${MAX_BODY_BYTES / 1024} KB`));
        } else {
          response = await handleReviewRequest(opts.deps, toApiRequest(req, await readBody(req), opts.principal));
        }
      } catch (err) {
        opts.deps.onServerError?.(err, { method: req.method ?? '', path: req.url ?? '', query: {}, headers: {} });
        response = errorResponse(new ApiError(500, 'internal_error', '服务器内部错误', 'internal server error'));
      }
      send(res, response);
      opts.log?.(`${req.method} ${req.url} ${response.status} ${Date.now() - started}ms`);
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    async close() {
      // Browsers keep connections alive; close them too, or close() waits for their timeout.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
