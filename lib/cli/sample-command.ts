import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildSchemas, knownColumns } from '../contract/schemas';
import { RECORD_KINDS } from '../domain/kinds';
import { generateSample, type SampleOptions } from '../sample/generate';
import { toCsv } from '../sample/to-csv';
import type { SampleTruth } from '../sample/model';

/** Writes the sample district as one CSV per kind plus `truth.json` (what was injected). */
export async function writeSample(dir: string, opts: SampleOptions = {}): Promise<{ files: string[]; truth: SampleTruth; rows: number }> {
  const { files, truth } = generateSample(opts);
  const schemas = buildSchemas({ usccAllowList: new Set() });
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  let rows = 0;
  for (const kind of RECORD_KINDS) {
    const path = join(dir, `${kind}.csv`);
    await writeFile(path, toCsv(knownColumns(schemas, kind), files[kind]));
    written.push(path);
    rows += files[kind].length;
  }
  await writeFile(join(dir, 'truth.json'), JSON.stringify(truth, null, 2));
  return { files: written, truth, rows };
}
