import { describe, expect, it } from 'vitest';
import { crossDistrict } from '../../../../lib/rules/register/cross-district';
import { addSeries, CTX, emptyInput, run, unit } from '../../../helpers/register-fixtures';

describe('register.cross-district', () => {
  it('lists a unit registered in another district as low', () => {
    const input = emptyInput();
    input.units.push(unit('913713117262345678'));
    addSeries(input, '913713117262345678', { revenue: 1000 });
    const [f, ...rest] = run(crossDistrict, input);
    expect(rest).toHaveLength(0);
    expect(f!.severity).toBe('low');
    expect(f!.evidence).toMatchObject({ uscc_division_code: '371311', district_code: '371302', reports: 24 });
  });

  it('stays silent for local and city-level registrations', () => {
    const input = emptyInput();
    input.units.push(unit('91371302MA3C12345X'), unit('91371300MA3C12345X'));
    addSeries(input, '91371302MA3C12345X', { revenue: 1000 });
    addSeries(input, '91371300MA3C12345X', { revenue: 1000 });
    expect(run(crossDistrict, input)).toHaveLength(0);
  });

  it('does nothing without a district code', () => {
    const input = emptyInput();
    input.units.push(unit('913713117262345678'));
    expect(run(crossDistrict, input, {}, { ...CTX, districtCode: null })).toHaveLength(0);
  });
});
