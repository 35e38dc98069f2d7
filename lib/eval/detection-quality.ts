import type { Finding } from '../domain/finding';
import type { SampleTruth, TruthEntry } from '../sample/model';

export interface PatternQuality {
  pattern: string;
  truth: number;
  findings: number;
  truePositives: number;
  falsePositives: number;
  missed: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Detection quality as the issues define it: only `high` and `medium` findings count; a
 * finding is right when its pattern matches an injected case whose subject it names or
 * whose units it shares. Precision counts findings, recall counts injected cases.
 */
export function matches(f: Finding, t: TruthEntry): boolean {
  if (f.pattern !== t.pattern) return false;
  if (f.subject.kind === t.subject.kind && f.subject.id === t.subject.id) return true;
  const units = new Set(t.unit_ids);
  if (t.subject.kind === 'unit' && f.subject.kind === 'unit') return f.subject.id === t.subject.id;
  return f.unit_ids.some((u) => units.has(u)) || (f.subject.kind === 'unit' && units.has(f.subject.id));
}

export function detectionQuality(findings: readonly Finding[], truth: SampleTruth): { patterns: PatternQuality[]; macroF1: number; wrong: Finding[]; missed: TruthEntry[] } {
  const reviewed = findings.filter((f) => f.severity !== 'low');
  const patterns = [...new Set([...truth.injected.map((t) => t.pattern), ...reviewed.map((f) => f.pattern)])].sort();
  const wrong: Finding[] = [];
  const missed: TruthEntry[] = [];
  const rows = patterns.map((pattern) => {
    const ts = truth.injected.filter((t) => t.pattern === pattern);
    const fs = reviewed.filter((f) => f.pattern === pattern);
    const tp = fs.filter((f) => ts.some((t) => matches(f, t)));
    wrong.push(...fs.filter((f) => !tp.includes(f)));
    const found = ts.filter((t) => fs.some((f) => matches(f, t)));
    missed.push(...ts.filter((t) => !found.includes(t)));
    const precision = fs.length ? tp.length / fs.length : ts.length ? 0 : 1;
    const recall = ts.length ? found.length / ts.length : fs.length ? 0 : 1;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { pattern, truth: ts.length, findings: fs.length, truePositives: tp.length, falsePositives: fs.length - tp.length, missed: ts.length - found.length, precision, recall, f1 };
  });
  const macroF1 = rows.length ? rows.reduce((s, r) => s + r.f1, 0) / rows.length : 1;
  return { patterns: rows, macroF1, wrong, missed };
}
