import { describe, expect, it } from 'vitest';
import type { RecordKind } from '../../../lib/domain/kinds';
import type { RecordStore } from '../../../lib/ports/record-store';
import { loadDistrictInput } from '../../../lib/use-cases/load-district';

/** A store whose scan yields its rows in the order given: what a parallel scan may do. */
const storeYielding = (rows: { kind: RecordKind; values: Record<string, unknown> }[]) =>
  ({
    async *scanAll() {
      yield* rows;
    },
  }) as unknown as RecordStore;

const sub = (unit: string, period: string, revision: number) => ({ kind: 'submissions' as const, values: { unit_id: unit, period, revision, revenue: 1 } });

describe('loadDistrictInput', () => {
  it('GIVEN the same rows in two scan orders THEN the engine input is identical', async () => {
    const rows = [sub('B', '2024-01', 1), sub('A', '2024-02', 1), sub('A', '2024-01', 2), sub('A', '2024-01', 1), { kind: 'tax' as const, values: { unit_id: 'B', period: '2024-01', sales: 3 } }];
    const forward = await loadDistrictInput(storeYielding(rows));
    const backward = await loadDistrictInput(storeYielding([...rows].reverse()));
    expect(backward).toEqual(forward);
    expect(forward.submissions.map((s) => `${s.unit_id}|${s.period}|${s.revision}`)).toEqual(['A|2024-01|1', 'A|2024-01|2', 'A|2024-02|1', 'B|2024-01|1']);
    expect(forward.tax).toHaveLength(1);
  });
});
