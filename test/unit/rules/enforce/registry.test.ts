import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runRulesCommand } from '../../../../lib/cli/rules-command';
import { engineConfig } from '../../../../lib/engine/config';
import { ENFORCE_RULES } from '../../../../lib/rules/enforce';
import { ALL_RULES } from '../../../../lib/rules/registry';

describe('oversight rule registry', () => {
  it('has unique ids apart from the detection rules, both languages, ENFORCE patterns and valid defaults', () => {
    const ids = [...ALL_RULES, ...ENFORCE_RULES].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ENFORCE_RULES.map((r) => r.pattern)).toEqual(['ENFORCE.UNREVIEWED', 'ENFORCE.SELECTIVE']);
    for (const r of ENFORCE_RULES) {
      for (const text of [r.title.zh, r.title.en, r.description.zh, r.description.en]) expect(text.length).toBeGreaterThan(5);
      expect(r.params.safeParse({}).success).toBe(true);
    }
  });

  it('is listed by `statsentry rules` with the configured parameters', () => {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (c) => (out += String(c)));
    runRulesCommand(
      ENFORCE_RULES,
      engineConfig({ rules: { 'enforce.unreviewed': { newHighDays: 20 }, 'enforce.selective': { enabled: false } } }),
      { json: true },
      { stdout, stderr: new PassThrough(), interactive: false },
    );
    const listed = JSON.parse(out) as { rule_id: string; enabled: boolean; params: Record<string, unknown>; reads: string[] }[];
    expect(listed.map((r) => [r.rule_id, r.enabled])).toEqual([
      ['enforce.unreviewed', true],
      ['enforce.selective', false],
    ]);
    expect(listed[0]!.params).toEqual({ newHighDays: 20, newMediumDays: 60, reviewingHighDays: 60, reviewingMediumDays: 90 });
    expect(listed[0]!.reads).toEqual(['cases', 'case_audit']);
  });
});
