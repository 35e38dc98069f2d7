/** The fixed list of fraud patterns of data contract v1. */
export const PATTERNS = [
  'DATA.INVALID',
  'FALSIFY.INFLATE',
  'FALSIFY.CONCEAL',
  'FALSIFY.FABRICATE',
  'FALSIFY.COPY',
  'INTERFERE.PROXY_FILING',
  'INTERFERE.COORDINATED',
  'RENT.THRESHOLD',
  'REGISTER.FAKE_ENTRY',
  'REGISTER.DUPLICATE',
  'REGISTER.MISCLASSIFIED',
  'REGISTER.BUNDLED_PROJECT',
  'REGISTER.FAKE_EXIT',
  'REGISTER.MISSED_EXIT',
  'ENFORCE.UNREVIEWED',
  'ENFORCE.SELECTIVE',
] as const;
export type Pattern = (typeof PATTERNS)[number];

export type SubjectKind = 'unit' | 'project' | 'account' | 'town' | 'register_event';
export type Severity = 'high' | 'medium' | 'low';

/** One finding, exactly as the contract's findings export writes it. */
export interface Finding {
  finding_id: string;
  rule_id: string;
  rule_version: number;
  pattern: Pattern;
  subject: { kind: SubjectKind; id: string };
  unit_ids: string[];
  period: string | null;
  score: number;
  severity: Severity;
  summary_zh: string;
  summary_en: string;
  evidence: Record<string, unknown>;
  case_id: string | null;
}

export const SEVERITY_RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };
