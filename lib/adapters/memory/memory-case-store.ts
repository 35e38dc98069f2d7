import { AuditImmutableError, CaseConflictError, type AuditEntry, type CaseRecord, type CaseStatus } from '../../cases/model';
import type { CaseStore } from '../../ports/case-store';

const clone = <T>(v: T): T => structuredClone(v);

/** The case store's contract in memory, for unit tests of the use cases. */
export class MemoryCaseStore implements CaseStore {
  private readonly cases = new Map<string, CaseRecord>();
  private readonly trail = new Map<string, AuditEntry[]>();

  async commit(next: CaseRecord, audit: AuditEntry, expected: { rev: number; status: CaseStatus } | null): Promise<void> {
    if (audit.seq !== next.rev || audit.case_id !== next.case_id) throw new Error(`audit entry ${audit.case_id}#${audit.seq} does not match case ${next.case_id} rev ${next.rev}`);
    const stored = this.cases.get(next.case_id);
    if (expected === null ? stored !== undefined : stored?.rev !== expected.rev || stored.status !== expected.status) {
      throw new CaseConflictError(next.case_id, expected === null ? 'id exists' : `rev ${stored?.rev ?? '—'} ≠ ${expected.rev}`);
    }
    const entries = this.trail.get(next.case_id) ?? [];
    if (entries.some((e) => e.seq === audit.seq)) throw new AuditImmutableError(next.case_id, audit.seq);
    this.cases.set(next.case_id, clone(next));
    this.trail.set(next.case_id, [...entries, Object.freeze(clone(audit))]);
  }

  async get(caseId: string): Promise<CaseRecord | undefined> {
    const c = this.cases.get(caseId);
    return c && clone(c);
  }

  async list(): Promise<CaseRecord[]> {
    return [...this.cases.values()].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.case_id.localeCompare(b.case_id)).map(clone);
  }

  async listByUnit(unitId: string): Promise<CaseRecord[]> {
    return (await this.list()).filter((c) => c.unit_ids.includes(unitId));
  }

  async audit(caseId: string): Promise<AuditEntry[]> {
    return (this.trail.get(caseId) ?? []).map(clone);
  }
}
