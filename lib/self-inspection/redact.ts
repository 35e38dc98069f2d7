/**
 * Defence in depth for what reaches a unit's report. The checks run on a district holding only
 * this unit, so their output cannot name another unit; these filters make sure of it anyway:
 * evidence is cut to an allow-list per rule, keys that carry peer or cross-unit detail are
 * dropped at any depth, and any credit-code-shaped token other than the unit's own is masked.
 */

/** Keys whose values describe other units (peer lists, copy sources, district counts). */
const DENY_KEYS = new Set(['peer', 'peers', 'peer_tax_ratio', 'copied_from', 'district_density', 'notes', 'unit_ids', 'submitter_account', 'submitter_ip', 'submitter_device']);

/** 18 characters of the credit-code alphabet, not inside a longer token. */
const CODE_LIKE = /(?<![0-9A-Z])[0-9A-HJ-NP-RT-UW-Y]{18}(?![0-9A-Z])/g;
export const MASK = '[其他单位 another unit]';

export function maskForeignIds(text: string, ownId: string): string {
  return text.replace(CODE_LIKE, (m) => (m === ownId ? m : MASK));
}

/** Deep copy with every string masked and denied keys removed. */
export function scrub(value: unknown, ownId: string): unknown {
  if (typeof value === 'string') return maskForeignIds(value, ownId);
  if (Array.isArray(value)) return value.map((v) => scrub(v, ownId));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!DENY_KEYS.has(k)) out[k] = scrub(v, ownId);
    return out;
  }
  return value;
}

/** The allowed top-level evidence keys, scrubbed. */
export function pickEvidence(evidence: Record<string, unknown>, allow: readonly string[], ownId: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of allow) if (k in evidence && !DENY_KEYS.has(k)) out[k] = scrub(evidence[k], ownId);
  return out;
}
