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
 * A plain dotted-quad IPv4 address (four groups of 1–3 digits, each ≤ 255, nothing else) as an
 * unsigned 32-bit number; −1 for any other text, which then takes the general parser. Why: a
 * district's submissions carry hundreds of thousands of distinct addresses, nearly all of this
 * form, and splitting, regex tests and a 16-byte array per address dominated the matcher.
 */
function plainV4(s: string): number {
  const n = s.length;
  if (n < 7 || n > 15) return -1;
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (++digits > 3) return -1;
      part = part * 10 + (c - 48);
      if (part > 255) return -1;
    } else return -1;
  }
  if (digits === 0 || dots !== 3) return -1;
  return value * 256 + part;
}

/**
 * A full-form IPv6 address (eight groups of 1–4 hex digits, no "::", no IPv4 tail, nothing else)
 * into `out` as eight 16-bit words; false for any other text, which then takes the general parser.
 */
function plainV6(s: string, out: Uint16Array): boolean {
  const n = s.length;
  if (n < 15 || n > 39) return false;
  let w = 0;
  let word = 0;
  let digits = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let v: number;
    if (c >= 48 && c <= 57) v = c - 48;
    else if (c >= 97 && c <= 102) v = c - 87;
    else if (c >= 65 && c <= 70) v = c - 55;
    else if (c === 58) {
      if (digits === 0 || w >= 7) return false;
      out[w++] = word;
      word = 0;
      digits = 0;
      continue;
    } else return false;
    if (++digits > 4) return false;
    word = (word << 4) | v;
  }
  if (digits === 0 || w !== 7) return false;
  out[7] = word;
  return true;
}

/**
 * Matcher for a list of blocks: the index of the most specific block containing the address,
 * −1 if none or the address is invalid. Plain IPv4 and full-form IPv6 addresses are matched
 * as numbers without allocating; other forms are parsed in full and cached per address string.
 */
export function cidrMatcher(blocks: readonly string[]): (ip: string) => number {
  const parsed = blocks.map(parseCidr);
  // Per block, how it treats an IPv4-mapped address: 0 never contains one, 1 contains every
  // one (its prefix ends within ::ffff:0:0/96), 2 compares the top bits of the IPv4 part.
  const nb = parsed.length;
  const v4Kind = new Uint8Array(nb);
  const v4Net = new Uint32Array(nb);
  const v4Mask = new Uint32Array(nb);
  const bits = new Int32Array(nb);
  const mappedZero = new Uint8Array(16);
  mappedZero[10] = 0xff;
  mappedZero[11] = 0xff;
  for (let i = 0; i < nb; i++) {
    const b = parsed[i];
    if (!b) continue;
    bits[i] = b.bits;
    if (!cidrContains({ bytes: b.bytes, bits: Math.min(b.bits, 96) }, mappedZero)) continue;
    if (b.bits <= 96) {
      v4Kind[i] = 1;
      continue;
    }
    const k = b.bits - 96;
    const mask = k >= 32 ? 0xffffffff : (0xffffffff << (32 - k)) >>> 0;
    const net = ((b.bytes[12]! << 24) | (b.bytes[13]! << 16) | (b.bytes[14]! << 8) | b.bytes[15]!) >>> 0;
    v4Kind[i] = 2;
    v4Mask[i] = mask;
    v4Net[i] = (net & mask) >>> 0;
  }
  // Per block, its address and prefix mask as eight 16-bit words (for full-form IPv6).
  const v6Net = new Uint16Array(nb * 8);
  const v6Mask = new Uint16Array(nb * 8);
  for (let i = 0; i < nb; i++) {
    const b = parsed[i];
    if (!b) continue;
    for (let w = 0; w < 8; w++) {
      const k = Math.max(0, Math.min(16, b.bits - 16 * w));
      const mask = k === 0 ? 0 : (0xffff << (16 - k)) & 0xffff;
      v6Mask[i * 8 + w] = mask;
      v6Net[i * 8 + w] = ((b.bytes[2 * w]! << 8) | b.bytes[2 * w + 1]!) & mask;
    }
  }
  // Per first octet, the blocks (in list order) that can hold an IPv4 address starting with it:
  // office networks are a few small blocks, so most addresses meet none.
  const byOctet: Int32Array[] = [];
  for (let o = 0; o < 256; o++) {
    const top = (o << 24) >>> 0;
    const list: number[] = [];
    for (let i = 0; i < nb; i++) {
      const kind = v4Kind[i]!;
      if (kind === 1 || (kind === 2 && ((top ^ v4Net[i]!) & v4Mask[i]! & 0xff000000) >>> 0 === 0)) list.push(i);
    }
    byOctet.push(Int32Array.from(list));
  }
  const words = new Uint16Array(8);
  const cache = new Map<string, number>();
  return (ip: string) => {
    const v4 = plainV4(ip);
    if (v4 >= 0) {
      let best = -1;
      const list = byOctet[v4 >>> 24]!;
      for (let j = 0; j < list.length; j++) {
        const i = list[j]!;
        if (v4Kind[i] === 2 && (v4 & v4Mask[i]!) >>> 0 !== v4Net[i]!) continue;
        if (best < 0 || bits[i]! > bits[best]!) best = i;
      }
      return best;
    }
    if (plainV6(ip, words)) {
      let best = -1;
      for (let i = 0; i < nb; i++) {
        if (!parsed[i]) continue;
        let inside = true;
        for (let w = 0; w < 8 && inside; w++) inside = ((words[w]! ^ v6Net[i * 8 + w]!) & v6Mask[i * 8 + w]!) === 0;
        if (inside && (best < 0 || bits[i]! > bits[best]!)) best = i;
      }
      return best;
    }
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
