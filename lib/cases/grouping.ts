import { createHash } from 'node:crypto';
import type { Finding, Pattern } from '../domain/finding';
import type { DistrictData } from '../engine/district-data';
import { caseImpact, caseRisk, maxSeverity, recommendAction } from './impact';
import { itemsForFindings } from './lifecycle';
import { isOpenStatus, subjectKey, suspectAmountOf, type AuditEntry, type CaseFindingRef, type CaseRecord, type CaseSubject, type RectificationItem, type RuleProvenance } from './model';

/**
 * Grouping findings into cases (pure).
 *
 * - The subject of a case is a unit, an account or a town. A finding about a unit, a register
 *   event or a project belongs to its unit (the event's unit, the project's owner); a finding
 *   about an account or a town (interference) to that account or town.
 * - One case per subject per check run: every high/medium finding of the subject in the run
 *   goes to it. Low findings never open a case; they join the subject's case (an open one, or
 *   the one this run opens) as context, or stay without a case.
 * - While the subject has an open case (not dismissed, not closed) its id is stable: a
 *   re-check whose findings change the case adds a new VERSION to it; a re-check that changes
 *   nothing adds nothing. The version holds the union of the previous version's findings and
 *   the run's (the run's copy wins): a check run with `--period` or `--town` sees only part of
 *   the district, and must not drop what an earlier run found.
 * - A dismissed or closed case is never reopened: the subject gets a new case (next ordinal).
 */

export interface BuildCasesPlanInput {
  findings: readonly Finding[];
  data: DistrictData;
  runId: string;
  /** ISO timestamp of this build. */
  now: string;
  /** Every stored case (at least those of the subjects in `findings`). */
  existing: readonly CaseRecord[];
  /** Full findings of each open case's latest version (from its case.json), by case id. */
  previousFindings?: ReadonlyMap<string, readonly Finding[]>;
  /** Resolved parameters of each rule in this run (`paramsFor(rule, config)`), by rule id. */
  ruleParams?: Readonly<Record<string, Record<string, unknown>>>;
  /** Who the audit trail names for automatic entries; default `system`. */
  by?: string;
}

export interface PlannedCase {
  kind: 'create' | 'version';
  record: CaseRecord;
  /** The stored case this version follows (null for a new case). */
  previous: CaseRecord | null;
  /** Every finding of this version, in full, with `case_id` set. */
  findings: Finding[];
  audit: AuditEntry;
}

export interface CasePlan {
  cases: PlannedCase[];
  /** Open cases whose findings this run leaves exactly as they were. */
  unchanged: string[];
  /** The input findings with `case_id` set (null for low findings of subjects without a case). */
  findings: Finding[];
}

export function caseIdFor(subject: CaseSubject, ordinal: number): string {
  const h = createHash('sha256').update(subjectKey(subject)).digest('hex').slice(0, 12).toUpperCase();
  return `C-${h}-${String(ordinal).padStart(2, '0')}`;
}

export function casePrefix(caseId: string, version: number): string {
  return `cases/${caseId}/v${version}/`;
}

/** The case subject of a finding (see the module comment). */
export function subjectResolver(data: DistrictData): (f: Finding) => CaseSubject {
  let events: Map<string, string> | undefined;
  let projects: Map<string, string> | undefined;
  return (f) => {
    switch (f.subject.kind) {
      case 'unit':
        return { kind: 'unit', id: f.subject.id };
      case 'register_event': {
        events ??= new Map(data.registerEvents.map((e) => [e.event_id, e.unit_id]));
        return { kind: 'unit', id: events.get(f.subject.id) ?? f.unit_ids[0] ?? f.subject.id };
      }
      case 'project': {
        projects ??= new Map(data.projects.map((p) => [p.project_id, p.owner_unit_id]));
        return { kind: 'unit', id: projects.get(f.subject.id) ?? f.unit_ids[0] ?? f.subject.id };
      }
      case 'account':
      case 'town':
        return { kind: f.subject.kind, id: f.subject.id };
    }
  };
}

export function findingRef(f: Finding): CaseFindingRef {
  return {
    finding_id: f.finding_id,
    rule_id: f.rule_id,
    rule_version: f.rule_version,
    pattern: f.pattern,
    severity: f.severity,
    score: f.score,
    period: f.period,
    unit_ids: [...f.unit_ids],
    summary_zh: f.summary_zh,
    summary_en: f.summary_en,
    context: f.severity === 'low',
    suspect_amount: suspectAmountOf(f),
  };
}

