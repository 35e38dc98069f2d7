import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/paths';

const dataDir = mkdtempSync(join(tmpdir(), 'statsentry-cli-cases-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/statsentry.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, STATSENTRY_DATA_DIR: dataDir, NODE_OPTIONS: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface ListEntry {
  case_id: string;
  subject: { kind: string; id: string };
  unit_ids: string[];
  severity: string;
  status: string;
}

describe('statsentry check builds cases; statsentry cases reviews them', () => {
  let cases: ListEntry[];
  beforeAll(() => {
    const sampleDir = join(dataDir, 'sample');
    expect(cli('sample', '--out', sampleDir).code).toBe(0);
    expect(cli('ingest', sampleDir, '--json').code).toBe(0);
    const check = JSON.parse(cli('check', '--json').stdout);
    expect(check.cases.created).toBeGreaterThan(0);
    cases = JSON.parse(cli('cases', 'list', '--json').stdout);
    expect(cases).toHaveLength(check.cases.created);
  }, 120_000);

  it('GIVEN a re-check of unchanged data THEN no case is created or versioned', () => {
    const again = JSON.parse(cli('check', '--json').stdout);
    expect(again.cases).toEqual({ created: 0, new_versions: 0, unchanged: cases.length, conflicts: 0 });
  }, 60_000);

  it('lists cases with the contract fields and links every reviewed finding to its case', () => {
    for (const c of cases) {
      expect(c).toMatchObject({
        case_id: expect.stringMatching(/^C-/),
        subject: { kind: expect.any(String), id: expect.any(String) },
        severity: expect.stringMatching(/^(high|medium|low)$/),
        status: 'new',
      });
      expect(Array.isArray(c.unit_ids)).toBe(true);
    }
    const findings = cli('findings')
      .stdout.split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { severity: string; case_id: string | null });
    const ids = new Set(cases.map((c) => c.case_id));
    for (const f of findings.filter((x) => x.severity !== 'low')) expect(ids.has(f.case_id ?? '')).toBe(true);
  });

  it('exports a case whose manifest holds the SHA-256 of every file', () => {
    const id = cases[0]!.case_id;
    const out = join(dataDir, 'export');
    expect(cli('cases', 'export', id, '--out', out).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: Record<string, { sha256: string }> };
    expect(Object.keys(manifest.files).sort()).toEqual(['case.html', 'case.json', 'evidence.csv']);
    for (const [name, { sha256 }] of Object.entries(manifest.files))
      expect(
        createHash('sha256')
          .update(readFileSync(join(out, name)))
          .digest('hex'),
      ).toBe(sha256);
    const page = cli('cases', 'open', id).stdout.trim();
    expect(existsSync(page)).toBe(true);
    expect(readFileSync(page, 'utf8')).toContain('<svg');
  });

  it('refuses an illegal transition and a dismissal without reason, then records a lawful path in the audit trail', () => {
    const id = cases[0]!.case_id;
    const illegal = cli('cases', 'decide', id, '--status', 'closed', '--by', 'alice');
    expect(illegal.code).toBe(1);
    expect(illegal.stderr).toContain('cannot go from new to closed');
    expect(cli('cases', 'decide', id, '--status', 'reviewing', '--by', 'alice').code).toBe(0);
    const noReason = cli('cases', 'decide', id, '--status', 'dismissed', '--by', 'alice');
    expect(noReason.code).toBe(1);
    expect(cli('cases', 'decide', id, '--status', 'dismissed', '--by', 'alice', '--reason', '税务申报与报表一致 tax matches the report', '--evidence', 'tax 2024').code).toBe(0);
    const shown = JSON.parse(cli('cases', 'show', id, '--json').stdout) as { status: string; audit: { action: string; to: string; by: string }[] };
    expect(shown.status).toBe('dismissed');
    expect(shown.audit.map((a) => `${a.action}:${a.to}`)).toEqual(['create:new', 'transition:reviewing', 'transition:dismissed']);
    expect(cli('cases', 'show', 'C-NOPE-01').code).toBe(1);
    expect(cli('cases', 'frobnicate').code).toBe(2);
  }, 120_000);
});
