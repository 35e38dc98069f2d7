import type { Bilingual } from '../contract/messages';
import { knownColumns, type Schemas } from '../contract/schemas';

/** The two kinds a self-inspection file may hold. */
export type UploadKind = 'submissions' | 'register_events';
export const UPLOAD_KINDS: readonly UploadKind[] = ['submissions', 'register_events'];

/** Optional column that names a row's kind explicitly (a contract extension: new optional column). */
export const KIND_COLUMN = 'kind';

export interface KindColumns {
  /** Columns only a monthly report has (revenue, employees, submitter_account, …). */
  submissionOnly: ReadonlySet<string>;
  /** Columns only a register application has (event_id, type, reason, declared_annual_revenue, …). */
  eventOnly: ReadonlySet<string>;
  /** Every column either kind knows, plus the kind column. */
  known: ReadonlySet<string>;
}

export function kindColumns(schemas: Schemas): KindColumns {
  const sub = knownColumns(schemas, 'submissions');
  const evt = knownColumns(schemas, 'register_events');
  return {
    submissionOnly: new Set(sub.filter((c) => !evt.includes(c))),
    eventOnly: new Set(evt.filter((c) => !sub.includes(c))),
    known: new Set([...sub, ...evt, KIND_COLUMN]),
  };
}

/**
 * The kind of one row of a self-inspection file, which may mix monthly reports and register
 * applications (the header is then the union of both kinds' columns, and each row fills its own):
 * 1. a `kind` cell, when the file has that column, decides (`submissions` or `register_events`);
 * 2. otherwise the columns only one kind has decide: a row with a value in any of
 *    event_id, type, reason, declared_annual_revenue, evidence_tax_revenue, submitted_by, category
 *    is a register application; one with a value in any of revenue, employees, submitter_account,
 *    submitter_ip, … is a monthly report;
 * 3. a row with values of both kinds, or of neither, is rejected: it cannot be read safely.
 * Shared columns (unit_id, period, submitted_at) decide nothing.
 */
export function rowKind(cells: Record<string, string | undefined>, cols: KindColumns): { kind: UploadKind } | { reason: Bilingual; column: string | null } {
  const explicit = cells[KIND_COLUMN];
  if (explicit !== undefined) {
    if (explicit === 'submissions' || explicit === 'register_events') return { kind: explicit };
    return {
      column: KIND_COLUMN,
      reason: {
        zh: `自查文件只接受月报（submissions）和入库/退库申请（register_events），而非「${explicit.slice(0, 40)}」`,
        en: `a self-inspection file takes monthly reports (submissions) and register applications (register_events) only, not "${explicit.slice(0, 40)}"`,
      },
    };
  }
  const filled = (set: ReadonlySet<string>) => [...set].filter((c) => cells[c] !== undefined);
  const sub = filled(cols.submissionOnly);
  const evt = filled(cols.eventOnly);
  if (sub.length && evt.length) {
    return {
      column: evt[0]!,
      reason: {
        zh: `同一行既有月报列（${sub.slice(0, 3).join('、')}）又有入库/退库申请列（${evt.slice(0, 3).join('、')}）；请分行填写或增加 kind 列`,
        en: `the row fills both monthly-report columns (${sub.slice(0, 3).join(', ')}) and register-application columns (${evt.slice(0, 3).join(', ')}); put them on separate rows or add a kind column`,
      },
    };
  }
  if (sub.length) return { kind: 'submissions' };
  if (evt.length) return { kind: 'register_events' };
  return {
    column: null,
    reason: { zh: '无法判断该行是月报还是入库/退库申请（两类专有列均为空）', en: 'cannot tell whether the row is a monthly report or a register application (no column of either kind is filled)' },
  };
}
