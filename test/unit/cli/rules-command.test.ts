import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runRulesCommand } from '../../../lib/cli/rules-command';
import { engineConfig } from '../../../lib/engine/config';
import { ALL_RULES } from '../../../lib/rules/registry';

function capture() {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (c) => (out += String(c)));
  return { io: { stdout, stderr: new PassThrough(), interactive: false }, out: () => out };
}

describe('statsentry rules', () => {
  it('GIVEN no configuration THEN --json lists every rule with its default parameters, enabled', () => {
    const c = capture();
    runRulesCommand(ALL_RULES, engineConfig(), { json: true }, c.io);
    const listed = JSON.parse(c.out()) as { rule_id: string; enabled: boolean; params: Record<string, unknown>; pattern: string }[];
    expect(listed.map((r) => r.rule_id)).toEqual(ALL_RULES.map((r) => r.id));
    expect(listed.every((r) => r.enabled)).toBe(true);
    expect(listed.find((r) => r.rule_id === 'falsify.hard-edits')!.params).toMatchObject({ absTolerance: 1 });
  });

  it('GIVEN an override and a disabled rule THEN the effective parameters and the switch are shown', () => {
    const c = capture();
    const config = engineConfig({ rules: { 'falsify.hard-edits': { absTolerance: 30 }, 'register.churn': { enabled: false } } });
    runRulesCommand(ALL_RULES, config, { json: true }, c.io);
    const listed = JSON.parse(c.out()) as { rule_id: string; enabled: boolean; params: Record<string, unknown> }[];
    expect(listed.find((r) => r.rule_id === 'falsify.hard-edits')!.params.absTolerance).toBe(30);
    expect(listed.find((r) => r.rule_id === 'register.churn')!.enabled).toBe(false);
  });

  it('prints a bilingual table and one parameter line per rule', () => {
    const c = capture();
    runRulesCommand(ALL_RULES, engineConfig(), {}, c.io);
    expect(c.out()).toContain('规则 rule');
    expect(c.out()).toContain('代填代报');
    expect(
      c
        .out()
        .split('\n')
        .filter((l) => /^ {2}[a-z]+\.[a-z-]+: \{/.test(l)),
    ).toHaveLength(ALL_RULES.length);
  });
});
