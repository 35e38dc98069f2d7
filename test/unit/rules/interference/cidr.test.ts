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

  it('plain IPv4 addresses get the same block as the general parser, whatever their first octet', () => {
    const blocks = ['0.0.0.0/0', '8.0.0.0/6', '10.0.0.0/8', '10.1.0.0/16', '10.1.0.0/16', '::ffff:0:0/96', '::ffff:10.1.2.0/120', '::/0', '218.56.100.0/27', '9.0.0.0/7'];
    const m = cidrMatcher(blocks);
    const parsed = blocks.map((b) => parseCidr(b)!);
    const slow = (ip: string) => {
      const bytes = parseIp(ip)!;
      let best = -1;
      parsed.forEach((b, i) => {
        if (cidrContains(b, bytes) && (best < 0 || b.bits > parsed[best]!.bits)) best = i;
      });
      return best;
    };
    for (const ip of ['10.1.2.3', '10.1.3.3', '10.2.0.1', '8.8.8.8', '9.1.1.1', '11.0.0.1', '218.56.100.31', '218.56.100.32', '255.255.255.255', '0.0.0.0', '127.0.0.1']) expect(m(ip)).toBe(slow(ip));
    expect(m('10.1.2.3')).toBe(6);
    expect(m('10.1.3.3')).toBe(3);
    expect(cidrMatcher(['218.56.100.0/27'])('60.210.227.214')).toBe(-1);
  });
});
