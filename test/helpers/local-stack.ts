import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../lib/adapters/config';
import { openRuntime, type Runtime } from '../../lib/adapters/runtime';

/** A fresh dynalite + s3rver pair in a temp directory, for one test file. */
export async function startTestRuntime(opts: { allow?: string[] } = {}): Promise<Runtime & { dir: string; dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'statsentry-test-'));
  const config = loadConfig({ STATSENTRY_DATA_DIR: dir, STATSENTRY_USCC_ALLOW_LIST: (opts.allow ?? []).join(',') });
  const rt = await openRuntime(config);
  return Object.assign(rt, {
    dir,
    async dispose() {
      await rt.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
