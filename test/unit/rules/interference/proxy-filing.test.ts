import { describe, expect, it } from 'vitest';
import type { AccountRecord, OfficeRecord } from '../../../../lib/contract/schemas';
import type { DistrictInput } from '../../../../lib/engine/district-data';
import type { Rule } from '../../../../lib/engine/rule';
import { proxyFiling } from '../../../../lib/rules/interference/proxy-filing';
import { at, emptyInput, ownUnit, PERIODS, refile, reviewed, rng, run, town } from '../../../helpers/interference-fixtures';

const rule = proxyFiling as unknown as Rule;
const offices = [
  { cidr: '218.57.147.0/26', office_name: '义堂镇人民政府', town_code: town(7) },
  { cidr: '2408:8207:1850:a0::/60', office_name: '兰山经济开发区管理委员会', town_code: town(12) },
] as OfficeRecord[];
const TOWNS = [1, 2, 3, 4, 5, 6, 7, 12];

/** 48 units in 8 towns, each filing for itself from its own address at its own time over eight days. */
function district(): DistrictInput {
  const input = emptyInput();
  input.offices = offices;
  const r = rng(5);
  const hours = TOWNS.flatMap(() => Array.from({ length: 6 }, () => PERIODS.map(() => r.uniform() * 8 * 24)));
  let k = 0;
  for (const t of TOWNS) {
    for (let i = 0; i < 6; i++) {
      const own = hours[k++]!;
      ownUnit(input, `T${t}U${i}`, town(t), { ip: `60.${t}.${i}.9`, device: `fp-own-${t}-${i}`, submittedAt: (m) => at(PERIODS[m + 1] ?? '2025-01', own[m]!) });
    }
  }
  return input;
}

/** Minutes-apart filing of the given units in the given months, starting 30 h into each filing window. */
const burst = (i: number) => (m: number) => at(PERIODS[m + 1] ?? '2025-01', 30 + (3 * i) / 60);

