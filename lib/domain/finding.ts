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

/** The Chinese name of each pattern, as enforcement staff say it. */
export const PATTERN_LABEL: Record<Pattern, string> = {
  'DATA.INVALID': '逻辑错误',
  'FALSIFY.INFLATE': '虚报',
  'FALSIFY.CONCEAL': '瞒报',
  'FALSIFY.FABRICATE': '伪造数据',
  'FALSIFY.COPY': '抄袭数据',
  'INTERFERE.PROXY_FILING': '代填代报',
  'INTERFERE.COORDINATED': '统一调数',
  'RENT.THRESHOLD': '数据寻租',
  'REGISTER.FAKE_ENTRY': '虚假入库',
  'REGISTER.DUPLICATE': '重复入库',
  'REGISTER.MISCLASSIFIED': '错误归类',
  'REGISTER.BUNDLED_PROJECT': '违规打捆',
  'REGISTER.FAKE_EXIT': '违规退库',
  'REGISTER.MISSED_EXIT': '应退未退',
  'ENFORCE.UNREVIEWED': '线索未处理',
  'ENFORCE.SELECTIVE': '选择性执法',
};

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
