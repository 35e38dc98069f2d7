import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  integerDigitCount,
  integerTrailingZeros,
  isMultipleOfPowerOf10,
  lastDigits,
  leadingDigits,
  leadingDigitsFromString,
  parseDecimal,
  trailingZeroExponent,
} from '../../../lib/stats/leading-digits';

describe('leadingDigitsFromString', () => {
  it('reads digits from the decimal string (README §1.4 examples)', () => {
    expect(leadingDigitsFromString('0.5', 2)).toBe(50);
    expect(leadingDigitsFromString('10.12', 2)).toBe(10);
    expect(leadingDigitsFromString('0.29', 2)).toBe(29); // float formula: 0.29*100 = 28.999999999999996
    expect(leadingDigitsFromString('9.70', 2)).toBe(97); // float formula: 9.7/0.1 = 96.99999999999999
    expect(leadingDigitsFromString('-0.0071', 2)).toBe(71);
    expect(leadingDigitsFromString('+007', 3)).toBe(700);
    expect(leadingDigitsFromString('26763476.00', 4)).toBe(2676);
    expect(leadingDigitsFromString('1.5e+21', 2)).toBe(15);
    expect(leadingDigitsFromString('1e-7', 2)).toBe(10);
    expect(leadingDigitsFromString('.5', 1)).toBe(5);
    expect(leadingDigitsFromString('5.', 1)).toBe(5);
  });

  it('returns NaN for zero and for non-decimal strings', () => {
    for (const s of ['0', '0.000', '-0', '', '.', '-', 'abc', '1.2.3', '1e', 'e5', '1 000', '12,5', '0x1A', 'Infinity', 'NaN', '1e+']) {
      expect(leadingDigitsFromString(s, 2), s).toBeNaN();
    }
  });

  it('rejects k outside 1..15', () => {
    expect(() => leadingDigitsFromString('1', 0)).toThrow(RangeError);
    expect(() => leadingDigitsFromString('1', 16)).toThrow(RangeError);
  });

  const decimalString = fc
    .record({
      sign: fc.constantFrom('', '-', '+'),
      int: fc.stringMatching(/^[0-9]{0,25}$/),
      frac: fc.option(fc.stringMatching(/^[0-9]{0,25}$/), { nil: undefined }),
      exp: fc.option(fc.integer({ min: -400, max: 400 }), { nil: undefined }),
    })
    .filter((r) => r.int.length + (r.frac?.length ?? 0) > 0);

  it('equals a BigInt-based reference on random decimal strings', () => {
    fc.assert(
      fc.property(decimalString, fc.integer({ min: 1, max: 15 }), (r, k) => {
        const s = `${r.sign}${r.int}${r.frac === undefined ? '' : `.${r.frac}`}${r.exp === undefined ? '' : `e${r.exp}`}`;
        const big = BigInt(r.int + (r.frac ?? '') || '0');
        const expected = big === 0n ? Number.NaN : Number(big.toString().slice(0, k).padEnd(k, '0'));
        expect(leadingDigitsFromString(s, k)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('leadingDigits (JS numbers through their shortest round-trip string)', () => {
  it('handles exponent notation', () => {
    expect(String(1e-7)).toBe('1e-7');
    expect(leadingDigits(1e-7, 2)).toBe(10);
    expect(leadingDigits(1.5e21, 2)).toBe(15);
    expect(leadingDigits(1e21, 3)).toBe(100);
    expect(leadingDigits(-2.5e-300, 1)).toBe(2);
    expect(leadingDigits(0.29, 2)).toBe(29);
    expect(leadingDigits(Number.MIN_VALUE, 2)).toBe(50); // 5e-324
    expect(leadingDigits(0, 1)).toBeNaN();
    expect(leadingDigits(Number.NaN, 1)).toBeNaN();
    expect(leadingDigits(Number.POSITIVE_INFINITY, 1)).toBeNaN();
  });

  it('matches the significand digits of toExponential() for any finite nonzero double', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => x !== 0),
        fc.integer({ min: 1, max: 15 }),
        (x, k) => {
          const significand = x.toExponential().replace('-', '').split('e')[0]!.replace('.', '');
          expect(leadingDigits(x, k)).toBe(Number(significand.slice(0, k).padEnd(k, '0')));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('agrees with the string digits of any decimal with at most 15 significant digits', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 999_999_999_999_999n }), fc.integer({ min: -250, max: 250 }), fc.integer({ min: 1, max: 6 }), (m, e, k) => {
        const s = `${m}e${e}`;
        expect(leadingDigits(Number(s), k)).toBe(leadingDigitsFromString(s, k));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseDecimal', () => {
  it('splits value = digits x 10^exponent, exactly', () => {
    expect(parseDecimal('1500.00')).toEqual({ negative: false, digits: '15', exponent: 2, written: '150000', fractionDigits: 2 });
    expect(parseDecimal('-0.0710')).toEqual({ negative: true, digits: '71', exponent: -3, written: '00710', fractionDigits: 4 });
    expect(parseDecimal('1.5e3')).toEqual({ negative: false, digits: '15', exponent: 2, written: '1500', fractionDigits: 0 });
    expect(parseDecimal(1e-7)).toEqual({ negative: false, digits: '1', exponent: -7, written: '1', fractionDigits: 7 });
    expect(parseDecimal('0.00')?.digits).toBe('');
    expect(parseDecimal('x')).toBeNull();
    expect(parseDecimal(Number.NaN)).toBeNull();
  });
});

describe('last digits and round numbers', () => {
  it('reads last digits as written or of the integer part', () => {
    expect(lastDigits('77.80', 1)).toBe(0);
    expect(lastDigits('77.80', 2)).toBe(80);
    expect(lastDigits('77.80', 2, 'integer')).toBe(77);
    expect(lastDigits('1234.5', 1, 'integer')).toBe(4);
    expect(lastDigits('7.5', 2, 'integer')).toBe(7);
    expect(lastDigits('0.5', 1, 'integer')).toBe(0);
    expect(lastDigits(1.5e21, 3, 'integer')).toBe(0);
    expect(lastDigits('123456789e-12', 1, 'integer')).toBe(0);
    expect(lastDigits('-45', 1)).toBe(5);
    expect(lastDigits('n/a', 1)).toBeNaN();
  });

  it('counts trailing zeros of the integer part', () => {
    expect(integerTrailingZeros('1500.25')).toBe(2);
    expect(integerTrailingZeros('1500')).toBe(2);
    expect(integerTrailingZeros('1e+21')).toBe(21);
    expect(integerTrailingZeros('1001')).toBe(0);
    expect(integerTrailingZeros('0.5')).toBe(0);
    expect(integerTrailingZeros('0')).toBe(0);
    expect(integerTrailingZeros('10.12')).toBe(1);
    expect(integerDigitCount('0010.12')).toBe(2);
    expect(integerDigitCount('0.5')).toBe(0);
  });

  it('tests multiples of 10^k, including negative k', () => {
    expect(trailingZeroExponent('1500.00')).toBe(2);
    expect(trailingZeroExponent('12.30')).toBe(-1);
    expect(trailingZeroExponent('0')).toBe(Number.POSITIVE_INFINITY);
    expect(isMultipleOfPowerOf10('1500.00', 2)).toBe(true);
    expect(isMultipleOfPowerOf10('1500.00', 3)).toBe(false);
    expect(isMultipleOfPowerOf10('1550', 2)).toBe(false);
    expect(isMultipleOfPowerOf10('12.30', -1)).toBe(true);
    expect(isMultipleOfPowerOf10('12.34', -1)).toBe(false);
    expect(isMultipleOfPowerOf10(0.1 + 0.2, -1)).toBe(false); // 0.30000000000000004
    expect(isMultipleOfPowerOf10(3e5, 5)).toBe(true);
    expect(isMultipleOfPowerOf10('junk', 0)).toBe(false);
  });

  it('agrees with BigInt arithmetic for integers', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 30n }), fc.integer({ min: 0, max: 32 }), (v, k) => {
        expect(isMultipleOfPowerOf10(v.toString(), k)).toBe(v % 10n ** BigInt(k) === 0n);
        expect(lastDigits(v.toString(), 1)).toBe(Number(v % 10n));
      }),
      { numRuns: 1000 },
    );
  });
});
