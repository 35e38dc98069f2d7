import { describe, expect, it } from 'vitest';
import type { AccountRecord, OfficeRecord } from '../../../../lib/contract/schemas';
import type { Rule } from '../../../../lib/engine/rule';
import { proxyFiling } from '../../../../lib/rules/interference/proxy-filing';
import { at, emptyInput, ownUnit, PERIODS, refile, reviewed, run, town } from '../../../helpers/interference-fixtures';

const rule = proxyFiling as unknown as Rule;
const offices = [
  { cidr: '218.57.147.0/26', office_name: '义堂镇人民政府', town_code: town(7) },
  { cidr: '2408:8207:1850:a0::/60', office_name: '兰山经济开发区管理委员会', town_code: town(12) },
] as OfficeRecord[];

describe('interfere.proxy-filing', () => {
  it('flags a town-office account filing for several units, with the burst', () => {
    const input = emptyInput();
    input.offices = offices;
    input.accounts.push({ account: 'OFFICE7', owner_type: 'town_office', owner_id: town(7) } as AccountRecord);
    for (let i = 0; i < 6; i++) ownUnit(input, `U${i}`, town(7));
    for (let i = 0; i < 4; i++) refile(input, `U${i}`, [8, 9, 10], { account: 'OFFICE7', ip: '218.57.147.20', at: (m) => at(PERIODS[m + 1]!, 10 * i / 60) });
    const fs = run(rule, input);
    expect(fs).toHaveLength(1);
    const f = fs[0]!;
    expect(f.subject).toEqual({ kind: 'account', id: 'OFFICE7' });
    expect(f.unit_ids.sort()).toEqual(['U0', 'U1', 'U2', 'U3']);
    expect(f.period).toBe(PERIODS[8]);
    expect(f.severity).toBe('high');
    expect((f.evidence as { burst: { units: number } }).burst.units).toBe(4);
  });

  it('flags units\' own accounts used from an office network (IPv6) as the town', () => {
    const input = emptyInput();
    input.offices = offices;
    for (let i = 0; i < 5; i++) ownUnit(input, `P${i}`, town(12));
    for (let i = 0; i < 3; i++) refile(input, `P${i}`, [14, 15], { ip: `2408:8207:1850:a3::${i + 1}` });
    const fs = reviewed(run(rule, input));
    expect(fs).toHaveLength(1);
    expect(fs[0]!.subject).toEqual({ kind: 'town', id: town(12) });
    expect(fs[0]!.unit_ids.sort()).toEqual(['P0', 'P1', 'P2']);
    expect(fs[0]!.period).toBe(PERIODS[14]);
  });

  it('leaves an accounting agency filing for its clients, and units filing their own reports, alone', () => {
    const input = emptyInput();
    input.offices = offices;
    input.accounts.push({ account: 'AGENCY', owner_type: 'agent', owner_id: '91AGENCY' } as AccountRecord);
    for (let i = 0; i < 12; i++) ownUnit(input, `C${i}`, town(7));
    for (let i = 0; i < 10; i++) refile(input, `C${i}`, PERIODS.map((_, m) => m), { account: 'AGENCY', ip: '123.5.6.7', device: 'fp-agency', at: (m) => at(PERIODS[m + 1] ?? '2025-01', i / 6) });
    expect(run(rule, input)).toEqual([]);
  });

  it('flags an agency only when it files from an office network; a single unit there is a watch-list item', () => {
    const input = emptyInput();
    input.offices = offices;
    input.accounts.push({ account: 'AGENCY', owner_type: 'agent', owner_id: '91AGENCY' } as AccountRecord);
    for (let i = 0; i < 3; i++) ownUnit(input, `C${i}`, town(7));
    refile(input, 'C0', [3], { account: 'AGENCY', ip: '218.57.147.3' });
    let fs = run(rule, input);
    expect(fs).toHaveLength(1);
    expect(fs[0]!.severity).toBe('low');
    refile(input, 'C1', [3], { account: 'AGENCY', ip: '218.57.147.3' });
    fs = run(rule, input);
    expect(fs[0]!.severity).not.toBe('low');
    expect(fs[0]!.subject).toEqual({ kind: 'town', id: town(7) });
  });

  it('handles unknown accounts, unparsable IPs and an empty district', () => {
    expect(run(rule, emptyInput())).toEqual([]);
    const input = emptyInput();
    input.offices = offices;
    for (let i = 0; i < 4; i++) ownUnit(input, `X${i}`, town(7), { ip: 'not-an-ip' });
    for (let i = 0; i < 3; i++) refile(input, `X${i}`, [2], { account: 'GHOST' });
    const fs = run(rule, input);
    expect(fs.map((f) => f.subject)).toEqual([{ kind: 'account', id: 'GHOST' }]);
    expect(fs[0]!.severity).toBe('medium');
  });

  it('GIVEN an agency logging in as each client from one laptop off any office network, in bursts THEN a watch-list item, not a review', () => {
    const input = emptyInput();
    input.offices = offices;
    for (let i = 0; i < 8; i++) ownUnit(input, `K${i}`, town(7));
    for (let i = 0; i < 8; i++) refile(input, `K${i}`, [5, 6, 7], { ip: '123.9.9.9', device: 'fp-laptop', at: (m) => at(PERIODS[m + 1]!, i / 60) });
    const fs = run(rule, input);
    expect(fs.map((f) => [f.subject.kind, f.severity])).toEqual([['town', 'low']]);
    expect((fs[0]!.evidence as { device: string }).device).toBe('fp-laptop');
  });
});
