import { PATTERN_LABEL, type Finding, type Pattern } from '../domain/finding';
import type { EngineConfig } from '../engine/config';
import { selectRules } from '../rules/select';
import { runCheck, type CheckDeps, type CheckResult } from '../use-cases/check';
import { println, type CliIo } from './io';
import { ProgressBar } from './progress';
import { renderTable } from './table';
import { safeCsvCell } from '../util/csv';

export interface CheckCommandOptions {
  period?: string;
  town?: string;
  ruleIds?: string[];
  json?: boolean;
}

export function summariseFindings(result: Pick<CheckResult, 'run_id' | 'findings' | 'rules' | 'topUnits' | 'topTowns' | 'created' | 'retired' | 'cases'>) {
  const byPattern: Record<string, { high: number; medium: number; low: number }> = {};
  for (const f of result.findings) (byPattern[f.pattern] ??= { high: 0, medium: 0, low: 0 })[f.severity]++;
  return {
    run_id: result.run_id,
    findings: result.findings.length,
    new_findings: result.created,
    retired_findings: result.retired,
    by_pattern: byPattern,
    top_units: result.topUnits.slice(0, 10),
    top_towns: result.topTowns.slice(0, 10),
    rules: result.rules.map(({ rule_id, pattern, findings, high, medium, low, error, ms }) => ({ rule_id, pattern, findings, high, medium, low, error: error?.split('\n')[0] ?? null, ms })),
    cases: result.cases
      ? { created: result.cases.created.length, new_versions: result.cases.updated.length, unchanged: result.cases.unchanged.length, conflicts: result.cases.conflicts.length }
      : null,
  };
}

export async function runCheckCommand(deps: CheckDeps, config: EngineConfig, opts: CheckCommandOptions, io: CliIo): Promise<CheckResult> {
  const { detection, oversight } = selectRules(opts.ruleIds);
  const bar = new ProgressBar('检查 check', detection.length, io.stderr, io.interactive && !opts.json);
  const result = await runCheck(deps, { rules: detection, config, period: opts.period, town: opts.town, onRule: () => bar.tick(), oversightRules: oversight });
  bar.finish();
  const summary = summariseFindings(result);
  if (opts.json) {
    println(io.stdout, JSON.stringify(summary));
    return result;
  }
  println(
    io.stdout,
    `检查完成 check ${result.run_id}: ${result.findings.length} 条线索 findings (${summary.new_findings} 条新增 new${summary.retired_findings ? `, ${summary.retired_findings} 条不再出现已失效 no longer shown, retired` : ''})`,
  );
  const patterns = Object.keys(summary.by_pattern).sort();
  println(
    io.stdout,
    renderTable(
      ['模式 pattern', '', '高 high', '中 medium', '低 low'],
      patterns.map((p) => [p, PATTERN_LABEL[p as Pattern] ?? '', summary.by_pattern[p]!.high, summary.by_pattern[p]!.medium, summary.by_pattern[p]!.low]),
    ),
  );
  println(io.stdout);
  const townName = (code: string) => result.data.units.find((u) => u.townCode === code)?.townName ?? '';
  println(
    io.stdout,
    renderTable(
      ['镇街 town', '', '风险 risk', '涉及单位 units'],
      summary.top_towns.map((t) => [t.town_code, townName(t.town_code), t.risk, t.units]),
    ),
  );
  println(io.stdout);
  println(
    io.stdout,
    renderTable(
      ['单位 unit', '名称 name', '风险 risk', '线索 findings', '模式 patterns'],
      summary.top_units.map((u) => [u.unit_id, u.name, u.risk, u.findings, u.patterns.join(' ')]),
    ),
  );
  if (summary.cases) {
    const c = summary.cases;
    println(io.stdout);
    println(
      io.stdout,
      `案件 cases: ${c.created} 件新建 new, ${c.new_versions} 件新版本 new versions, ${c.unchanged} 件无变化 unchanged${c.conflicts ? `, ${c.conflicts} 件并发冲突待下次 conflicts (next run)` : ''} — statsentry cases list`,
    );
  }
  for (const r of summary.rules) if (r.error) println(io.stderr, `规则出错 rule failed: ${r.rule_id}: ${r.error}`);
  return result;
}

export const FINDING_CSV_COLUMNS = [
  'finding_id',
  'rule_id',
  'pattern',
  'subject_kind',
  'subject_id',
  'unit_ids',
  'period',
  'score',
  'severity',
  'summary_zh',
  'summary_en',
  'evidence',
  'case_id',
] as const;

export function findingsToCsv(findings: readonly Finding[]): string {
  const rows = findings.map((f) =>
    [f.finding_id, f.rule_id, f.pattern, f.subject.kind, f.subject.id, f.unit_ids.join(' '), f.period, f.score, f.severity, f.summary_zh, f.summary_en, f.evidence, f.case_id]
      .map(safeCsvCell)
      .join(','),
  );
  return [FINDING_CSV_COLUMNS.join(','), ...rows].join('\n') + '\n';
}

/** The contract's findings export: one JSON object a line, in the contract's field order. */
export function findingsToJsonl(findings: readonly Finding[]): string {
  return findings
    .map((f) =>
      JSON.stringify({
        finding_id: f.finding_id,
        rule_id: f.rule_id,
        pattern: f.pattern,
        subject: f.subject,
        unit_ids: f.unit_ids,
        period: f.period,
        score: f.score,
        severity: f.severity,
        summary_zh: f.summary_zh,
        summary_en: f.summary_en,
        evidence: f.evidence,
        case_id: f.case_id,
      }),
    )
    .map((l) => l + '\n')
    .join('');
}

export function sortFindings(findings: Finding[]): Finding[] {
  const rank = { high: 0, medium: 1, low: 2 } as const;
  return findings.sort((a, b) => rank[a.severity] - rank[b.severity] || b.score - a.score || a.finding_id.localeCompare(b.finding_id));
}
