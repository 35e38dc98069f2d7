import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiRequest } from '../../../lib/api/http';
import { handleReviewRequest } from '../../../lib/api/review-app';
import { PAGE_CSP, webAssets } from '../../../lib/api/web-assets';
import { buildWebAssets, WEB_SOURCE_DIR } from '../../../lib/api/web-build';
import { MemoryBlobStore } from '../../../lib/adapters/memory/memory-blob-store';
import { MemoryCaseStore } from '../../../lib/adapters/memory/memory-case-store';
import { REPO } from '../../helpers/paths';
import { steppingClock } from '../../helpers/review-fixtures';

const text = (b: string | Uint8Array) => (typeof b === 'string' ? b : new TextDecoder().decode(b));
const get = (path: string, method = 'GET'): ApiRequest => ({ method, path, query: {}, headers: {}, principal: { id: 'local:test' } });

describe('the review page (web/)', () => {
  it('type-checks with its own tsconfig (DOM, strict), against the API view types it imports', () => {
    const tsc = spawnSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', join(REPO, 'web/tsconfig.json')], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 60_000);

  it('never parses data as markup: no innerHTML, outerHTML, insertAdjacentHTML or document.write in its source', () => {
    const dir = join(WEB_SOURCE_DIR, 'src');
    for (const file of readdirSync(dir)) {
      const source = readFileSync(join(dir, file), 'utf8');
      expect(source, file).not.toMatch(/\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML\(|document\.write\(|\beval\(|new Function\(/);
    }
  });

  it('compiles with esbuild into one ES module, served with index.html and style.css by the review app', async () => {
    const assets = await buildWebAssets();
    const js = text(assets.get('/assets/app.js')!.body);
    expect(js).toContain('/api/meta');
    expect(js).not.toMatch(/^import /m);
    const deps = { cases: new MemoryCaseStore(), caseBlobs: new MemoryBlobStore(), clock: steppingClock(), assets };
    const page = await handleReviewRequest(deps, get('/'));
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(PAGE_CSP);
    expect(text(page.body)).toContain('<script type="module" src="assets/app.js"></script>');
    const script = await handleReviewRequest(deps, get('/assets/app.js'));
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await handleReviewRequest(deps, get('/assets/style.css'))).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await handleReviewRequest(deps, get('/index.html'))).status).toBe(200);
    const head = await handleReviewRequest(deps, get('/', 'HEAD'));
    expect([head.status, (head.body as Uint8Array).byteLength]).toEqual([200, 0]);
  });

  it('answers 405 for a non-GET on a page file and 404 JSON for anything else', async () => {
    const deps = {
      cases: new MemoryCaseStore(),
      caseBlobs: new MemoryBlobStore(),
      clock: steppingClock(),
      assets: webAssets({ 'index.html': new Uint8Array(1), 'app.js': new Uint8Array(1), 'style.css': new Uint8Array(1) }),
    };
    const post = await handleReviewRequest(deps, get('/', 'POST'));
    expect([post.status, post.headers.allow]).toEqual([405, 'GET, HEAD']);
    const missing = await handleReviewRequest(deps, get('/etc/passwd'));
    expect(missing.status).toBe(404);
    expect(JSON.parse(text(missing.body)).error.code).toBe('no_route');
    expect((await handleReviewRequest({ ...deps, assets: undefined }, get('/'))).status).toBe(404);
  });
});
