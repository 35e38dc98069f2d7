import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../../lib/self-inspection/upload-key';
import { REPO } from '../helpers/paths';
import { cleanUnits, csv, EVENT_COLUMNS, LAST_YEAR, ownRows, SUBMISSION_COLUMNS, unitOf } from '../helpers/self-inspection-fixtures';

const dataDir = mkdtempSync(join(tmpdir(), 'statsentry-cli-self-inspect-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/statsentry.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, STATSENTRY_DATA_DIR: dataDir, NODE_OPTIONS: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const clean = cleanUnits();
const file = (name: string, body: Uint8Array) => {
  const path = join(dataDir, name);
  writeFileSync(path, body);
  return path;
};

interface CliReport {
  problems: { item_id: string; rule_id: string; pattern: string; severity: string; period: string | null; summary_zh: string; summary_en: string }[];
  rejected_rows: { line: number; reason_zh: string; reason_en: string }[];
}

describe('statsentry self-inspect (CLI against the local stack)', () => {
  let stats: string;
  beforeAll(() => {
    const sampleDir = join(dataDir, 'sample');
    expect(cli('sample', '--out', sampleDir).code).toBe(0);
    expect(cli('ingest', sampleDir, '--json').code).toBe(0);
    stats = cli('stats', '--json').stdout;
  }, 120_000);

  it("GIVEN a clean unit's own file THEN --json prints the problem list with no high or medium problem", () => {
    const unitId = clean[0]!;
    const r = cli('self-inspect', file('own.csv', csv(ownRows(unitId, LAST_YEAR))), '--unit', unitId, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as CliReport;
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['problems', 'rejected_rows']));
    expect(report.problems.filter((p) => p.severity !== 'low')).toEqual([]);
    expect(report.rejected_rows).toEqual([]);
  });

  it('GIVEN a file with problems and a foreign row THEN the JSON carries the contract fields and the human output both languages; a ledger item is then marked fixed once', () => {
    const unitId = clean[10]!;
    const rows = ownRows(unitId, LAST_YEAR).map((r) => (r.period === '2024-11' ? { ...r, main_revenue: Number(r.revenue) * 1.4 } : r));
    rows.push(ownRows(clean[11]!, ['2024-01'])[0]!);
    rows.push({
      unit_id: unitId,
      period: '2024-12',
      event_id: 'CLI-E1',
      type: 'entry',
      category: unitOf(unitId).category,
      reason: 'reached_threshold',
      declared_annual_revenue: 999999,
      submitted_by: 'LW',
      submitted_at: '2024-12-20T10:00:00+08:00',
    });
    const path = file('draft.csv', csv(rows, [...SUBMISSION_COLUMNS, ...EVENT_COLUMNS]));
    const json = cli('self-inspect', path, '--unit', unitId, '--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as CliReport;
    const hard = report.problems.find((p) => p.rule_id === 'falsify.hard-edits')!;
    expect(hard).toMatchObject({
      pattern: 'DATA.INVALID',
      severity: 'high',
      period: '2024-11',
      summary_zh: expect.stringContaining('主营业务收入'),
      summary_en: expect.stringContaining('main revenue'),
    });
    expect(report.rejected_rows).toEqual([expect.objectContaining({ line: 14, reason_zh: expect.stringContaining('其他单位'), reason_en: expect.stringContaining('another unit') })]);

    const human = cli('self-inspect', path, '--unit', unitId);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('问题清单 problems');
    expect(human.stdout).toContain(hard.item_id);
    expect(human.stdout).toContain(`self-inspection-reports/${unitId}/draft.csv.json`);

    const fix = cli('self-inspect', 'fix', unitId, hard.item_id, '--note', '已更正11月主营业务收入 corrected', '--resolution', 'corrected');
    expect(fix.code).toBe(0);
    expect(fix.stdout).toContain('已标记为已整改');
    const again = cli('self-inspect', 'fix', unitId, hard.item_id, '--note', 'again');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already marked fixed');
    const ledger = JSON.parse(cli('self-inspect', 'ledger', '--unit', unitId, '--json').stdout) as { item_id: string; status: string }[];
    expect(ledger.find((i) => i.item_id === hard.item_id)!.status).toBe('fixed');
  }, 60_000);

  it('GIVEN --town THEN every unit of the town is inspected and one summary ledger is printed', () => {
    const town = String(unitOf(clean[0]!).town_code);
    const r = cli('self-inspect', '--town', town, '--json');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { town_code: string; units: { unit_id: string; problems: Record<string, number> }[]; totals: { units: number; high: number; medium: number; low: number } };
    expect(summary.town_code).toBe(town);
    expect(summary.totals.units).toBe(summary.units.length);
    expect(summary.totals.high).toBe(summary.units.reduce((n, u) => n + u.problems.high!, 0));
    expect(cli('self-inspect', '--town', town).stdout).toContain('合计 totals');
  }, 60_000);

  it('GIVEN usage mistakes and a file over the limit THEN exit 2 and exit 1 with reasons in both languages; and nothing entered the official store', () => {
    expect(cli('self-inspect').code).toBe(2);
    expect(cli('self-inspect', '--help').code).toBe(0);
    const badUnit = cli('self-inspect', file('x.csv', csv(ownRows(clean[0]!, ['2024-01']))), '--unit', '../../etc');
    expect(badUnit.code).toBe(2);
    expect(badUnit.stderr).toContain('not a valid credit code');
    expect(cli('self-inspect', 'x.csv', '--unit', clean[0]!, '--town', '371302007000').code).toBe(2);
    const huge = cli('self-inspect', file('huge.csv', new Uint8Array(MAX_UPLOAD_BYTES + 1)), '--unit', clean[0]!);
    expect(huge.code).toBe(1);
    expect(huge.stderr).toContain('文件过大');
    expect(huge.stderr).toContain('file too large');
    expect(cli('stats', '--json').stdout).toBe(stats);
  }, 60_000);
});
