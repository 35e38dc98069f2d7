import { createHash } from 'node:crypto';

/** Canonical JSON (sorted keys, absent values dropped) so equal records hash equally whatever their column order. */
export function canonicalJson(values: Record<string, unknown>): string {
  const keys = Object.keys(values)
    .filter((k) => values[k] !== undefined && values[k] !== null)
    .sort();
  return JSON.stringify(keys.map((k) => [k, values[k]]));
}

export function fingerprint(values: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(values)).digest('base64url').slice(0, 22);
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
