import { closeRectificationItem, decideCase } from '../cases/lifecycle';
import { CaseConflictError, CaseError, CaseTransitionError, isCaseStatus, type CaseRecord } from '../cases/model';
import type { CaseStore } from '../ports/case-store';
import type { Clock } from '../ports/clock';

export interface DecideDeps {
  cases: CaseStore;
  clock: Clock;
}

export interface DecideInput {
  caseId: string;
  status: string;
  by: string;
  reason?: string | null;
  evidenceChecked?: readonly string[];
  /** The rev the decider saw (the review page sends it): a case changed since then is refused, not decided blind. */
  expectedRev?: number;
}

async function load(cases: CaseStore, caseId: string, expectedRev?: number): Promise<CaseRecord> {
  const c = await cases.get(caseId);
  if (!c) throw new CaseError('not_found', `没有案件 ${caseId}`, `no case ${caseId}`);
  // The commit below is conditional on this rev, so the check holds up to the write.
  if (expectedRev !== undefined && c.rev !== expectedRev) throw new CaseConflictError(caseId, `rev ${c.rev} ≠ ${expectedRev}`);
  return c;
}

/**
 * Moves a case along its lifecycle (lib/cases/lifecycle.ts) and appends the audit entry.
 * Throws CaseTransitionError when the move is illegal or incomplete, CaseConflictError when
 * someone else changed the case since it was read (only one of two concurrent decisions wins).
 */
export async function decide(deps: DecideDeps, input: DecideInput): Promise<CaseRecord> {
  if (!isCaseStatus(input.status)) {
    throw new CaseTransitionError(
      'illegal_transition',
      `未知状态 ${input.status}（可选 reviewing、dismissed、filed、rectifying、closed）`,
      `unknown status ${input.status} (reviewing, dismissed, filed, rectifying, closed)`,
    );
  }
  const c = await load(deps.cases, input.caseId, input.expectedRev);
  const { next, audit } = decideCase(c, { to: input.status, by: input.by, at: deps.clock.now().toISOString(), reason: input.reason, evidenceChecked: input.evidenceChecked });
  await deps.cases.commit(next, audit, { rev: c.rev, status: c.status });
  return next;
}

/** Closes one rectification item (逐项销号) with who, when and a note. */
export async function closeItem(deps: DecideDeps, input: { caseId: string; itemId: string; by: string; note: string; expectedRev?: number }): Promise<CaseRecord> {
  const c = await load(deps.cases, input.caseId, input.expectedRev);
  const { next, audit } = closeRectificationItem(c, { itemId: input.itemId, by: input.by, note: input.note, at: deps.clock.now().toISOString() });
  await deps.cases.commit(next, audit, { rev: c.rev, status: c.status });
  return next;
}
