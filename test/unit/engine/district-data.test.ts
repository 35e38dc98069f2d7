import { describe, expect, it } from 'vitest';
import { buildDistrictData } from '../../../lib/engine/district-data';
import { emptyInput } from '../../helpers/falsify-fixtures';

describe('buildDistrictData period range', () => {
  it('GIVEN no dated records THEN there are no periods', () => {
    const data = buildDistrictData(emptyInput());
    expect(data.periods).toEqual([]);
  });

  it('GIVEN project progress after the last report month THEN the range reaches it and the progress is kept', () => {
    const input = emptyInput();
    input.tax.push({ unit_id: 'U', period: '2024-01', taxable_sales: 1, vat_paid: null } as never);
    input.project_progress.push({ project_id: 'P1', period: '2024-03', completed_investment: 700 });
    const data = buildDistrictData(input);
    expect(data.periods).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(Array.from(data.progress.get('P1')!)).toEqual([Number.NaN, Number.NaN, 700]);
  });

  it('GIVEN insured headcount months before any report THEN the range starts there', () => {
    const input = emptyInput();
    input.social_insurance.push({ unit_id: 'U', period: '2023-11', insured_headcount: 3 });
    input.electricity.push({ unit_id: 'U', period: '2024-01', kwh: 5 });
    expect(buildDistrictData(input).periods).toEqual(['2023-11', '2023-12', '2024-01']);
  });
});
