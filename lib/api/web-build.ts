import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WEB_FILES, webAssets, type WebAssets, type WebFileName } from './web-assets';

/** The repository's web/ folder (source of the review page). */
export const WEB_SOURCE_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

/**
 * Compiles web/src/main.ts (TypeScript, ES modules) into one app.js with the locally
 * installed esbuild, in memory, and reads index.html and style.css beside it. Run when
 * `statsentry serve` starts and when the review-api Lambda is bundled, so no built file
 * is committed and nothing can be stale. esbuild strips types only: web/tsconfig.json is
 * what type-checks the page (test/unit/api/web-page.test.ts runs it).
 */
export async function buildWebFiles(sourceDir = WEB_SOURCE_DIR): Promise<Record<WebFileName, Uint8Array>> {
  // Imported here, not at the top: the Lambda reads pre-built files and ships without esbuild.
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    entryPoints: [join(sourceDir, 'src', 'main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    minify: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const js = out.outputFiles[0];
  if (!js) throw new Error('esbuild produced no output for web/src/main.ts');
  return {
    'index.html': new Uint8Array(await readFile(join(sourceDir, 'index.html'))),
    'app.js': js.contents,
    'style.css': new Uint8Array(await readFile(join(sourceDir, 'style.css'))),
  };
}

export async function buildWebAssets(sourceDir = WEB_SOURCE_DIR): Promise<WebAssets> {
  return webAssets(await buildWebFiles(sourceDir));
}

/** Writes the built page into `outDir` (flat: index.html, app.js, style.css), for the Lambda bundle. */
export async function writeWebFiles(outDir: string, sourceDir = WEB_SOURCE_DIR): Promise<string[]> {
  const files = await buildWebFiles(sourceDir);
  await mkdir(outDir, { recursive: true });
  for (const name of WEB_FILES) await writeFile(join(outDir, name), files[name]);
  return WEB_FILES.map((name) => join(outDir, name));
}
