/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015) with its embedded
 * organisation code (组织机构代码, GB 11714-1997).
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export type UsccProblem = 'length' | 'format' | 'checksum' | 'org_checksum';

export function compactUscc(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** GB 11714: letters count as 10..35 in the Latin alphabet, not as USCC alphabet positions. */
export function orgCodeCheckCharacter(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(first8[i]!, 36) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 11 ? '0' : c === 10 ? 'X' : String(c);
}

/** Returns the first problem found, in python-stdnum's order, then the organisation code; null if valid. */
export function usccProblem(code: string): UsccProblem | null {
  if (code.length !== 18) return 'length';
  if (!/^[0-9]{8}$/.test(code.slice(0, 8))) return 'format';
  for (const ch of code.slice(8)) if (!USCC_ALPHABET.includes(ch)) return 'format';
  if (usccCheckCharacter(code.slice(0, 17)) !== code[17]) return 'checksum';
  if (orgCodeCheckCharacter(code.slice(8, 16)) !== code[16]) return 'org_checksum';
  return null;
}

/** The 6-digit administrative division of registration (登记管理机关行政区划码). */
export function usccDivisionCode(code: string): string {
  return code.slice(2, 8);
}
