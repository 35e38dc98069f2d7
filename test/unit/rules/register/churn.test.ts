import { describe, expect, it } from 'vitest';
import { churn } from '../../../../lib/rules/register/churn';
import { addSeries, emptyInput, event, run, unit } from '../../../helpers/register-fixtures';

describe('register.churn', () => {
  it('lists a unit moving in and out repeatedly as low, with tax-implied revenue at each event', () => {
    const input = emptyInput();
    input.units.push(unit('YOYO'));
    addSeries(input, 'YOYO', { revenue: 1700 });
    input.register_events.push(
      event({ event_id: 'C1', unit_id: 'YOYO', type: 'entry', period: '2023-03', reason: 'reached_threshold', declared_annual_revenue: 20_500 }),
      event({ event_id: 'C2', unit_id: 'YOYO', type: 'exit', period: '2023-11', reason: 'below_threshold' }),
      event({ event_id: 'C3', unit_id: 'YOYO', type: 'entry', period: '2024-06', reason: 'reached_threshold', declared_annual_revenue: 20_400 }),
    );
    const [f, ...rest] = run(churn, input);
    expect(rest).toHaveLength(0);
    expect(f!.severity).toBe('low');
    expect(f!.pattern).toBe('REGISTER.FAKE_ENTRY');
    expect(f!.evidence).toMatchObject({ entries: 2, exits: 1 });
    const events = f!.evidence.events as { tax_implied_annual: number | null }[];
    expect(events[2]!.tax_implied_annual).toBeCloseTo(20_400, -2);
  });

  it('stays silent for one entry and one exit', () => {
    const input = emptyInput();
    input.register_events.push(
      event({ event_id: 'D1', unit_id: 'ONCE', type: 'entry', period: '2023-03', reason: 'reached_threshold', declared_annual_revenue: 20_500 }),
      event({ event_id: 'D2', unit_id: 'ONCE', type: 'exit', period: '2024-03', reason: 'below_threshold' }),
    );
    expect(run(churn, input)).toHaveLength(0);
  });

  it('handles events of units without any records (exit last → FAKE_EXIT)', () => {
    const input = emptyInput();
    input.register_events.push(
      event({ event_id: 'G1', unit_id: 'GHOST', type: 'exit', period: '2023-01', reason: 'below_threshold' }),
      event({ event_id: 'G2', unit_id: 'GHOST', type: 'exit', period: '2024-01', reason: 'below_threshold' }),
    );
    const [f] = run(churn, input);
    expect(f!.pattern).toBe('REGISTER.FAKE_EXIT');
    expect((f!.evidence.events as { tax_implied_annual: null }[])[0]!.tax_implied_annual).toBeNull();
  });
});
