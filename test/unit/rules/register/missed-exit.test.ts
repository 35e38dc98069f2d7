import { describe, expect, it } from 'vitest';
import { missedExit } from '../../../../lib/rules/register/missed-exit';
import type { MarketStatusRecord } from '../../../../lib/contract/schemas';
import { addSeries, emptyInput, PERIODS, run, unit } from '../../../helpers/register-fixtures';

const status = (unit_id: string, s: MarketStatusRecord['status'], status_date: string) => ({ unit_id, status: s, status_date }) as MarketStatusRecord;

describe('register.missed-exit', () => {
  it('flags a deregistered unit still in the register and filing', () => {
    const input = emptyInput();
    input.units.push(unit('DEAD'));
    // Tax stops after 2024-03; reports go on.
    addSeries(input, 'DEAD', { revenue: 2000, refMonths: PERIODS.map((_, m) => m).filter((m) => m <= 14) });
    input.market_status.push(status('DEAD', 'active', '2012-01-01'), status('DEAD', 'deregistered', '2024-03-15'));
    const [f, ...rest] = run(missedExit, input);
    expect(rest).toHaveLength(0);
    expect(f!.severity).toBe('high');
    expect(f!.subject).toEqual({ kind: 'unit', id: 'DEAD' });
    expect(f!.period).toBe('2024-03');
    expect(f!.evidence.reports_after).toBe(9);
    expect(f!.evidence.tax_stopped).toBe(true);
  });

  it('stays silent for a unit that left the register properly', () => {
    const input = emptyInput();
    input.units.push(unit('GONE', { in_register: false, exited_period: '2024-04' }));
    addSeries(input, 'GONE', { revenue: 2000, reportMonths: PERIODS.map((_, m) => m).filter((m) => m <= 14) });
    input.market_status.push(status('GONE', 'active', '2012-01-01'), status('GONE', 'deregistered', '2024-03-15'));
    // A reinstated unit: the latest row is active again.
    input.units.push(unit('BACK'));
    addSeries(input, 'BACK', { revenue: 2000 });
    input.market_status.push(status('BACK', 'revoked', '2023-05-01'), status('BACK', 'active', '2023-09-01'));
    expect(run(missedExit, input)).toHaveLength(0);
  });

  it('keeps abnormal status and a very recent deregistration on the watch-list only', () => {
    const input = emptyInput();
    input.units.push(unit('ODD'), unit('NEW'));
    addSeries(input, 'ODD', { revenue: 2000 });
    addSeries(input, 'NEW', { revenue: 2000 });
    input.market_status.push(status('ODD', 'abnormal', '2023-06-01'), status('NEW', 'deregistered', '2024-12-10'));
    const findings = run(missedExit, input);
    expect(findings).toHaveLength(2);
    expect(findings.every((f) => f.severity === 'low')).toBe(true);
  });
});