/** sha256 of what the findings say (not when they were stored): equal hashes = nothing new. */
export function findingsContentHash(findings: readonly Finding[]): string {
  const canon = [...findings]
    .sort((a, b) => a.finding_id.localeCompare(b.finding_id))
    .map((f) => [f.finding_id, f.rule_id, f.rule_version, f.pattern, f.severity, f.score, f.period, [...f.unit_ids].sort(), f.summary_zh, f.summary_en, sortKeys(f.evidence)]);
  return createHash('sha256').update(JSON.stringify(canon)).digest('hex');
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  return v;
}

function townOf(subject: CaseSubject, unitIds: readonly string[], data: DistrictData): string {
  if (subject.kind === 'town') return subject.id;
  if (subject.kind === 'account') {
    const acct = data.accounts.get(subject.id);
    if (acct && (acct.owner_type === 'town_office' || acct.owner_type === 'park_office')) return acct.owner_id;
  }
  const counts = new Map<string, number>();
  for (const id of unitIds) {
    const town = data.units[data.unitIndex.get(id) ?? -1]?.townCode;
    if (town) counts.set(town, (counts.get(town) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '';
}

/** A finding known only from a stored reference (its case.json could not be read). */
function refToFinding(r: CaseFindingRef, subject: CaseSubject): Finding {
  return { ...r, subject: { kind: subject.kind, id: subject.id }, evidence: { carried_over_without_evidence: true }, case_id: null };
}

function provenance(findings: readonly Finding[], previous: readonly RuleProvenance[], params: BuildCasesPlanInput['ruleParams'], current: ReadonlySet<string>): RuleProvenance[] {
  const prev = new Map(previous.map((r) => [`${r.rule_id}@${r.rule_version}`, r]));
  const out = new Map<string, RuleProvenance>();
  for (const f of findings) {
    const key = `${f.rule_id}@${f.rule_version}`;
    if (out.has(key)) continue;
    // A rule that produced a finding in this run ran with this run's parameters; carried-over findings keep theirs.
    const p = current.has(f.finding_id) ? (params?.[f.rule_id] ?? null) : (prev.get(key)?.params ?? null);
    out.set(key, { rule_id: f.rule_id, rule_version: f.rule_version, params: p });
  }
  return [...out.values()].sort((a, b) => a.rule_id.localeCompare(b.rule_id) || a.rule_version - b.rule_version);
}

/** New rectification items for findings of a filed/rectifying case that no item covers yet. */
function extendItems(c: CaseRecord, refs: readonly CaseFindingRef[], at: string): RectificationItem[] {
  const covered = new Set(c.items.flatMap((i) => i.finding_ids));
  const fresh = refs.filter((r) => !r.context && !covered.has(r.finding_id));
  if (!fresh.length) return c.items;
  const items = c.items.map((i) => ({ ...i, finding_ids: [...i.finding_ids] }));
  const rest: CaseFindingRef[] = [];
  for (const r of fresh) {
    const open = items.find((i) => i.status === 'open' && i.pattern === r.pattern);
    if (open) open.finding_ids = [...open.finding_ids, r.finding_id].sort();
    else rest.push(r);
  }
  return [...items, ...itemsForFindings({ case_id: c.case_id, items }, rest, at)];
}

export function planCases(input: BuildCasesPlanInput): CasePlan {
  const { data, now, runId } = input;
  const by = input.by ?? 'system';
  const subjectOf = subjectResolver(data);

  const groups = new Map<string, { subject: CaseSubject; findings: Finding[] }>();
  for (const f of input.findings) {
    const subject = subjectOf(f);
    const key = subjectKey(subject);
    (groups.get(key) ?? groups.set(key, { subject, findings: [] }).get(key)!).findings.push(f);
  }
  const existingBySubject = new Map<string, CaseRecord[]>();
  for (const c of input.existing) (existingBySubject.get(subjectKey(c.subject)) ?? existingBySubject.set(subjectKey(c.subject), []).get(subjectKey(c.subject))!).push(c);

  const caseOfFinding = new Map<string, string>();
  const cases: PlannedCase[] = [];
  const unchanged: string[] = [];

  for (const [key, group] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const prior = (existingBySubject.get(key) ?? []).sort((a, b) => a.ordinal - b.ordinal);
    const open = [...prior].reverse().find((c) => isOpenStatus(c.status));
    const opening = group.findings.some((f) => f.severity !== 'low');
    if (!open && !opening) continue; // low findings alone open nothing

    const current = new Set(group.findings.map((f) => f.finding_id));
    let all: Finding[];
    if (open) {
      const previous = input.previousFindings?.get(open.case_id) ?? open.findings.map((r) => refToFinding(r, open.subject));
      const merged = new Map(previous.map((f) => [f.finding_id, f]));
      for (const f of group.findings) merged.set(f.finding_id, f);
      all = [...merged.values()];
    } else all = [...group.findings];
    all.sort((a, b) => a.finding_id.localeCompare(b.finding_id));

    const contentHash = findingsContentHash(all);
    if (open && open.content_hash === contentHash) {
      unchanged.push(open.case_id);
      for (const f of group.findings) caseOfFinding.set(f.finding_id, open.case_id);
      continue;
    }

    const ordinal = open ? open.ordinal : (prior.at(-1)?.ordinal ?? 0) + 1;
    const caseId = open ? open.case_id : caseIdFor(group.subject, ordinal);
    const version = open ? open.version + 1 : 1;
    const withCase = all.map((f) => ({ ...f, case_id: caseId }));
    const refs = withCase.map(findingRef);
    const unitIds = [...new Set([...(group.subject.kind === 'unit' ? [group.subject.id] : []), ...withCase.flatMap((f) => f.unit_ids)])].sort();
    const risk = caseRisk(refs);
    const impact = caseImpact(data, unitIds, refs);
    const openingRefs = refs.filter((r) => !r.context);
    const prefix = casePrefix(caseId, version);
    const files = [...(open?.files ?? []), { version, run_id: runId, created_at: now, prefix, manifest: `${prefix}manifest.json` }];
    const base = {
      case_id: caseId,
      subject: group.subject,
      ordinal,
      unit_ids: unitIds,
      town_code: townOf(group.subject, unitIds, data),
      patterns: [...new Set(openingRefs.map((r) => r.pattern))].sort() as Pattern[],
      context_patterns: [...new Set(refs.filter((r) => r.context).map((r) => r.pattern))].sort() as Pattern[],
      severity: maxSeverity(openingRefs.length ? openingRefs : refs),
      risk,
      impact,
      recommended_action: recommendAction(group.subject, refs, risk, impact),
      finding_ids: refs.map((r) => r.finding_id),
      findings: refs,
      rules: provenance(withCase, open?.rules ?? [], input.ruleParams, current),
      version,
      files,
      content_hash: contentHash,
      updated_at: now,
      last_run_id: runId,
    };
    let record: CaseRecord;
    let audit: AuditEntry;
    if (open) {
      const items = open.status === 'filed' || open.status === 'rectifying' ? extendItems(open, refs, now) : open.items;
      record = { ...base, status: open.status, items, transitions: open.transitions, rev: open.rev + 1, created_at: open.created_at };
      const added = group.findings.filter((f) => !open.finding_ids.includes(f.finding_id)).length;
      audit = {
        case_id: caseId,
        seq: record.rev,
        at: now,
        by,
        action: 'version',
        from: open.status,
        to: open.status,
        reason: `复查 re-check ${runId}: v${version}，新增 ${added} 条线索 / ${added} new finding(s), ${group.findings.length - added} refreshed`,
        evidence_checked: [],
        item:
          record.items.length > open.items.length
            ? record.items
                .slice(open.items.length)
                .map((i) => i.item_id)
                .join(',')
            : null,
      };
    } else {
      record = { ...base, status: 'new', items: [], transitions: [], rev: 1, created_at: now };
      audit = {
        case_id: caseId,
        seq: 1,
        at: now,
        by,
        action: 'create',
        from: null,
        to: 'new',
        reason: `检查 check ${runId}: ${group.findings.length} 条线索 / findings`,
        evidence_checked: [],
        item: null,
      };
    }
    for (const f of group.findings) caseOfFinding.set(f.finding_id, caseId);
    cases.push({ kind: open ? 'version' : 'create', record, previous: open ?? null, findings: withCase, audit });
  }

  return { cases, unchanged, findings: input.findings.map((f) => ({ ...f, case_id: caseOfFinding.get(f.finding_id) ?? null })) };
}
