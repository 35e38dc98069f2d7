import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MemoryBlobStore } from '../../../lib/adapters/memory/memory-blob-store';
import { MemoryCaseStore } from '../../../lib/adapters/memory/memory-case-store';
import { MemoryFindingStore } from '../../../lib/adapters/memory/memory-finding-store';
import { MemoryRecordStore } from '../../../lib/adapters/memory/memory-record-store';
import { runCheckCommand } from '../../../lib/cli/check-command';
import { engineConfig } from '../../../lib/engine/config';
import { ENFORCE_RULES } from '../../../lib/rules/enforce';
import { ALL_RULES } from '../../../lib/rules/registry';
import { selectRules, UnknownRuleError } from '../../../lib/rules/select';

describe('selectRules (check --rule)', () => {
  it('selects every rule of both kinds when no id is given', () => {
    const all = selectRules();
    expect(all.detection).toBe(ALL_RULES);
    expect(all.oversight).toBe(ENFORCE_RULES);
  });

  it('runs oversight rules only when they are named', () => {
    const one = selectRules(['falsify.hard-edits']);
    expect(one.detection.map((r) => r.id)).toEqual(['falsify.hard-edits']);
    expect(one.oversight).toEqual([]);
    const enforce = selectRules(['enforce.selective']);
    expect(enforce.detection).toEqual([]);
    expect(enforce.oversight.map((r) => r.id)).toEqual(['enforce.selective']);
  });

  it('names a family by a trailing *, and mixes kinds', () => {
    const sel = selectRules(['register.*', 'enforce.*']);
    expect(sel.detection.length).toBeGreaterThan(3);
    expect(sel.detection.every((r) => r.id.startsWith('register.'))).toBe(true);
    expect(sel.oversight.map((r) => r.id)).toEqual(ENFORCE_RULES.map((r) => r.id));
  });

  it('refuses an unknown id or an empty family, naming it and the families', () => {
    expect(() => selectRules(['falsify.hard-edits', 'falsify.nope'])).toThrow(UnknownRuleError);
    expect(() => selectRules(['nope.*'])).toThrow(/nope\.\*.*families: .*falsify\.\*.*enforce\.\*/);
  });
});

describe('statsentry check --rule enforce.*', () => {
  it('runs only the oversight rules: no detection rule, no finding about the district', async () => {
    const deps = {
      records: new MemoryRecordStore(),
      findings: new MemoryFindingStore(),
      cases: new MemoryCaseStore(),
      caseBlobs: new MemoryBlobStore(),
      clock: { now: () => new Date('2025-01-01T00:00:00Z') },
    };
    const io = { stdout: new PassThrough(), stderr: new PassThrough(), interactive: false };
    const result = await runCheckCommand(deps, engineConfig(), { ruleIds: ['enforce.*'], json: true }, io);
    expect(result.rules.map((r) => r.rule_id)).toEqual(ENFORCE_RULES.map((r) => r.id));
    const summary = JSON.parse(String(io.stdout.read())) as { rules: { rule_id: string }[] };
    expect(summary.rules.map((r) => r.rule_id)).toEqual(['enforce.unreviewed', 'enforce.selective']);
  });
});
