/**
 * The rule set on the second world (../shared/worlds/second, another author's generator in the
 * same contract), run as a user would: generate → ingest every file through the real parsers →
 * load → confront → findings export (JSONL) → the world's own score.py.
 *
 *   npx tsx bench/worlds/second.ts --seed 101 --seed 202 [--units 500] [--cache DIR] [--keep]
 *
 * Generated districts are cached under DIR (default .statsentry/worlds/second/<seed>-<units>);
 * the findings export is written beside the labels so that a person can read what was missed.
 * Prints one score table per seed and returns the parsed scores for bench/worlds/compare.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findingsToJsonl, sortFindings } from '../../lib/cli/check-command';
import { isRecordKind } from '../../lib/domain/kinds';
import { engineConfig } from '../../lib/engine/config';
import { confront } from '../../lib/engine/confront';
import { buildDistrictData } from '../../lib/engine/district-data';
import { ALL_RULES } from '../../lib/rules/registry';
import type { HoldoutFile } from '../holdout/emit';
import { ingestHoldout } from '../holdout/load';

const here = dirname(fileURLToPath(import.meta.url));
/** The second world beside the checkout (../shared), as CI and every developer machine lay it out. */
export const SECOND_WORLD = resolve(here, '../../../shared/worlds/second');

export interface WorldPatternScore {
  labelled: number;
  recalled: number;
  recall: number | null;
  flagged: number;
  neutral: number;
  true_positives: number;
  precision: number | null;
  f1: number | null;
}

export interface WorldScore {
  patterns: Record<string, WorldPatternScore>;
  macro_f1: number;
  recall: number;
  precision: number;
  lookalikes_flagged: Record<string, { flagged: number; of: number }>;
}

/** Generates (or reuses) one district of the second world and returns its folder. */
export function generateSecond(seed: number, units: number, cacheRoot: string): string {
  const dir = join(cacheRoot, `${seed}-${units}`);
  if (!existsSync(join(dir, `labels-${seed}.json`))) {
    mkdirSync(dir, { recursive: true });
    execFileSync('python3', [join(SECOND_WORLD, 'generate.py'), '--seed', String(seed), '--units', String(units), '--out', join(dir, 'data')], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return dir;
}

function readFolder(dataDir: string): HoldoutFile[] {
  const files: HoldoutFile[] = [];
  for (const name of readdirSync(dataDir).sort()) {
    const kind = name.split(/[-.]/)[0]!;
    if (!isRecordKind(kind)) continue;
    files.push({ name, kind, body: readFileSync(join(dataDir, name)), rows: 0 });
  }
  return files;
}

/** One seed end to end; writes findings.jsonl beside the labels and returns score.py's result. */
export async function runSecond(seed: number, units: number, cacheRoot: string): Promise<{ score: WorldScore; seconds: number; findings: number }> {
  const started = performance.now();
  const dir = generateSecond(seed, units, cacheRoot);
  const loaded = await ingestHoldout(readFolder(join(dir, 'data')));
  const data = buildDistrictData(loaded.input);
  const { findings, summary } = confront(data, ALL_RULES, engineConfig({ districtCode: '371302' }));
  for (const s of summary) if (s.error) console.error(`rule ${s.rule_id} failed: ${s.error.split('\n')[0]}`);
  const out = join(dir, 'findings.jsonl');
  writeFileSync(out, findingsToJsonl(sortFindings(findings)));
  const json = execFileSync('python3', [join(SECOND_WORLD, 'score.py'), join(dir, `labels-${seed}.json`), out, '--json'], { encoding: 'utf8' });
  return { score: JSON.parse(json) as WorldScore, seconds: (performance.now() - started) / 1000, findings: findings.length };
}

const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '   –' : x.toFixed(2));

export function printWorldScore(title: string, s: WorldScore): void {
  console.log(title);
  console.log('pattern                     labelled recalled flagged   TP  precision recall   F1');
  for (const [p, r] of Object.entries(s.patterns)) {
    if (!r.labelled && !r.flagged) continue;
    console.log(
      `${p.padEnd(27)} ${String(r.labelled).padStart(8)} ${String(r.recalled).padStart(8)} ${String(r.flagged).padStart(7)} ${String(r.true_positives).padStart(4)}  ${fmt(r.precision).padStart(9)} ${fmt(r.recall).padStart(6)} ${fmt(r.f1).padStart(5)}`,
    );
  }
  const alarms = Object.entries(s.lookalikes_flagged).filter(([, v]) => v.flagged);
  console.log(`macro-F1 ${s.macro_f1.toFixed(3)}  look-alikes flagged: ${alarms.length ? alarms.map(([k, v]) => `${k} ${v.flagged}/${v.of}`).join(', ') : 'none'}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seed: { type: 'string', multiple: true }, units: { type: 'string', default: '500' }, cache: { type: 'string', default: '.statsentry/worlds/second' } } });
  const seeds = (values.seed ?? ['101', '202']).map(Number);
  for (const seed of seeds) {
    const r = await runSecond(seed, Number(values.units), values.cache!);
    printWorldScore(`\n=== second world, seed ${seed}, ${values.units} units: ${r.findings} findings, ${r.seconds.toFixed(1)} s ===`, r.score);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
