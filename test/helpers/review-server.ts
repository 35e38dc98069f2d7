import { PassThrough } from 'node:stream';
import type { LocalServer } from '../../lib/api/local-server';
import type { CliIo } from '../../lib/cli/io';
import { runServeCli } from '../../lib/cli/serve-command';
import { startTestRuntime } from './local-stack';
import { checkSampleDistrict } from './review-fixtures';

/**
 * dynalite + s3rver holding the sample district's cases (built by `check`), and
 * `statsentry serve --port 0 --user <user>` running on them in this process (with the
 * inspection draw, as bin/statsentry.ts wires it).
 */
export async function startReviewServer(user: string) {
  const rt = await startTestRuntime();
  const check = await checkSampleDistrict({ records: rt.records, findings: rt.findings, clock: rt.clock, cases: rt.cases, caseBlobs: rt.caseBlobs });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += String(c)));
  stderr.on('data', (c) => (err += String(c)));
  const io: CliIo = { stdout, stderr, interactive: false };
  const stop = new AbortController();
  let exit!: Promise<number>;
  const server = await new Promise<LocalServer>((resolve, reject) => {
    const { records, findings, draws, blobs, clock } = rt;
    exit = runServeCli({ cases: rt.cases, caseBlobs: rt.caseBlobs, clock, draw: { records, findings, draws, blobs, clock } }, ['--port', '0', '--user', user], io, {
      signal: stop.signal,
      onListening: resolve,
    });
    exit.then((code) => reject(new Error(`serve exited with ${code} before listening: ${err}`)), reject);
  });
  return {
    rt,
    check,
    url: server.url,
    stdout: () => out,
    stderr: () => err,
    /** Stops the server (as Ctrl+C would), then the local stack; resolves with serve's exit code. */
    async stop(): Promise<number> {
      stop.abort();
      const code = await exit;
      await rt.dispose();
      return code;
    },
  };
}
