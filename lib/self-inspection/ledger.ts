import { createHash } from 'node:crypto';
import type { Pattern, Severity } from '../domain/finding';
import { StatsentryError } from '../domain/errors';

/**
 * The rectification ledger (整改台账) of self-inspection, as pure state transitions. Stores
 * (DynamoDB, memory) only persist what these functions return, with conditional writes.
 */

/** How a unit dealt with a problem: the three ways the report asks for. */
export const FIX_RESOLUTIONS = ['corrected', 'evidence', 'explained'] as const;
export type FixResolution = (typeof FIX_RESOLUTIONS)[number];
export const RESOLUTION_LABEL: Record<FixResolution, { zh: string; en: string }> = {
  corrected: { zh: '已更正报表', en: 'report corrected' },
  evidence: { zh: '已补充证明材料', en: 'evidence attached' },
  explained: { zh: '已作出说明', en: 'explained' },
};
export function isFixResolution(s: string): s is FixResolution {
  return (FIX_RESOLUTIONS as readonly string[]).includes(s);
}

export type LedgerStatus = 'open' | 'fixed';
export const LEDGER_STATUS_LABEL: Record<LedgerStatus, { zh: string; en: string }> = {
  open: { zh: '待整改', en: 'open' },
  fixed: { zh: '已整改', en: 'fixed' },
};

/** One problem as seen in one upload. */
export interface LedgerObservation {
  unit_id: string;
  town_code: string | null;
  item_id: string;
  rule_id: string;
  pattern: Pattern;
  severity: Severity;
  period: string | null;
  summary_zh: string;
  summary_en: string;
  /** The upload it was seen in (`<file name>@<sha256 prefix>`). */
  upload: string;
  at: string;
}

export interface LedgerFix {
  resolution: FixResolution;
  note: string;
  by: string;
  at: string;
}

export interface LedgerHistoryEntry {
  at: string;
  action: 'opened' | 'seen' | 'fixed' | 'reopened';
  upload?: string;
  by?: string;
  resolution?: FixResolution;
  note?: string;
}

export interface LedgerItem {
  unit_id: string;
  town_code: string | null;
  item_id: string;
  rule_id: string;
  pattern: Pattern;
  severity: Severity;
  period: string | null;
  summary_zh: string;
  summary_en: string;
  status: LedgerStatus;
  first_seen_at: string;
  first_upload: string;
  last_seen_at: string;
  last_upload: string;
  seen_count: number;
  /** The fix in force (null while open); `upload` is the last upload the unit had seen when fixing. */
  fix: (LedgerFix & { upload: string }) | null;
  /** Newest last; capped so that an item uploaded every month stays small. */
  history: LedgerHistoryEntry[];
  /** Incremented by every change; stores write conditionally on it. */
  rev: number;
}

/**
 * Every ledger item's partition key starts so (`SELFINSP#<unit_id>`); the self-inspection
 * function may write only such keys (IAM dynamodb:LeadingKeys in its stack).
 */
export const LEDGER_PK_PREFIX = 'SELFINSP#';

const MAX_HISTORY = 50;
export const MAX_NOTE_LENGTH = 2000;

export type LedgerErrorCode = 'not_found' | 'already_fixed' | 'note_required' | 'bad_resolution' | 'conflict';

/** A refused ledger operation, with the reason in both languages. */
export class LedgerError extends StatsentryError {
  constructor(
    readonly code: LedgerErrorCode,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
  }
}

/** Stable across uploads: the same check on the same subject and period is the same ledger item. */
export function ledgerItemId(unitId: string, ruleId: string, subject: string, period: string | null): string {
  const digest = createHash('sha256')
    .update(`${unitId}\u0000${ruleId}\u0000${subject}\u0000${period ?? ''}`)
    .digest('hex');
  return `SI-${digest.slice(0, 12)}`;
}

function withHistory(item: LedgerItem, entry: LedgerHistoryEntry): LedgerHistoryEntry[] {
  return [...item.history, entry].slice(-MAX_HISTORY);
}

export function openItem(o: LedgerObservation): LedgerItem {
  const { upload, at, ...rest } = o;
  return { ...rest, status: 'open', first_seen_at: at, first_upload: upload, last_seen_at: at, last_upload: upload, seen_count: 1, fix: null, history: [{ at, action: 'opened', upload }], rev: 1 };
}

/**
 * The item after it was seen again, or null when nothing changes (the same upload delivered
 * twice). A problem fixed by correcting the report that shows up in a later upload is reopened;
 * one fixed by evidence or an explanation stays fixed — the explanation still stands.
 */
export function observeAgain(item: LedgerItem, o: LedgerObservation): LedgerItem | null {
  if (o.upload === item.last_upload) return null;
  const base: LedgerItem = {
    ...item,
    severity: o.severity,
    summary_zh: o.summary_zh,
    summary_en: o.summary_en,
    town_code: o.town_code ?? item.town_code,
    last_seen_at: o.at,
    last_upload: o.upload,
    seen_count: item.seen_count + 1,
    rev: item.rev + 1,
  };
  if (item.status === 'fixed' && item.fix?.resolution === 'corrected' && item.fix.upload !== o.upload) {
    return { ...base, status: 'open', fix: null, history: withHistory(item, { at: o.at, action: 'reopened', upload: o.upload }) };
  }
  return { ...base, history: withHistory(item, { at: o.at, action: 'seen', upload: o.upload }) };
}

/** The item marked fixed; refuses an item already fixed or a fix without a note. */
export function fixItem(item: LedgerItem, fix: LedgerFix): LedgerItem {
  if (item.status === 'fixed') {
    throw new LedgerError('already_fixed', `整改项 ${item.item_id} 已于 ${item.fix?.at ?? ''} 标记为已整改`, `item ${item.item_id} was already marked fixed at ${item.fix?.at ?? ''}`);
  }
  const note = fix.note.trim();
  if (!note) throw new LedgerError('note_required', '标记已整改须填写整改说明', 'marking an item fixed needs a note');
  if (note.length > MAX_NOTE_LENGTH) throw new LedgerError('note_required', `整改说明不得超过${MAX_NOTE_LENGTH}字`, `the note may be at most ${MAX_NOTE_LENGTH} characters`);
  const by = fix.by.trim() || item.unit_id;
  return {
    ...item,
    status: 'fixed',
    fix: { ...fix, note, by, upload: item.last_upload },
    history: withHistory(item, { at: fix.at, action: 'fixed', by, resolution: fix.resolution, note }),
    rev: item.rev + 1,
  };
}

export function notFound(unitId: string, itemId: string): LedgerError {
  return new LedgerError('not_found', `单位 ${unitId} 没有整改项 ${itemId}`, `unit ${unitId} has no ledger item ${itemId}`);
}

export function changedMeanwhile(itemId: string): LedgerError {
  return new LedgerError('conflict', `整改项 ${itemId} 已被他人修改，请重新读取后再操作`, `ledger item ${itemId} was changed meanwhile; read it again and retry`);
}
