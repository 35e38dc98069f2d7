import type { SelfInspectionLedger } from '../../ports/self-inspection-ledger';
import { fixItem, notFound, observeAgain, openItem, type LedgerFix, type LedgerItem, type LedgerObservation } from '../../self-inspection/ledger';

const clone = <T>(v: T): T => structuredClone(v);
const byUnitThenItem = (a: LedgerItem, b: LedgerItem) => a.unit_id.localeCompare(b.unit_id) || a.item_id.localeCompare(b.item_id);

/** The ledger's contract in memory, for unit tests. */
export class MemorySelfInspectionLedger implements SelfInspectionLedger {
  readonly items = new Map<string, LedgerItem>();

  private key(unitId: string, itemId: string): string {
    return `${unitId}\u0000${itemId}`;
  }

  async observe(observations: readonly LedgerObservation[]): Promise<LedgerItem[]> {
    return observations.map((o) => {
      const stored = this.items.get(this.key(o.unit_id, o.item_id));
      const next = stored ? observeAgain(stored, o) : openItem(o);
      if (next) this.items.set(this.key(o.unit_id, o.item_id), next);
      return clone(next ?? stored!);
    });
  }

  async markFixed(unitId: string, itemId: string, fix: LedgerFix): Promise<LedgerItem> {
    const stored = this.items.get(this.key(unitId, itemId));
    if (!stored) throw notFound(unitId, itemId);
    const next = fixItem(stored, fix);
    this.items.set(this.key(unitId, itemId), next);
    return clone(next);
  }

  async get(unitId: string, itemId: string): Promise<LedgerItem | undefined> {
    const item = this.items.get(this.key(unitId, itemId));
    return item && clone(item);
  }

  async list(unitId: string): Promise<LedgerItem[]> {
    return [...this.items.values()]
      .filter((i) => i.unit_id === unitId)
      .sort(byUnitThenItem)
      .map(clone);
  }

  async listTown(townCode: string): Promise<LedgerItem[]> {
    return [...this.items.values()]
      .filter((i) => i.town_code === townCode)
      .sort(byUnitThenItem)
      .map(clone);
  }
}
