import type { AuditEntry, CaseRecord, CaseStatus } from '../cases/model';

/**
 * Cases and their audit trail. Every change of a case is one `commit`: the new case state and
 * exactly one audit entry whose seq is the new `rev`. A commit is conditional — on the id being
 * free (creation) or on the stored `rev` and `status` being the ones the change was made from —
 * so of two concurrent decisions only one wins (the other gets CaseConflictError). Audit
 * entries are appended once and never changed or removed: there is no API to do so.
 */
export interface CaseStore {
  /**
   * Stores `next` with `audit` (audit.seq must equal next.rev). `expected` = null creates the
   * case (refused if the id exists); otherwise the stored case must still have this rev and status.
   */
  commit(next: CaseRecord, audit: AuditEntry, expected: { rev: number; status: CaseStatus } | null): Promise<void>;
  get(caseId: string): Promise<CaseRecord | undefined>;
  /** Every case, oldest first (created_at, then id). */
  list(): Promise<CaseRecord[]>;
  /** The cases that concern a unit (as subject or among its units). */
  listByUnit(unitId: string): Promise<CaseRecord[]>;
  /** The audit trail of a case, in seq order. */
  audit(caseId: string): Promise<AuditEntry[]>;
}
