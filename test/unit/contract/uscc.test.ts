import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactUscc, orgCodeCheckCharacter, USCC_ALPHABET, usccCheckCharacter, usccProblem } from '../../../lib/contract/uscc';
import { REFERENCE } from '../../helpers/paths';

const valid = readFileSync(`${REFERENCE}/uscc/valid.txt`, 'utf8').trim().split('\n');
const invalid = readFileSync(`${REFERENCE}/uscc/invalid.txt`, 'utf8')
  .trim()
  .split('\n')
  .map((l) => l.split('\t') as [string, string]);

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts every code of the python-stdnum reference list, including its organisation code', () => {
    expect(valid).toHaveLength(201);
    expect(valid.filter((c) => usccProblem(c) !== null)).toEqual([]);
  });

  it('rejects the reference invalid codes for the reason python-stdnum gives', () => {
    const expected: Record<string, string> = { InvalidLength: 'length', InvalidFormat: 'format', InvalidChecksum: 'checksum' };
    for (const [code, reason] of invalid) expect(usccProblem(code), code).toBe(expected[reason]);
  });

  it('compacts separators before checking', () => {
    expect(usccProblem(compactUscc('91 110000 600037341L'))).toBeNull();
  });

  it('detects a wrong organisation-code check digit even when the overall check character is recomputed', () => {
    const good = valid[1]!;
    const orgCheck = good[16]!;
    const wrongOrg = orgCheck === '0' ? '1' : '0';
    const first17 = good.slice(0, 16) + wrongOrg;
    expect(usccProblem(first17 + usccCheckCharacter(first17))).toBe('org_checksum');
  });

  const codeArb = fc
    .tuple(
      fc.constantFrom('1', '5', '9'),
      fc.constantFrom('1', '2', '3'),
      fc.stringMatching(/^[0-9]{6}$/),
      fc.array(fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXY'.split('')), { minLength: 8, maxLength: 8 }),
    )
    .map(([a, b, div, org]) => {
      const body = org.join('');
      const orgCode = body + orgCodeCheckCharacter(body);
      const first17 = a + b + div + orgCode;
      return first17 + usccCheckCharacter(first17);
    })
    .filter((c) => c.split('').every((ch) => USCC_ALPHABET.includes(ch)));

  it('accepts any code built by the two check-character rules (property)', () => {
    fc.assert(fc.property(codeArb, (code) => usccProblem(code) === null));
  });

  it('rejects any single-character substitution of a valid code (property)', () => {
    fc.assert(
      fc.property(codeArb, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (code, pos, shift) => {
        const alphabet = pos < 8 ? '0123456789' : USCC_ALPHABET;
        const i = alphabet.indexOf(code[pos]!);
        const replacement = alphabet[(i + shift) % alphabet.length]!;
        fc.pre(replacement !== code[pos]);
        const mutated = code.slice(0, pos) + replacement + code.slice(pos + 1);
        return usccProblem(mutated) !== null;
      }),
    );
  });
});
