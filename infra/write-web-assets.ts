/**
 * Writes the compiled review page into a folder: `tsx infra/write-web-assets.ts <dir>`.
 * Run by the review-api function's bundling (infra/stacks/review-stack.ts, afterBundling),
 * so the Lambda bundle carries web/index.html, app.js and style.css beside index.mjs.
 */
import { writeWebFiles } from '../lib/api/web-build';

const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: tsx infra/write-web-assets.ts <output folder>');
  process.exit(2);
}
const written = await writeWebFiles(outDir);
console.error(`review page: ${written.join(', ')}`);