describe('interfere.proxy-filing', () => {
  it('flags a town-office account filing for several units minutes apart, month after month', () => {
    const input = district();
    input.accounts.push({ account: 'OFFICE7', owner_type: 'town_office', owner_id: town(7) } as AccountRecord);
    for (let i = 0; i < 4; i++) refile(input, `T7U${i}`, [8, 9, 10], { account: 'OFFICE7', ip: '218.57.147.20', at: burst(i) });
    const fs = reviewed(run(rule, input));
    expect(fs).toHaveLength(1);
    const f = fs[0]!;
    expect(f.subject).toEqual({ kind: 'town', id: town(7) });
    expect(f.unit_ids.sort()).toEqual(['T7U0', 'T7U1', 'T7U2', 'T7U3']);
    expect(f.severity).toBe('high');
    const ev = f.evidence as { filer: { office_accounts: string[] }; by_month: unknown[]; calibration: { false_alarm_rate: number } };
    expect(ev.filer.office_accounts).toEqual(['OFFICE7']);
    expect(ev.by_month).toHaveLength(3);
    expect(ev.calibration.false_alarm_rate).toBeLessThanOrEqual(1e-3);
    expect(f.summary_zh).not.toMatch(/\b(units?|filed|reports?|months?|the|of)\b/i);
    expect(f.summary_zh).toContain('集中报送');
  });

  it("flags units' own accounts used from an office network (IPv6) as the town", () => {
    const input = district();
    for (let i = 0; i < 3; i++) refile(input, `T12U${i}`, [14, 15], { ip: `2408:8207:1850:a3::${i + 1}`, at: burst(i) });
    const fs = reviewed(run(rule, input));
    expect(fs).toHaveLength(1);
    expect(fs[0]!.subject).toEqual({ kind: 'town', id: town(12) });
    expect(fs[0]!.unit_ids.sort()).toEqual(['T12U0', 'T12U1', 'T12U2']);
  });

  it('GIVEN a station helping two units once each, or two on the same day hours apart THEN a watch-list item only', () => {
    const input = district();
    refile(input, 'T7U0', [3], { ip: '218.57.147.3' });
    refile(input, 'T7U1', [9], { ip: '218.57.147.4' });
    let fs = run(rule, input);
    expect(fs.map((f) => [f.subject.id, f.severity])).toEqual([[town(7), 'low']]);
    refile(input, 'T7U2', [9], { ip: '218.57.147.4', at: (m) => at(PERIODS[m + 1]!, 100) });
    fs = run(rule, input);
    expect(reviewed(fs)).toEqual([]);
  });

  it('GIVEN eleven units of one town filed minutes apart from one address and device off the office networks for six months THEN high', () => {
    const input = district();
    for (let i = 0; i < 6; i++) refile(input, `T3U${i}`, [10, 11, 12, 13, 14, 15], { ip: '112.241.223.200', device: 'fp-station', at: burst(i) });
    const fs = reviewed(run(rule, input));
    expect(fs).toHaveLength(1);
    expect(fs[0]!.severity).toBe('high');
    expect(fs[0]!.subject).toEqual({ kind: 'town', id: town(3) });
    expect(fs[0]!.unit_ids).toHaveLength(6);
    expect((fs[0]!.evidence as { town_concentration: { units_in_town: number } }).town_concentration.units_in_town).toBe(6);
  });

  it('GIVEN an agency logging in as each client from one laptop, clients in every town THEN a watch-list item, not a review', () => {
    const input = district();
    TOWNS.forEach((t, i) =>
      refile(
        input,
        `T${t}U5`,
        PERIODS.map((_, m) => m),
        { ip: '123.9.9.9', device: 'fp-laptop', at: burst(i) },
      ),
    );
    const fs = run(rule, input);
    expect(fs.map((f) => f.severity)).toEqual(['low']);
    expect((fs[0]!.evidence as { filer: { device: string } }).filer.device).toBe('fp-laptop');
  });

  it("leaves an agency's own account, a shared NAT address and units filing for themselves alone", () => {
    const input = district();
    input.accounts.push({ account: 'AGENCY', owner_type: 'agent', owner_id: '91AGENCY' } as AccountRecord);
    for (let i = 0; i < 5; i++)
      refile(
        input,
        `T2U${i}`,
        PERIODS.map((_, m) => m),
        { account: 'AGENCY', ip: '123.5.6.7', device: 'fp-agency', at: burst(i) },
      );
    // A park building behind one public address: each tenant on its own computer at its own time.
    for (let i = 0; i < 6; i++)
      refile(
        input,
        `T12U${i}`,
        PERIODS.map((_, m) => m),
        { ip: '58.57.1.1' },
      );
    expect(run(rule, input)).toEqual([]);
  });

  it('flags an agency filing from an office network in bursts, and caps a group company (one legal representative) at low', () => {
    const input = district();
    input.accounts.push({ account: 'AGENCY', owner_type: 'agent', owner_id: '91AGENCY' } as AccountRecord);
    for (let i = 0; i < 3; i++) refile(input, `T7U${i}`, [3, 4, 5], { account: 'AGENCY', ip: '218.57.147.3', at: burst(i) });
    expect(reviewed(run(rule, input)).map((f) => f.subject)).toEqual([{ kind: 'town', id: town(7) }]);
    const group = district();
    for (const u of group.units) if (u.unit_id.startsWith('T4U')) u.legal_rep = '王建国';
    for (let i = 0; i < 6; i++) refile(group, `T4U${i}`, [10, 11, 12, 13], { ip: '60.4.0.9', device: 'fp-group', at: burst(i) });
    const fs = run(rule, group);
    expect(fs.map((f) => f.severity)).toEqual(['low']);
    expect((fs[0]!.evidence as { calibration: { cap?: unknown } }).calibration.cap).toBeDefined();
  });

  it('handles unknown accounts, unparsable addresses and an empty district', () => {
    expect(run(rule, emptyInput())).toEqual([]);
    const input = district();
    for (const s of input.submissions) if (s.unit_id.startsWith('T1U')) s.submitter_ip = 'not-an-ip';
    for (let i = 0; i < 4; i++) refile(input, `T1U${i}`, [2, 3, 4], { account: 'GHOST', at: burst(i) });
    const fs = reviewed(run(rule, input));
    expect(fs.map((f) => f.subject)).toEqual([{ kind: 'account', id: 'GHOST' }]);
  });
});
