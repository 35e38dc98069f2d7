import { describe, expect, it } from 'vitest';
import { cidrContains, cidrMatcher, parseCidr, parseIp } from '../../../../lib/rules/interference/cidr';

describe('interference cidr matching', () => {
  it('parses IPv4, IPv6 (compressed, embedded IPv4, zone) and rejects junk', () => {
    expect(Array.from(parseIp('218.57.148.5')!.slice(10))).toEqual([0xff, 0xff, 218, 57, 148, 5]);
    expect(parseIp('2001:db8::1')![15]).toBe(1);
    expect(parseIp('::ffff:218.57.148.5')).toEqual(parseIp('218.57.148.5'));
    expect(parseIp('fe80::1%eth0')).toEqual(parseIp('fe80::1'));
    for (const bad of ['256.1.1.1', '1.2.3', '1::2::3', '12345::1', 'abc', '', '1:2:3:4:5:6:7:8:9']) expect(parseIp(bad)).toBeNull();
  });

  it('matches addresses inside a block and not outside, for both families', () => {
    const v4 = parseCidr('218.57.148.0/26')!;
    expect(cidrContains(v4, parseIp('218.57.148.63')!)).toBe(true);
    expect(cidrContains(v4, parseIp('218.57.148.64')!)).toBe(false);
    expect(cidrContains(v4, parseIp('::ffff:218.57.148.10')!)).toBe(true);
    const v6 = parseCidr('2408:8207:1850:a0::/60')!;
    expect(cidrContains(v6, parseIp('2408:8207:1850:af:1::2')!)).toBe(true);
    expect(cidrContains(v6, parseIp('2408:8207:1850:b0::2')!)).toBe(false);
    expect(cidrContains(parseCidr('0.0.0.0/0')!, parseIp('8.8.8.8')!)).toBe(true);
    expect(cidrContains(parseCidr('0.0.0.0/0')!, parseIp('2001::1')!)).toBe(false);
    expect(parseCidr('10.0.0.0/33')).toBeNull();
  });

  it('returns the most specific block and −1 for no match or invalid input', () => {
    const m = cidrMatcher(['10.0.0.0/8', '10.1.0.0/16', 'not-a-cidr', '2001:db8::/32']);
    expect(m('10.1.2.3')).toBe(1);
    expect(m('10.2.2.3')).toBe(0);
    expect(m('2001:db8:5::7')).toBe(3);
    expect(m('11.0.0.1')).toBe(-1);
    expect(m('garbage')).toBe(-1);
  });
});
