import { createServer } from 'node:net';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MemoryBlobStore } from '../../../lib/adapters/memory/memory-blob-store';
import { MemoryCaseStore } from '../../../lib/adapters/memory/memory-case-store';
import { webAssets } from '../../../lib/api/web-assets';
import type { LocalServer } from '../../../lib/api/local-server';
import type { CliIo } from '../../../lib/cli/io';
import { runServeCli, SERVE_USAGE } from '../../../lib/cli/serve-command';
import { steppingClock } from '../../helpers/review-fixtures';

const deps = () => ({ cases: new MemoryCaseStore(), caseBlobs: new MemoryBlobStore(), clock: steppingClock() });
const assets = webAssets({ 'index.html': new TextEncoder().encode('<!doctype html>'), 'app.js': new Uint8Array(1), 'style.css': new Uint8Array(1) });

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += String(c)));
  stderr.on('data', (c) => (err += String(c)));
  const cli: CliIo = { stdout, stderr, interactive: false };
  return { cli, out: () => out, err: () => err };
}

describe('statsentry serve', () => {
  it('refuses bad arguments with the usage and exit code 2, and prints the usage for --help', async () => {
    for (const argv of [['--port', 'abc'], ['--port', '70000'], ['--bogus'], ['extra'], ['--user', '  ']]) {
      const o = io();
      expect(await runServeCli(deps(), argv, o.cli, { assets }), argv.join(' ')).toBe(2);
      expect(o.err()).toContain('statsentry serve [--port 8080]');
    }
    const help = io();
    expect(await runServeCli(deps(), ['--help'], help.cli, { assets })).toBe(0);
    expect(help.out()).toBe(`${SERVE_USAGE}\n`);
  });

  it('acts as local:<os user> by default, and stops with exit code 0 when told to', async () => {
    const stop = new AbortController();
    const o = io();
    let server!: LocalServer;
    const exit = runServeCli(deps(), ['--port', '0'], o.cli, { assets, osUser: 'wangwu', signal: stop.signal, onListening: (s) => (server = s) });
    await expect.poll(() => server).toBeDefined();
    const meta = (await (await fetch(`${server.url}/api/meta`)).json()) as { principal: { id: string } };
    expect(meta.principal.id).toBe('local:wangwu');
    expect(o.out()).toMatch(/评审页面 review page: http:\/\/127\.0\.0\.1:\d+\//);
    stop.abort();
    expect(await exit).toBe(0);
    expect(o.err()).toContain('已停止 / stopped');
    await expect(fetch(`${server.url}/api/meta`)).rejects.toThrow();
  });

  it('exits 1 with a bilingual message when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const o = io();
      expect(await runServeCli(deps(), ['--port', String(port)], o.cli, { assets, signal: AbortSignal.abort() })).toBe(1);
      expect(o.err()).toContain(`端口 ${port} 已被占用 / port ${port} is in use`);
    } finally {
      blocker.close();
    }
  });
});
