import type { Pattern } from '../domain/finding';
import { PATTERN_LABEL } from '../domain/finding';
import { CaseTransitionError, STATUS_LABEL, type AuditEntry, type CaseFindingRef, type CaseRecord, type CaseStatus, type RectificationItem } from './model';

/**
 * The review workflow: new → reviewing → (dismissed | filed) → rectifying → closed.
 * Pure: every function returns the next case and the audit entry to append (seq = rev + 1);
 * the store writes both, conditionally on the case's rev and status.
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['reviewing'],
  reviewing: ['dismissed', 'filed'],
  dismissed: [],
  filed: ['rectifying'],
  rectifying: ['closed'],
  closed: [],
};

export interface DecisionInput {
  to: CaseStatus;
  by: string;
  at: string;
  reason?: string | null;
  evidenceChecked?: readonly string[];
}

export interface Mutation {
  next: CaseRecord;
  audit: AuditEntry;
}

const label = (s: CaseStatus) => `${STATUS_LABEL[s].zh} ${s}`;

function requireBy(by: string): string {
  const who = by.trim();
  if (!who) throw new CaseTransitionError('by_required', '必须注明操作人（--by）', 'who decided must be given (--by)');
  return who;
}

/** Checks a decision without applying it; throws CaseTransitionError with a bilingual message. */
export function checkTransition(c: CaseRecord, input: DecisionInput): void {
  requireBy(input.by);
  const allowed = ALLOWED_TRANSITIONS[c.status];
  if (!allowed.includes(input.to)) {
    const options = allowed.length ? allowed.map(label).join('、') : '无 none';
    throw new CaseTransitionError(
      'illegal_transition',
      `案件 ${c.case_id} 不能从「${label(c.status)}」转为「${label(input.to)}」，可转为：${options}`,
      `case ${c.case_id} cannot go from ${c.status} to ${input.to}; allowed: ${allowed.join(', ') || 'none'}`,
    );
  }
  if (input.to === 'dismissed') {
    if (!input.reason?.trim()) throw new CaseTransitionError('reason_required', '排除线索必须填写理由（--reason）', 'a reason is required to dismiss a case (--reason)');
    if (!input.evidenceChecked?.some((e) => e.trim())) {
      throw new CaseTransitionError('evidence_required', '排除线索必须列明已核查的证据（--evidence）', 'dismissing a case requires the list of evidence checked (--evidence)');
    }
  }
  if (input.to === 'closed') {
    const open = c.items.filter((i) => i.status === 'open');
    if (open.length) {
      throw new CaseTransitionError(
        'items_open',
        `整改台账尚有 ${open.length} 项未销号（${open.map((i) => i.item_id).join('、')}），不能办结`,
        `${open.length} rectification item(s) still open (${open.map((i) => i.item_id).join(', ')}): the case cannot be closed`,
      );
    }
  }
}

/**
 * Rectification items (整改台账): one per pattern of the case's high/medium findings, covering
 * every finding of that pattern. Per pattern, not per finding, because the remedy is per
 * behaviour (a unit that inflated twelve months corrects its series once, 一次整改), while the
 * item still lists the findings it settles. Ids: `<case_id>-R<nn>`.
 */
export function itemsForFindings(c: Pick<CaseRecord, 'case_id' | 'items'>, findings: readonly CaseFindingRef[], at: string): RectificationItem[] {
  const byPattern = new Map<Pattern, string[]>();
  for (const f of findings) if (!f.context) (byPattern.get(f.pattern) ?? byPattern.set(f.pattern, []).get(f.pattern)!).push(f.finding_id);
  const out: RectificationItem[] = [];
  let n = c.items.length;
  for (const [pattern, ids] of [...byPattern].sort(([a], [b]) => a.localeCompare(b))) {
    n++;
    out.push({
      item_id: `${c.case_id}-R${String(n).padStart(2, '0')}`,
      pattern,
      title_zh: `整改：${PATTERN_LABEL[pattern]}（${ids.length} 条线索）`,
      title_en: `rectify: ${pattern} (${ids.length} finding${ids.length === 1 ? '' : 's'})`,
      finding_ids: [...ids].sort(),
      status: 'open',
      created_at: at,
      closed_at: null,
      closed_by: null,
      note: null,
    });
  }
  return out;
}

export function decideCase(c: CaseRecord, input: DecisionInput): Mutation {
  checkTransition(c, input);
  const by = requireBy(input.by);
  const reason = input.reason?.trim() || null;
  const evidence = (input.evidenceChecked ?? []).map((e) => e.trim()).filter(Boolean);
  const items = input.to === 'filed' ? [...c.items, ...itemsForFindings(c, c.findings, input.at)] : c.items;
  const next: CaseRecord = {
    ...c,
    status: input.to,
    items,
    transitions: [...c.transitions, { at: input.at, by, from: c.status, to: input.to, reason, evidence_checked: evidence }],
    rev: c.rev + 1,
    updated_at: input.at,
  };
  const created = items.slice(c.items.length).map((i) => i.item_id);
  return {
    next,
    audit: {
      case_id: c.case_id,
      seq: next.rev,
      at: input.at,
      by,
      action: 'transition',
      from: c.status,
      to: input.to,
      reason,
      evidence_checked: evidence,
      item: created.length ? created.join(',') : null,
    },
  };
}

export function closeRectificationItem(c: CaseRecord, input: { itemId: string; by: string; at: string; note: string }): Mutation {
  const by = requireBy(input.by);
  if (c.status !== 'rectifying') {
    throw new CaseTransitionError(
      'illegal_transition',
      `案件 ${c.case_id} 处于「${label(c.status)}」，只有整改中的案件才能逐项销号`,
      `case ${c.case_id} is ${c.status}: items are closed only while it is rectifying`,
    );
  }
  const item = c.items.find((i) => i.item_id === input.itemId);
  if (!item) throw new CaseTransitionError('unknown_item', `案件 ${c.case_id} 没有整改项 ${input.itemId}`, `case ${c.case_id} has no rectification item ${input.itemId}`);
  if (item.status === 'closed') throw new CaseTransitionError('item_closed', `整改项 ${input.itemId} 已于 ${item.closed_at} 销号`, `item ${input.itemId} was already closed at ${item.closed_at}`);
  const note = input.note.trim();
  if (!note) throw new CaseTransitionError('note_required', '销号必须填写说明（--note）', 'closing an item requires a note (--note)');
  const next: CaseRecord = {
    ...c,
    items: c.items.map((i) => (i.item_id === item.item_id ? { ...i, status: 'closed', closed_at: input.at, closed_by: by, note } : i)),
    rev: c.rev + 1,
    updated_at: input.at,
  };
  return { next, audit: { case_id: c.case_id, seq: next.rev, at: input.at, by, action: 'close_item', from: c.status, to: c.status, reason: note, evidence_checked: [], item: item.item_id } };
}
