import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3rverObjectPath } from '../../lib/cli/cases-command';
import { sampleInspectors, sampleUnits } from '../helpers/draw-fixtures';
import { REPO } from '../helpers/paths';

const dataDir = mkdtempSync(join(tmpdir(), 'statsentry-cli-inspect-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/statsentry.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, STATSENTRY_DATA_DIR: dataDir, NODE_OPTIONS: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const inspectorsCsv = join(dataDir, 'inspectors.csv');
const inspectorsJson = join(dataDir, 'inspectors.json');

beforeAll(() => {
  writeFileSync(join(dataDir, 'units.csv'), sampleUnits().csv);
  expect(cli('ingest', join(dataDir, 'units.csv'), '--json').code).toBe(0);
  writeFileSync(inspectorsCsv, ['inspector_id,name,town_code', ...sampleInspectors().map((i) => `${i.inspector_id},${i.name},${i.town_code}`)].join('\n') + '\n');
  writeFileSync(inspectorsJson, JSON.stringify(sampleInspectors()));
}, 60_000);

interface DrawJson {
  existing: boolean;
  published_key: string;
  draw: { draw_id: string; seed: string; result: { drawn: number; selections: { unit_id: string; town_code: string; inspectors: string[] }[] } };
}

describe('statsentry inspect', () => {
  it('draws, shows and verifies a draw; the same request again returns it; a tampered file fails verification', () => {
    const draw = cli('inspect', 'draw', '--count', '6', '--seed', '2025-07-01 福彩3D 123', '--inspectors', inspectorsCsv, '--by', '张三', '--json');
    expect(draw.code).toBe(0);
    const r = JSON.parse(draw.stdout) as DrawJson;
    expect(r.existing).toBe(false);
    expect(r.draw.result.drawn).toBe(6);
    const town = new Map(sampleInspectors().map((i) => [i.inspector_id, i.town_code]));
    for (const s of r.draw.result.selections) for (const i of s.inspectors) expect(town.get(i)).not.toBe(s.town_code);

    const again = JSON.parse(cli('inspect', 'draw', '--count', '6', '--seed', '2025-07-01 福彩3D 123', '--inspectors', inspectorsJson, '--json').stdout) as DrawJson;
    expect(again).toMatchObject({ existing: true, draw: { draw_id: r.draw.draw_id } });

    const shown = cli('inspect', 'show', r.draw.draw_id);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('从名录库');
    expect(shown.stdout).toContain("inspectors per unit, none from the unit's own town");
    expect(shown.stdout).toContain(r.published_key);
    expect(cli('inspect', 'list').stdout).toContain(r.draw.draw_id);

    const verified = cli('inspect', 'verify', r.draw.draw_id);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('复核通过 verified');
    // Anyone holding the published file can re-run it.
    const published = join(dataDir, 'published.json');
    copyFileSync(s3rverObjectPath(join(dataDir, 's3', 'statsentry-data'), r.published_key), published);
    expect(cli('inspect', 'verify', published).code).toBe(0);
    const doc = JSON.parse(readFileSync(published, 'utf8'));
    doc.result.selections[0].inspectors.reverse();
    writeFileSync(published, JSON.stringify(doc));
    const tampered = cli('inspect', 'verify', published);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain('the re-run draw differs from the published result');
  }, 60_000);

  it('refuses too few inspectors and a bad inspectors file with bilingual reasons (exit 1), bad usage with exit 2', () => {
    const few = join(dataDir, 'few.csv');
    writeFileSync(few, `inspector_id,name,town_code\nA,甲,${sampleInspectors()[0]!.town_code}\n`);
    const refused = cli('inspect', 'draw', '--count', '3', '--seed', 's', '--inspectors', few);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('检查人员不足');
    expect(refused.stderr).toContain('not enough inspectors');
    const bad = join(dataDir, 'bad.csv');
    writeFileSync(bad, 'inspector_id,name,town_code\nA,甲,12\n');
    const invalid = cli('inspect', 'draw', '--count', '3', '--seed', 's', '--inspectors', bad);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('第 2 行 town_code 列');
    expect(invalid.stderr).toContain('line 2, column town_code');
    expect(cli('inspect', 'draw', '--seed', 's', '--inspectors', bad).code).toBe(2);
    expect(cli('inspect', 'frobnicate').code).toBe(2);
    expect(cli('inspect', 'show', 'D-NOPE').code).toBe(1);
  }, 60_000);

  it('statsentry check runs the oversight rules after case building', () => {
    const check = JSON.parse(cli('check', '--json').stdout) as { rules: { rule_id: string; error: string | null }[] };
    expect(check.rules.filter((r) => r.rule_id.startsWith('enforce.'))).toEqual([
      expect.objectContaining({ rule_id: 'enforce.unreviewed', error: null }),
      expect.objectContaining({ rule_id: 'enforce.selective', error: null }),
    ]);
  }, 60_000);
});
