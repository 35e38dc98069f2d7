import { paramsFor, type EngineConfig } from '../engine/config';
import type { Rule } from '../engine/rule';
import type { OversightRule } from '../oversight/oversight-rule';
import { PATTERN_LABEL } from '../domain/finding';
import { println, type CliIo } from './io';
import { renderTable } from './table';

/** A detection rule, or an oversight rule (which reads cases instead of records). */
type ListedRule = Rule | OversightRule;

/** A rule as `statsentry rules --json` describes it: identity, what it reads, its effective parameters. */
export function describeRule(rule: ListedRule, config: EngineConfig) {
  return {
    rule_id: rule.id,
    version: rule.version,
    pattern: rule.pattern,
    title_zh: rule.title.zh,
    title_en: rule.title.en,
    description_zh: rule.description.zh,
    description_en: rule.description.en,
    scope: rule.scope,
    reads: rule.reads,
    enabled: config.rules[rule.id]?.enabled !== false,
    params: paramsFor(rule, config) as Record<string, unknown>,
  };
}

/** Lists the rules with the parameters this configuration gives them (defaults, then file, then env). */
export function runRulesCommand(rules: readonly ListedRule[], config: EngineConfig, opts: { json?: boolean }, io: CliIo): void {
  const described = rules.map((r) => describeRule(r, config));
  if (opts.json) {
    println(io.stdout, JSON.stringify(described));
    return;
  }
  println(
    io.stdout,
    renderTable(
      ['规则 rule', '模式 pattern', '', '启用 on', '名称 title'],
      described.map((r) => [r.rule_id, r.pattern, PATTERN_LABEL[r.pattern], r.enabled ? '是 yes' : '否 no', `${r.title_zh} / ${r.title_en}`]),
    ),
  );
  println(io.stdout);
  println(io.stdout, '参数 parameters (覆盖方式 override: STATSENTRY_CONFIG_FILE / STATSENTRY_RULES_JSON {"rules":{"<rule>":{"<param>":…}}}):');
  for (const r of described) println(io.stdout, `  ${r.rule_id}: ${JSON.stringify(r.params)}`);
}
