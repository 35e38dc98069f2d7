/**
 * The lint configuration enforces the README's dependency direction: each case lints a small piece
 * of code as if it stood at a given path, and expects the boundary rule to speak or to stay quiet.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('dependency direction', () => {
  it('keeps AWS SDKs out of domain code and lets the adapters use them', async () => {
    const code = "import { S3Client } from '@aws-sdk/client-s3';\nexport const c = S3Client;\n";
    expect(await ruleIds(code, 'lib/engine/probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(code, 'lib/rules/falsify/probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(code, 'lib/adapters/aws/probe.ts')).toEqual([]);
  });
  it('reads the environment only in the adapters', async () => {
    const code = 'export const table = process.env.STATSENTRY_TABLE;\n';
    expect(await ruleIds(code, 'lib/use-cases/probe.ts')).toContain('no-restricted-properties');
    expect(await ruleIds(code, 'lib/adapters/probe.ts')).toEqual([]);
  });
  it('never lets an inner layer import an outer one', async () => {
    expect(await ruleIds("import { runCheck } from '../use-cases/check';\nexport const r = runCheck;\n", 'lib/engine/probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { confront } from '../engine/confront';\nexport const c = confront;\n", 'lib/stats/probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { confront } from '../engine/confront';\nexport const c = confront;\n", 'lib/use-cases/probe.ts')).toEqual([]);
  });
  it('refuses a rule importing another rule, and allows the registry to list them', async () => {
    const code = "import { hardEdits } from './hard-edits';\nexport const r = hardEdits;\n";
    expect(await ruleIds(code, 'lib/rules/falsify/probe.ts')).toContain('statsentry/no-rule-imports');
    expect(await ruleIds("import { median } from '../../stats/robust';\nexport const m = median;\n", 'lib/rules/falsify/probe.ts')).toEqual([]);
    expect(await ruleIds("import { hardEdits } from './falsify/hard-edits';\nexport const r = hardEdits;\n", 'lib/rules/registry.ts')).toEqual([]);
  });
});
