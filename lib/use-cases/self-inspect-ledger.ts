import type { Clock } from '../ports/clock';
import type { SelfInspectionLedger } from '../ports/self-inspection-ledger';
import { isFixResolution, LedgerError, type FixResolution, type LedgerItem } from '../self-inspection/ledger';

/** Marks one ledger item fixed, with how and why (整改销号). */
export async function fixLedgerItem(
  deps: { ledger: SelfInspectionLedger; clock: Clock },
  input: { unitId: string; itemId: string; note: string; resolution?: string; by?: string },
): Promise<LedgerItem> {
  const resolution = input.resolution ?? 'corrected';
  if (!isFixResolution(resolution)) {
    throw new LedgerError(
      'bad_resolution',
      `整改方式须为 corrected（更正报表）、evidence（补充材料）或 explained（作出说明），而非「${resolution}」`,
      `the resolution must be corrected, evidence or explained, not "${resolution}"`,
    );
  }
  return deps.ledger.markFixed(input.unitId, input.itemId, { resolution: resolution as FixResolution, note: input.note, by: input.by ?? input.unitId, at: deps.clock.now().toISOString() });
}
