import type { LedgerFix, LedgerItem, LedgerObservation } from '../self-inspection/ledger';

/**
 * The rectification ledger (整改台账) of self-inspection: one item per problem a unit's
 * self-inspection found, kept across uploads and marked fixed by the unit with a note. Kept
 * apart from findings and cases: nothing here is an enforcement record.
 *
 * Every change is conditional on the stored revision, so two writers never silently overwrite
 * each other: `observe` retries on a lost race, `markFixed` reports it (LedgerError 'conflict').
 */
export interface SelfInspectionLedger {
  /** Records that these problems were seen in one upload (creates new items, updates or reopens known ones). */
  observe(observations: readonly LedgerObservation[]): Promise<LedgerItem[]>;
  /** Marks one item fixed; LedgerError when it does not exist, is already fixed, or changed meanwhile. */
  markFixed(unitId: string, itemId: string, fix: LedgerFix): Promise<LedgerItem>;
  get(unitId: string, itemId: string): Promise<LedgerItem | undefined>;
  /** A unit's items, by item id. */
  list(unitId: string): Promise<LedgerItem[]>;
  /** Every item of the units of a town, by unit then item id. */
  listTown(townCode: string): Promise<LedgerItem[]>;
}
