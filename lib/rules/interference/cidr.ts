/**
 * IPv4 / IPv6 addresses and CIDR blocks as 16-byte arrays (IPv4 as IPv4-mapped IPv6,
 * ::ffff:a.b.c.d, so that an IPv4 block also matches the mapped form of its addresses).
 *
 * Why by hand: the offices file lists the networks of town and park offices; matching a
 * submitter IP against them is a byte-prefix comparison, and Node's `net.BlockList` neither
 * reports which block matched nor treats mapped addresses alike in every version.
 */

function parseV4(s: string, out: Uint8Array, at: number): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^\d{1,3}$/.test(p)) return false;
    const v = Number(p);
    if (v > 255) return false;
    out[at + i] = v;
  }
  return true;
}

/** Parses an IPv4 or IPv6 address (zone id and brackets ignored) to 16 bytes; null if invalid. */
export function parseIp(text: string): Uint8Array | null {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const out = new Uint8Array(16);
  if (!s.includes(':')) {
    out[10] = 0xff;
    out[11] = 0xff;
    return parseV4(s, out, 12) ? out : null;
  }
  // IPv6, possibly with an embedded IPv4 tail and one "::".
  const double = s.indexOf('::');
  if (double !== s.lastIndexOf('::')) return null;
  const head = double >= 0 ? s.slice(0, double) : s;
  const tail = double >= 0 ? s.slice(double + 2) : '';
  const words = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      if (it.includes('.') && i === items.length - 1) {
        const v4 = new Uint8Array(4);
        if (!parseV4(it, v4, 0)) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(it)) return null;
        out.push(parseInt(it, 16));
      }
    }
    return out;
  };
  const h = words(head);
  const t = words(tail);
  if (!h || !t) return null;
  if (double < 0 && h.length !== 8) return null;
  if (double >= 0 && h.length + t.length > 7) return null;
  const all = [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  for (let i = 0; i < 8; i++) {
    out[2 * i] = all[i]! >> 8;
    out[2 * i + 1] = all[i]! & 0xff;
  }
  return out;
}

export interface Cidr {
  bytes: Uint8Array;
  /** Prefix length in the 128-bit space (IPv4 /n is 96 + n). */
  bits: number;
}

/** Parses `a.b.c.d/n` or `x::y/n` (a bare address is a /32 or /128); null if invalid. */
export function parseCidr(text: string): Cidr | null {
  const [addr, len, extra] = text.trim().split('/');
  if (extra !== undefined || addr === undefined) return null;
  const bytes = parseIp(addr);
  if (!bytes) return null;
  const v4 = !addr.includes(':');
  const max = v4 ? 32 : 128;
  const n = len === undefined ? max : /^\d{1,3}$/.test(len) ? Number(len) : Number.NaN;
  if (!(n >= 0 && n <= max)) return null;
  return { bytes, bits: v4 ? 96 + n : n };
}

/** True when the address lies inside the block. */
export function cidrContains(block: Cidr, ip: Uint8Array): boolean {
  let bits = block.bits;
  for (let i = 0; i < 16 && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((block.bytes[i]! & mask) !== (ip[i]! & mask)) return false;
  }
  return true;
}

/**
 * Matcher for a list of blocks: the index of the most specific block containing the address,
 * −1 if none or the address is invalid. Results are cached per address string (submitters
 * reuse a few addresses many times).
 */
export function cidrMatcher(blocks: readonly string[]): (ip: string) => number {
  const parsed = blocks.map(parseCidr);
  const cache = new Map<string, number>();
  return (ip: string) => {
    const hit = cache.get(ip);
    if (hit !== undefined) return hit;
    const bytes = parseIp(ip);
    let best = -1;
    if (bytes) {
      for (let i = 0; i < parsed.length; i++) {
        const b = parsed[i];
        if (b && cidrContains(b, bytes) && (best < 0 || b.bits > parsed[best]!.bits)) best = i;
      }
    }
    cache.set(ip, best);
    return best;
  };
}
