import { describe, expect, it } from 'vitest';
import { buildSchemas, knownColumns } from '../../../lib/contract/schemas';
import { validateRow, type RowResult } from '../../../lib/contract/validate-row';
import type { RecordKind } from '../../../lib/domain/kinds';

const schemas = buildSchemas({ usccAllowList: new Set(['91110000600037341N']) });
const validate = (kind: RecordKind, cells: Record<string, string | undefined>): RowResult => validateRow(schemas, kind, new Set(knownColumns(schemas, kind)), { line: 7, cells });

const submission = {
  unit_id: '91371302MAD1TJ3Y9T',
  period: '2024-03',
  revision: '1',
  submitted_at: '2024-04-05T12:52:50+08:00',
  submitter_account: 'DZ35704',
  submitter_ip: '60.215.39.65',
  revenue: '303.3',
  employees: '23',
  profit: '-11.9',
};

function problems(result: RowResult) {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems;
}

describe('contract row validation', () => {
  it('accepts a valid submission and types its values', () => {
    const r = validate('submissions', submission);
    expect(r).toMatchObject({ ok: true, values: { revenue: 303.3, employees: 23, revision: 1, profit: -11.9 } });
  });

  it('defaults a missing revision to 0', () => {
    const r = validate('submissions', { ...submission, revision: undefined });
    expect(r.ok && r.values.revision).toBe(0);
  });

  it.each([
    ['unit_id', '91371302MAD1TJ3Y9A', '校验码错误', 'check character is wrong'],
    ['period', '2024-13', 'YYYY-MM', 'month 01–12'],
    ['period', '2024-1', 'YYYY-MM', 'YYYY-MM'],
    ['submitted_at', '2024-04-05T12:52:50', '时区偏移', 'with an offset'],
    ['submitted_at', '2024-02-30T12:52:50+08:00', '时区偏移', 'with an offset'],
    ['revenue', '-5', '负数', 'must not be negative'],
    ['revenue', '12,5', '不是数字', 'not a number'],
    ['revenue', undefined, '缺少必填值', 'missing required value'],
    ['employees', '2.5', '整数', 'integer'],
    ['submitter_ip', '300.1.1.1', 'IPv4', 'IPv4'],
  ])('rejects %s=%s with a bilingual reason', (column, value, zh, en) => {
    const [p] = problems(validate('submissions', { ...submission, [column]: value }));
    expect(p).toMatchObject({ line: 7, column, value });
    expect(p!.reason_zh).toContain(zh);
    expect(p!.reason_en).toContain(en);
  });

  it('admits a legacy code on the allow-list although its check character fails', () => {
    expect(validate('submissions', { ...submission, unit_id: '91110000600037341N' }).ok).toBe(true);
  });

  it('accepts Z as an offset and fractional seconds', () => {
    expect(validate('submissions', { ...submission, submitted_at: '2024-04-05T04:52:50.123Z' }).ok).toBe(true);
  });

  it('reads the contract booleans', () => {
    const unit = { unit_id: '91371302MAD1TJ3Y9T', name: '临沂晟联餐饮有限公司', industry_code: '6210', category: 'catering', town_code: '371302003000' };
    for (const [text, value] of [
      ['true', true],
      ['0', false],
      ['是', true],
      ['否', false],
    ] as const) {
      const r = validate('units', { ...unit, in_register: text });
      expect(r.ok && r.values.in_register).toBe(value);
    }
    expect(problems(validate('units', { ...unit, in_register: 'yes' }))[0]!.column).toBe('in_register');
  });

  it('checks a register event reason against its type and requires declared revenue for entries', () => {
    const event = {
      event_id: 'E1',
      unit_id: '91371302MAD1TJ3Y9T',
      type: 'entry',
      category: 'catering',
      period: '2024-01',
      reason: 'below_threshold',
      submitted_by: 'X',
      submitted_at: '2024-01-01T00:00:00+08:00',
    };
    const cols = problems(validate('register_events', event))
      .map((p) => p.column)
      .sort();
    expect(cols).toEqual(['declared_annual_revenue', 'reason']);
    expect(validate('register_events', { ...event, type: 'exit' }).ok).toBe(true);
  });

  it('keeps unknown columns as extra', () => {
    const r = validate('tax', { unit_id: '91371302MAD1TJ3Y9T', period: '2024-01', taxable_sales: '1', note: '补录' });
    expect(r).toMatchObject({ ok: true, extra: { note: '补录' } });
  });

  it('validates CIDR blocks of offices', () => {
    expect(validate('offices', { cidr: '218.57.140.0/26', office_name: 'x', town_code: '371302001000' }).ok).toBe(true);
    expect(problems(validate('offices', { cidr: '218.57.140.0/33', office_name: 'x', town_code: '371302001000' }))[0]!.column).toBe('cidr');
  });
});
