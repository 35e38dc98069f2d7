/**
 * Attribution: the one step after the rules have run that decides which pattern owns a story.
 *
 * Rules judge evidence and do not know each other. One fact often shows in several rules: figures
 * copied from another unit also drift from the copier's tax records (INFLATE/CONCEAL); a firm
 * registered twice files the same figures under both codes (COPY); revenue lifted just over the
 * register threshold is also revenue above what tax supports (INFLATE). A reviewer should meet
 * such a story once, under the pattern that explains it, with the other findings kept beside it
 * as a watch-list: the yielding finding becomes `low` (score below the medium cut point, its order
 * kept), and its evidence records who owns the story and why.
 *
 * The table below is the whole policy; each line names the owning patterns, the yielding ones and
 * how two findings are taken to tell one story.
 */
import { PATTERN_LABEL, type Finding, type Pattern } from '../domain/finding';

/**
 * How two findings are one story: `same_units`, the owner names every unit the yielding finding
 * names (a twin registration and the copy between the twins); `shared_unit_near`, they name a
 * common unit and lie within a year of each other.
 */
export type StoryMatch = 'same_units' | 'shared_unit_near';

export interface Ownership {
  owners: readonly Pattern[];
  yields: readonly Pattern[];
  match: StoryMatch;
  reason_zh: string;
  reason_en: string;
}

/** Months two findings' periods may lie apart and still be one story (`shared_unit_near`). */
export const STORY_MONTHS = 12;

export const OWNERSHIP: readonly Ownership[] = [
  {
    owners: ['REGISTER.DUPLICATE'],
    yields: ['FALSIFY.COPY'],
    match: 'same_units',
    reason_zh: '同一企业以两个代码登记，两份报表自然相同：属重复入库',
    reason_en: 'one firm registered under two codes files the same figures under both: a duplicate registration',
  },
  {
    owners: ['FALSIFY.COPY', 'FALSIFY.FABRICATE'],
    yields: ['FALSIFY.INFLATE', 'FALSIFY.CONCEAL'],
    match: 'shared_unit_near',
    reason_zh: '报表系抄袭或编造，与税务、电力记录的偏离是其后果',
    reason_en: 'the figures were copied or invented; their drift from tax and electricity records follows from that',
  },
  {
    owners: ['RENT.THRESHOLD', 'REGISTER.FAKE_ENTRY'],
    yields: ['FALSIFY.INFLATE'],
    match: 'shared_unit_near',
    reason_zh: '收入被抬高以进入名录库或越过标准：属卡线寻租或虚假入库',
    reason_en: 'revenue was lifted to enter the register or pass its threshold: threshold rent-seeking or a fake entry',
  },
  {
    owners: ['RENT.THRESHOLD'],
    yields: ['REGISTER.FAKE_ENTRY'],
    match: 'shared_unit_near',
    reason_zh: '入库申报额恰好越过标准而真实规模接近标准：属卡线寻租',
    reason_en: 'the declaration was pushed just over the threshold by a business not far below it: threshold rent-seeking',
  },
  {
    owners: ['REGISTER.FAKE_EXIT'],
    yields: ['FALSIFY.CONCEAL'],
    match: 'shared_unit_near',
    reason_zh: '收入被压低以退出名录库：属违规退库',
    reason_en: 'revenue was cut to leave the register: an improper exit',
  },
];

export interface Attribution {
  owner_finding_id: string;
  owner_rule_id: string;
  owner_pattern: Pattern;
  severity_before: Finding['severity'];
  score_before: number;
  reason_zh: string;
  reason_en: string;
}

function monthNumber(period: string | null): number | null {
  if (!period || !/^\d{4}-\d{2}$/.test(period)) return null;
  return Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1;
}

function unitsOf(f: Finding): string[] {
  return f.subject.kind === 'unit' && !f.unit_ids.includes(f.subject.id) ? [...f.unit_ids, f.subject.id] : f.unit_ids;
}

/** The owner is about units (not a project of theirs) and names every unit the other finding names. */
function covers(owner: Finding, f: Finding): boolean {
  if (owner.subject.kind === 'project') return false;
  const mine = new Set(unitsOf(owner));
  return unitsOf(f).every((u) => mine.has(u));
}

/**
 * The months a finding covers, [from, to] as month numbers: its evidence's `months: {from, to}`
 * (episodes) or `matched_periods: [from, to]` (copies) when it states them, else its period alone.
 */
export function spanOf(f: Finding): [number, number] | null {
  const ev = f.evidence as { months?: { from?: unknown; to?: unknown }; matched_periods?: unknown };
  const pair = ev.months && typeof ev.months === 'object' ? [ev.months.from, ev.months.to] : Array.isArray(ev.matched_periods) ? ev.matched_periods : null;
  if (pair) {
    const a = monthNumber(typeof pair[0] === 'string' ? pair[0] : null);
    const b = monthNumber(typeof pair[1] === 'string' ? pair[1] : null);
    if (a !== null && b !== null) return [Math.min(a, b), Math.max(a, b)];
  }
  const t = monthNumber(f.period);
  return t === null ? null : [t, t];
}

/** Two findings lie within STORY_MONTHS of each other (their spans overlap or nearly); a finding of no period is near everything. */
function near(a: Finding, b: Finding): boolean {
  const x = spanOf(a);
  const y = spanOf(b);
  if (!x || !y) return true;
  const gap = Math.max(x[0], y[0]) - Math.min(x[1], y[1]);
  return gap <= STORY_MONTHS;
}

/**
 * Applies the ownership table to one run's findings (in place order kept; returns the same array
 * with yielding findings replaced). Only medium and high findings own or yield: a watch-list
 * signal owns nothing. Ownership is decided on the rules' own severities, so the order of the table
 * does not matter and a finding that yields cannot itself own.
 */
export function attribute(findings: Finding[], table: readonly Ownership[] = OWNERSHIP): Finding[] {
  const serious = (f: Finding) => f.severity !== 'low';
  const byUnit = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!serious(f)) continue;
    for (const u of unitsOf(f)) {
      let list = byUnit.get(u);
      if (!list) byUnit.set(u, (list = []));
      list.push(f);
    }
  }
  return findings.map((f) => {
    if (!serious(f)) return f;
    for (const line of table) {
      if (!line.yields.includes(f.pattern)) continue;
      for (const u of unitsOf(f)) {
        const owner = byUnit.get(u)?.find((o) => o !== f && line.owners.includes(o.pattern) && (line.match === 'same_units' ? covers(o, f) : near(o, f)));
        if (!owner) continue;
        const attribution: Attribution = {
          owner_finding_id: owner.finding_id,
          owner_rule_id: owner.rule_id,
          owner_pattern: owner.pattern,
          severity_before: f.severity,
          score_before: f.score,
          reason_zh: line.reason_zh,
          reason_en: line.reason_en,
        };
        return {
          ...f,
          severity: 'low',
          score: Math.min(f.score, 0.49),
          summary_zh: `${f.summary_zh}（${line.reason_zh}，见“${PATTERN_LABEL[owner.pattern]}”线索）`,
          summary_en: `${f.summary_en} (${line.reason_en}; see the ${owner.pattern} finding)`,
          evidence: { ...f.evidence, attribution },
        };
      }
    }
    return f;
  });
}
