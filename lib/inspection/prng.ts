import { createHash } from 'node:crypto';

/**
 * The draw's random numbers: counter-based and keyed, so anyone can recompute them with any
 * SHA-256 — no generator state, no library, no platform. For a seed and the parts of a key
 * (a stream name such as `risk`, a unit id, a slot number):
 *
 *   h = SHA-256( UTF-8( seed ␀ part₁ ␀ part₂ … ) )        (␀ = U+0000)
 *   u = ( int(first 13 hex digits of h) + 0.5 ) / 2^52     ∈ (0, 1), never 0 or 1
 *
 * e.g. in Python: `(int(hashlib.sha256('\0'.join([seed, *parts]).encode()).hexdigest()[:13], 16) + 0.5) / 2**52`.
 * Because each number is keyed by a unit's id rather than by a position in a sequence, the
 * draw does not depend on the order in which the units were read.
 */
export const PRNG_DESCRIPTION = 'u = (int(sha256(utf8(seed + "\\u0000" + parts.join("\\u0000"))).hex[0:13], 16) + 0.5) / 2^52';

export function uniform(seed: string, ...parts: string[]): number {
  const hex = createHash('sha256')
    .update([seed, ...parts].join('\u0000'), 'utf8')
    .digest('hex');
  return (Number.parseInt(hex.slice(0, 13), 16) + 0.5) / 2 ** 52;
}
