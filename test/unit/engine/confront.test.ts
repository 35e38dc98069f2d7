import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { confront, finiteEvidence } from '../../../lib/engine/confront';
import { engineConfig } from '../../../lib/engine/config';
import { buildDistrictData } from '../../../lib/engine/district-data';
import { defineRule, type RuleFinding } from '../../../lib/engine/rule';
import { emptyInput } from '../../helpers/falsify-fixtures';

const finding = (over: Partial<RuleFinding> = {}): RuleFinding => ({
  subject: { kind: 'unit', id: 'U1' },
  unit_ids: ['U1'],
  period: '2024-01',
  score: 0.9,
  severity: 'high',
  summary_zh: '测试',
  summary_en: 'test',
  evidence: {},
  ...over,
});

const ruleReturning = (id: string, out: () => RuleFinding[]) =>
  defineRule({
    id,
    version: 1,
    pattern: 'DATA.INVALID',
    title: { zh: '测试', en: 'test' },
    description: { zh: '测试', en: 'test' },
    scope: 'unit',
    reads: [],
    params: z.object({ k: z.number().default(1) }),
    evaluate: out,
  });

describe('confront', () => {
  const data = buildDistrictData(emptyInput());

  it('GIVEN evidence with NaN and Infinity THEN they are stored as null, other values unchanged', () => {
    const rule = ruleReturning('t.nan', () => [finding({ evidence: { ratio: Number.NaN, list: [1, Number.POSITIVE_INFINITY], nested: { ok: 2.5, bad: Number.NEGATIVE_INFINITY }, text: 'x' } })]);
    const { findings } = confront(data, [rule], engineConfig());
    expect(findings[0]!.evidence).toEqual({ ratio: null, list: [1, null], nested: { ok: 2.5, bad: null }, text: 'x' });
  });

  it('GIVEN a score outside [0,1] or not finite THEN it is clamped into [0,1]', () => {
    const rule = ruleReturning('t.score', () => [
      finding({ score: 1.7 }),
      finding({ subject: { kind: 'unit', id: 'U2' }, score: Number.NaN }),
      finding({ subject: { kind: 'unit', id: 'U3' }, score: -0.2 }),
    ]);
    expect(confront(data, [rule], engineConfig()).findings.map((f) => f.score)).toEqual([1, 0, 0]);
  });

  it('GIVEN one rule throws THEN its error is summarised and the other rules still run', () => {
    const broken = ruleReturning('t.broken', () => {
      throw new Error('boom');
    });
    const fine = ruleReturning('t.fine', () => [finding()]);
    const { findings, summary } = confront(data, [broken, fine], engineConfig());
    expect(summary.find((s) => s.rule_id === 't.broken')!.error).toContain('boom');
    expect(findings.map((f) => f.rule_id)).toEqual(['t.fine']);
  });

  it('GIVEN a rule disabled in the configuration THEN it yields nothing; duplicates of one subject-period are kept once', () => {
    const twice = ruleReturning('t.twice', () => [finding(), finding({ score: 0.5 })]);
    expect(confront(data, [twice], engineConfig({ rules: { 't.twice': { enabled: false } } })).findings).toEqual([]);
    expect(confront(data, [twice], engineConfig()).findings).toHaveLength(1);
  });

  it('finiteEvidence leaves strings, booleans and null alone', () => {
    expect(finiteEvidence({ a: 'NaN', b: true, c: null })).toEqual({ a: 'NaN', b: true, c: null });
  });
});
