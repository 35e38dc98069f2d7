import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetailView, CaseListView, MetaView } from '../../lib/api/views';
import { ingestFile } from '../../lib/use-cases/ingest';
import { sampleInspectors, sampleUnits } from '../helpers/draw-fixtures';
import { enc } from '../helpers/memory-deps';
import { REPO } from '../helpers/paths';
import { startReviewServer } from '../helpers/review-server';

let server: Awaited<ReturnType<typeof startReviewServer>>;
beforeAll(async () => {
  server = await startReviewServer('local:alice');
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

const json = async <T>(path: string, init?: RequestInit) => {
  const res = await fetch(`${server.url}${path}`, init);
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read by assertions
const postJson = (path: string, body: unknown) => json<Record<string, any>>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('statsentry serve against dynalite and s3rver', () => {
  it('prints where it listens and who decisions are recorded as', () => {
    expect(server.stdout()).toContain(`评审页面 review page: ${server.url}/`);
    expect(server.stdout()).toContain('acting as: local:alice');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers the queue with filters (repeated parameters too) and pages', async () => {
    const all = await json<CaseListView>('/api/cases?limit=200');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(server.check.cases!.created.length);
    const town = all.body.cases[0]!.town_code;
    const filtered = await json<CaseListView>(`/api/cases?town=${town}&severity=high&severity=medium&status=new`);
    expect(filtered.body.cases.every((c) => c.town_code === town)).toBe(true);
    expect(filtered.body.total).toBe(all.body.cases.filter((c) => c.town_code === town).length);
    const first = await json<CaseListView>('/api/cases?limit=3');
    const second = await json<CaseListView>(`/api/cases?limit=3&cursor=${first.body.next_cursor}`);
    expect([...first.body.cases, ...second.body.cases].map((c) => c.case_id)).toEqual(all.body.cases.slice(0, 6).map((c) => c.case_id));
    const bad = await json<{ error: { code: string } }>('/api/cases?limit=1000');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_request']);
  });

  it('shows a case with verified evidence and serves its files as the manifest says', async () => {
    const [first] = (await json<CaseListView>('/api/cases?limit=1')).body.cases;
    const detail = await json<CaseDetailView>(`/api/cases/${first!.case_id}`);
    expect(detail.body.evidence.verified).toBe(true);
    expect(detail.body.audit[0]).toMatchObject({ action: 'create', to: 'new' });
    for (const link of detail.body.files.filter((f) => f.name !== 'manifest.json')) {
      const res = await fetch(`${server.url}${link.href}`);
      expect(res.status, link.name).toBe(200);
      expect(
        createHash('sha256')
          .update(Buffer.from(await res.arrayBuffer()))
          .digest('hex'),
      ).toBe(link.sha256);
    }
  });

  it('records a decision under --user, refuses an illegal one (409) and a body naming the actor (400)', async () => {
    const { cases } = (await json<CaseListView>('/api/cases?status=new&limit=2')).body;
    const id = cases[1]!.case_id;
    const illegal = await postJson(`/api/cases/${id}/transitions`, { status: 'filed' });
    expect([illegal.status, illegal.body.error.code]).toEqual([409, 'illegal_transition']);
    const actor = await postJson(`/api/cases/${id}/transitions`, { status: 'reviewing', by: 'mallory' });
    expect([actor.status, actor.body.error.code]).toEqual([400, 'actor_not_allowed']);
    const ok = await postJson(`/api/cases/${id}/transitions`, { status: 'reviewing', expected_rev: cases[1]!.rev });
    expect(ok.status).toBe(200);
    const after = await json<CaseDetailView>(`/api/cases/${id}`);
    expect(after.body.case.status).toBe('reviewing');
    expect(after.body.audit.at(-1)).toMatchObject({ by: 'local:alice', from: 'new', to: 'reviewing' });
    expect((await server.rt.cases.get(id))!.status).toBe('reviewing');
  });

  it('refuses a form post (415), an oversized body (413), a foreign Host header (403) and serves the page', async () => {
    const [c] = (await json<CaseListView>('/api/cases?limit=1')).body.cases;
    const form = await fetch(`${server.url}/api/cases/${c!.case_id}/transitions`, { method: 'POST', body: new URLSearchParams({ status: 'reviewing' }) });
    expect(form.status).toBe(415);
    const big = await fetch(`${server.url}/api/cases/${c!.case_id}/transitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'reviewing', reason: 'x'.repeat(70_000) }),
    });
    expect(big.status).toBe(413);
    const rebinding = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/api/meta`, { headers: { host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(rebinding).toBe(403);
    const page = await fetch(`${server.url}/`);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(await page.text()).toContain('assets/app.js');
    expect((await fetch(`${server.url}/assets/app.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const meta = await json<MetaView>('/api/meta');
    expect(meta.body.principal).toEqual({ id: 'local:alice' });
  });
});

describe('POST /api/inspections/draws through the local server', () => {
  it('draws from the stored register under --user, stores the draw in dynalite and publishes it to s3rver', async () => {
    const units = await ingestFile(server.rt, { name: 'units.csv', body: enc(sampleUnits().csv) });
    expect(units.rejected).toBe(0);
    expect((await json<MetaView>('/api/meta')).body.draws_available).toBe(true);
    const made = await postJson('/api/inspections/draws', { count: 6, seed: 'integration', inspectors: sampleInspectors() });
    expect(made.status).toBe(201);
    expect(made.body.draw).toMatchObject({ drawn_by: 'local:alice', result: { drawn: 6 } });
    expect(await server.rt.draws.get(made.body.draw.draw_id)).toEqual(made.body.draw);
    expect(await server.rt.blobs.exists(made.body.published_key)).toBe(true);
    expect((await postJson('/api/inspections/draws', { count: 6, seed: 'integration', inspectors: sampleInspectors() })).status).toBe(200);
  });
});

describe('bin/statsentry serve', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'statsentry-serve-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs until Ctrl+C (SIGINT to its process group), then stops the server and the local stack', async () => {
    const child = spawn(process.execPath, [join(REPO, 'bin/statsentry.mjs'), 'serve', '--port', '0', '--user', 'carol'], {
      env: { ...process.env, STATSENTRY_DATA_DIR: dataDir, NODE_OPTIONS: '' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (c) => (err += String(c)));
    const closed = new Promise<void>((resolve) => child.stdout.on('close', () => resolve()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c) => {
        out += String(c);
        const m = /review page: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`serve exited early: ${err}`)));
    });
    const meta = (await (await fetch(`${url}/api/meta`)).json()) as MetaView;
    expect(meta.principal.id).toBe('carol');
    expect((await (await fetch(`${url}/api/cases`)).json()) as CaseListView).toMatchObject({ total: 0, cases: [] });
    process.kill(-child.pid!, 'SIGINT');
    await closed;
    expect(err).toContain('已停止 / stopped');
    await expect(fetch(`${url}/api/meta`)).rejects.toThrow();
  }, 60_000);
});
