import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryBlobStore } from '../../../lib/adapters/memory/memory-blob-store';
import { MemoryCaseStore } from '../../../lib/adapters/memory/memory-case-store';
import { runCasesCli, s3rverObjectPath } from '../../../lib/cli/cases-command';
import type { CliIo } from '../../../lib/cli/io';
import { buildCases } from '../../../lib/use-cases/build-cases';
import { finding, sampleDistrict, tickingClock, wellFiledUnits } from './fixtures';

const data = sampleDistrict();
const [A, B] = wellFiledUnits(data, 2) as [string, string];
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += String(c)));
  stderr.on('data', (c) => (err += String(c)));
  const cli: CliIo = { stdout, stderr, interactive: false };
  return { cli, out: () => out, err: () => err };
}

async function setup() {
  const deps = { cases: new MemoryCaseStore(), blobs: new MemoryBlobStore(), clock: tickingClock() };
  const { created } = await buildCases(deps, {
    findings: [finding({ subject: { kind: 'unit', id: A } }), finding({ subject: { kind: 'unit', id: B }, severity: 'medium', score: 0.6 })],
    data,
    runId: 'run-1',
  });
  return { deps, ids: created.map((c) => c.case_id) };
}

describe('statsentry cases', () => {
  it('lists cases as JSON with id, subject, units, severity and status', async () => {
    const { deps, ids } = await setup();
    const o = io();
    expect(await runCasesCli(deps, ['list', '--json'], o.cli)).toBe(0);
    const list = JSON.parse(o.out()) as { case_id: string; subject: unknown; unit_ids: string[]; severity: string; status: string }[];
    expect(list.map((c) => c.case_id).sort()).toEqual([...ids].sort());
    expect(list.find((c) => c.unit_ids[0] === A)).toMatchObject({ subject: { kind: 'unit', id: A }, severity: 'high', status: 'new' });
    const h = io();
    expect(await runCasesCli(deps, ['list'], h.cli)).toBe(0);
    expect(h.out()).toMatch(/案件 cases: 2/);
  });

  it('decides, refuses illegal moves and missing reasons with a bilingual error and exit code 1', async () => {
    const { deps, ids } = await setup();
    const id = ids[0]!;
    const bad = io();
    expect(await runCasesCli(deps, ['decide', id, '--status', 'closed', '--by', '张三'], bad.cli)).toBe(1);
    expect(bad.err()).toMatch(/不能从.*cannot go from new to closed/s);
    const ok = io();
    expect(await runCasesCli(deps, ['decide', id, '--status', 'reviewing', '--by', '张三'], ok.cli)).toBe(0);
    expect(ok.out()).toMatch(/reviewing/);
    const noReason = io();
    expect(await runCasesCli(deps, ['decide', id, '--status', 'dismissed', '--by', '张三'], noReason.cli)).toBe(1);
    expect(noReason.err()).toMatch(/理由.*reason is required/s);
    const usage = io();
    expect(await runCasesCli(deps, ['decide', id, '--status', 'filed'], usage.cli)).toBe(2);
    expect(usage.err()).toMatch(/--by/);
    expect(await runCasesCli(deps, ['decide', id, '--status', 'dismissed', '--by', '张三', '--reason', '经核实为季节因素', '--evidence', '增值税申报表', '--evidence', '电费单'], io().cli)).toBe(0);
    const show = io();
    expect(await runCasesCli(deps, ['show', id, '--json'], show.cli)).toBe(0);
    const shown = JSON.parse(show.out());
    expect(shown.status).toBe('dismissed');
    expect(shown.audit.map((a: { action: string }) => a.action)).toEqual(['create', 'transition', 'transition']);
    expect(shown.audit[2].evidence_checked).toEqual(['增值税申报表', '电费单']);
    const human = io();
    expect(await runCasesCli(deps, ['show', id], human.cli)).toBe(0);
    expect(human.out()).toMatch(/审计记录 audit trail/);
    const missing = io();
    expect(await runCasesCli(deps, ['show', 'C-NOPE-01'], missing.cli)).toBe(1);
    expect(missing.err()).toMatch(/没有案件.*no case/s);
  });

  it('closes items from the command line', async () => {
    const { deps, ids } = await setup();
    const id = ids[0]!;
    for (const s of ['reviewing', 'filed', 'rectifying']) expect(await runCasesCli(deps, ['decide', id, '--status', s, '--by', 'x'], io().cli)).toBe(0);
    const item = (await deps.cases.get(id))!.items[0]!.item_id;
    const o = io();
    expect(await runCasesCli(deps, ['close-item', id, item, '--by', 'x', '--note', '已整改'], o.cli)).toBe(0);
    expect(o.out()).toMatch(/已销号.*closed/s);
    expect(await runCasesCli(deps, ['decide', id, '--status', 'closed', '--by', 'x'], io().cli)).toBe(0);
  });

  it('exports the latest version with a manifest whose hashes match, and opens the page from an export', async () => {
    const { deps, ids } = await setup();
    const out = mkdtempSync(join(tmpdir(), 'cases-export-'));
    dirs.push(out);
    expect(await runCasesCli(deps, ['export', ids[0]!, '--out', out], io().cli)).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: Record<string, { sha256: string }> };
    expect(Object.keys(manifest.files).sort()).toEqual(['case.html', 'case.json', 'evidence.csv']);
    for (const [name, m] of Object.entries(manifest.files))
      expect(
        createHash('sha256')
          .update(readFileSync(join(out, name)))
          .digest('hex'),
      ).toBe(m.sha256);
    // a tampered stored file is refused on export
    const key = `cases/${ids[0]}/v1/case.html`;
    await deps.blobs.put(key, 'tampered', 'text/html');
    const t = io();
    expect(await runCasesCli(deps, ['export', ids[0]!, '--out', out], t.cli)).toBe(1);
    expect(t.err()).toMatch(/SHA-256/);

    const o = io();
    expect(await runCasesCli(deps, ['open', ids[1]!, '--json'], o.cli)).toBe(0);
    const opened = JSON.parse(o.out()) as { path: string };
    dirs.push(join(opened.path, '..'));
    expect(opened.path.endsWith('case.html')).toBe(true);
    expect(readFileSync(opened.path, 'utf8')).toContain('<svg');
    expect(s3rverObjectPath('/d/s3/bucket', 'cases/C-1/v1/case.html')).toBe('/d/s3/bucket/cases/C-1/v1/case.html._S3rver_object');
  });

  it('answers usage errors with code 2', async () => {
    const { deps } = await setup();
    expect(await runCasesCli(deps, [], io().cli)).toBe(2);
    expect(await runCasesCli(deps, ['frobnicate'], io().cli)).toBe(2);
    expect(await runCasesCli(deps, ['export', 'X'], io().cli)).toBe(2);
    expect(await runCasesCli(deps, ['list', '--bogus'], io().cli)).toBe(2);
  });
});
