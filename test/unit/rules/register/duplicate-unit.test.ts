import { describe, expect, it } from 'vitest';
import { duplicateUnit } from '../../../../lib/rules/register/duplicate-unit';
import { normaliseUnitName, regionPrefixes } from '../../../../lib/rules/register/names';
import { addSeries, emptyInput, PERIODS, reviewed, run, unit, wobble } from '../../../helpers/register-fixtures';

const ADDR = '山东省临沂市兰山区义堂镇工业路18号';

describe('register.duplicate-unit', () => {
  it('normalises legal form, brackets, spaces, branch suffix and region prefix', () => {
    const prefixes = regionPrefixes([ADDR, '山东省临沂市兰山区柳青街道沂蒙路1号']);
    expect(prefixes).toContain('兰山');
    const a = normaliseUnitName('临沂兰山鑫盛板材有限公司', prefixes);
    expect(normaliseUnitName('临沂 兰山鑫盛板材有限责任公司（兰山分公司）', prefixes)).toBe(a);
    expect(normaliseUnitName('鑫盛板材有限公司兰山分公司', prefixes)).toBe(a);
    expect(a).toBe('鑫盛板材');
  });

  it('flags the copy without tax records that shares name, contacts and figures', () => {
    const input = emptyInput();
    input.units.push(unit('ORIG', { name: '临沂兰山鑫盛板材有限公司', legal_rep: '张伟', phone: '0539-85551234', address: ADDR, entered_period: '2015-03' }));
    input.units.push(unit('COPY', { name: '临沂 兰山鑫盛板材有限责任公司（兰山分公司）', legal_rep: '张伟', phone: '053985551234', address: ADDR, entered_period: '2023-05' }));
    addSeries(input, 'ORIG', { revenue: (m) => 3000 * wobble(m) });
    addSeries(input, 'COPY', { revenue: (m) => 3000 * wobble(m) * (1 + 0.005 * Math.cos(m)), reportMonths: PERIODS.map((_, m) => m).filter((m) => m >= 4), refMonths: [] });
    const [f, ...rest] = run(duplicateUnit, input);
    expect(rest).toHaveLength(0);
    expect(f!.severity).toBe('high');
    expect(f!.subject).toEqual({ kind: 'unit', id: 'COPY' });
    expect(f!.unit_ids).toEqual(['COPY', 'ORIG']);
    expect(f!.evidence.figures as { months_compared: number; near_identical: boolean }).toMatchObject({ months_compared: 20, near_identical: true });
  });

  it('stays silent for one owner running two separate firms, and for a name collision with different figures', () => {
    const input = emptyInput();
    input.units.push(unit('A', { name: '临沂天瀚门业有限公司', legal_rep: '王强', phone: '13912345678', address: ADDR }));
    input.units.push(unit('B', { name: '临沂宏达物流有限公司', category: 'services', industry_code: '5431', legal_rep: '王强', phone: '13912345678', address: '山东省临沂市兰山区柳青街道沂蒙路8号' }));
    input.units.push(unit('C', { name: '临沂兰山天瀚门业有限责任公司', legal_rep: '李娜', phone: '15800000000', address: '山东省临沂市兰山区方城镇韩屯村' }));
    addSeries(input, 'A', { revenue: (m) => 3000 * wobble(m) });
    addSeries(input, 'B', { revenue: (m) => 1200 * wobble(m, 3) });
    addSeries(input, 'C', { revenue: (m) => 2200 * wobble(m, 5) });
    expect(reviewed(run(duplicateUnit, input))).toHaveLength(0);
  });

  it('handles units without reports, names or contacts', () => {
    const input = emptyInput();
    input.units.push(unit('X', { name: '临沂启明化工有限公司', phone: '0539-1' }), unit('Y', { name: '临沂启明化工有限公司', phone: '0539-1' }));
    const findings = run(duplicateUnit, input);
    // Same name only, nothing to compare: a watch-list item at most.
    expect(findings.every((f) => f.severity === 'low')).toBe(true);
  });
});
