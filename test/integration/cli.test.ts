import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLES, REFERENCE, REPO } from '../helpers/paths';

const dataDir = mkdtempSync(join(tmpdir(), 'statsentry-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/statsentry.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, STATSENTRY_DATA_DIR: dataDir, NODE_OPTIONS: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('statsentry CLI', () => {
  it('ingests the contract examples with --json, then reports them unchanged and stats stay the same', () => {
    const first = cli('ingest', EXAMPLES, '--json');
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report.files).toHaveLength(11);
    expect(report.totals.submissions).toEqual({ read: 76, accepted: 76, rejected: 0, unchanged: 0 });
    const stats = JSON.parse(cli('stats', '--json').stdout);
    expect(stats).toMatchObject({ submissions: 76, units: 24, offices: 12 });

    const second = JSON.parse(cli('ingest', EXAMPLES, '--json').stdout);
    for (const [kind, t] of Object.entries(second.totals) as [string, { read: number; unchanged: number; accepted: number }][]) {
      expect({ kind, accepted: t.accepted, unchanged: t.unchanged }).toEqual({ kind, accepted: 0, unchanged: t.read });
    }
    expect(JSON.parse(cli('stats', '--json').stdout)).toEqual(stats);
  });

  it('names the line, column and reason of a bad row in both languages, and exits 1 for a refused file', () => {
    const bad = join(dataDir, 'tax-bad.csv');
    writeFileSync(bad, 'unit_id,period,taxable_sales\n91371302MAD1TJ3Y9T,2024-13,1\n');
    const out = cli('ingest', bad);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('第2行 line 2');
    expect(out.stdout).toContain('period must be YYYY-MM');
    expect(out.stdout).toContain('期别须为 YYYY-MM');
    const unknown = join(dataDir, 'invoices.csv');
    writeFileSync(unknown, 'a\n1\n');
    expect(cli('ingest', unknown).code).toBe(1);
  });

  it('runs the checks, exports findings as JSON Lines and CSV, and prints the register state', () => {
    const check = cli('check', '--json');
    expect(check.code, check.stderr).toBe(0);
    const summary = JSON.parse(check.stdout);
    expect(summary).toMatchObject({ run_id: expect.stringMatching(/^run-/), findings: expect.any(Number) });
    expect(summary.rules.every((r: { error: string | null }) => r.error === null)).toBe(true);
    const jsonl = cli('findings', '--format', 'jsonl')
      .stdout.split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(jsonl).toHaveLength(summary.findings);
    for (const f of jsonl)
      expect(Object.keys(f)).toEqual(['finding_id', 'rule_id', 'pattern', 'subject', 'unit_ids', 'period', 'score', 'severity', 'summary_zh', 'summary_en', 'evidence', 'case_id']);
    const csv = cli('findings', '--format', 'csv').stdout;
    expect(csv.split('\n')[0]).toBe('finding_id,rule_id,pattern,subject_kind,subject_id,unit_ids,period,score,severity,summary_zh,summary_en,evidence,case_id');
    const again = JSON.parse(cli('check', '--json').stdout);
    expect(again.new_findings).toBe(0);
    const register = JSON.parse(cli('register', '--json').stdout);
    expect(register.in_register.total).toBe(22);
    expect(register.movements).toContainEqual({ period: '2024-01', category: 'catering', entries: 1, exits: 0 });
    expect(cli('check', '--period', '2024-13').code).toBe(2);
  });

  it('runs the analyst tools on a CSV: HB reproduces univOutl on the rice farms, Benford on the corporate payments', () => {
    const hb = JSON.parse(cli('stats', 'hb', `${REFERENCE}/hb/rice_farms.csv`, '--id', 'id', '--x1', 'y1', '--x2', 'y2', '--json').stdout);
    expect(hb.bounds.low).toBeCloseTo(-44.10808, 5);
    expect(hb.bounds.up).toBeCloseTo(44.39336, 5);
    expect(hb.outlier_ids.map(Number)).toEqual([18, 21, 22, 24, 25, 26, 37, 39, 69, 77, 79, 82, 90, 93, 99, 101, 102, 103, 108, 110, 116, 129, 134, 138, 145, 168]);
    const hb6 = JSON.parse(cli('stats', 'hb', `${REFERENCE}/hb/rice_farms.csv`, '--id', 'id', '--x1', 'y1', '--x2', 'y2', '--quantile', 'type6', '--json').stdout);
    expect(hb6.bounds.low).toBeCloseTo(-44.31523, 5);
    const benford = JSON.parse(cli('stats', 'benford', `${REFERENCE}/benford/corporate_payment.csv`, '--column', 'Amount', '--digits', '2', '--json').stdout);
    expect(benford).toMatchObject({ n: 185083, mad_conformity: 'Nonconformity', suspects: 17856 });
    expect(benford.mad).toBeCloseTo(0.002336614, 9);
    expect(benford.chi_square.statistic).toBeCloseTo(32100.901, 2);
    expect(benford.chi_square.df).toBe(89);
    expect(benford.most_deviating.map((b: { digits: number }) => b.digits)).toEqual([50, 11, 10, 14, 98]);
    expect(cli('stats', 'benford', `${REFERENCE}/hb/rice_farms.csv`, '--column', 'nope').code).toBe(2);
  });

  it('prints usage and exits 2 on an unknown command', () => {
    const out = cli('frobnicate');
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('unknown command');
  });
});
