/**
 * Digit extraction from the decimal representation of a figure.
 *
 * Why strings: digit tests (Benford, last digit, round-number heaping) are about the digits a
 * person wrote, not about the nearest binary double. Floating-point formulas misread them:
 * 0.29·100 = 28.999999999999996 and 9.7/0.1 = 96.99999999999999, so `trunc`/`floor` based
 * extraction puts 146 (resp. 441) of the corporate-payment amounts in the wrong first-two-digit
 * bin and moves the chi-square from 32100.90 to 32094.35 (resp. 32198.55); see
 * shared/reference/README.md §1.4. Numbers are therefore read through their shortest
 * round-trip string (`String(x)`), which is exactly what was typed for any decimal literal
 * with at most 15 significant digits.
 */

const ZERO = 48;
const NINE = 57;
const POINT = 46;

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/** True when s[i..] is a valid exponent tail `[+-]?digits+`. */
function validExponentTail(s: string, i: number): boolean {
  if (i < s.length && (s[i] === '+' || s[i] === '-')) i++;
  if (i >= s.length) return false;
  for (; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/**
 * First `k` significant digits of a decimal string as an integer: strip the sign, drop the
 * decimal point, drop leading zeros, take `k` digits, pad with zeros (`"0.5"` → 50,
 * `"10.12"` → 10, `"-0.0071"` → 71, `"1e-7"` → 10 for k = 2).
 *
 * Returns NaN for zero (no significant digit) and for anything that is not a plain decimal
 * (`[+-]?digits[.digits][e[+-]digits]`, no spaces or separators). Allocation-free: it runs
 * once per row of large uploads.
 * @param k number of digits, 1 … 15 (the result must stay an exact double)
 */
export function leadingDigitsFromString(s: string, k: number): number {
  if (!Number.isInteger(k) || k < 1 || k > 15) throw new RangeError(`k must be an integer in 1..15, got ${k}`);
  const n = s.length;
  let i = 0;
  if (n > 0 && (s[0] === '-' || s[0] === '+')) i = 1;
  let value = 0;
  let taken = 0;
  let sawDigit = false;
  let sawPoint = false;
  let started = false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) {
      sawDigit = true;
      if (!started && c === ZERO) continue;
      started = true;
      if (taken < k) {
        value = value * 10 + (c - ZERO);
        taken++;
      }
    } else if (c === POINT) {
      if (sawPoint) return Number.NaN;
      sawPoint = true;
    } else if ((c === 101 || c === 69) && sawDigit) {
      if (!validExponentTail(s, i + 1)) return Number.NaN;
      break;
    } else {
      return Number.NaN;
    }
  }
  if (!started) return Number.NaN;
  for (; taken < k; taken++) value *= 10;
  return value;
}

/**
 * First `k` significant digits of a JS number, read from its shortest round-trip string
 * (`String(x)`, including exponent forms such as `1e-7` or `1.5e+21`). NaN for 0, NaN, ±Infinity.
 */
export function leadingDigits(x: number, k: number): number {
  if (!Number.isFinite(x) || x === 0) return Number.NaN;
  return leadingDigitsFromString(String(x), k);
}

/**
 * A decimal value split as `(−1)^negative · BigInt(digits) · 10^exponent`, with `digits` free of
 * leading and trailing zeros (`""` for zero). Exact: no binary rounding involved.
 */
export interface ParsedDecimal {
  negative: boolean;
  digits: string;
  exponent: number;
  /** All digits as written, sign/point removed, exponent expanded (`"77.80"` → `"7780"`, `"1.5e3"` → `"1500"`). */
  written: string;
  /** Number of written digits after the decimal point (0 for integers, after expanding any exponent). */
  fractionDigits: number;
}

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Parses a plain decimal string (or a number through `String(x)`); null when it is not one. */
export function parseDecimal(input: string | number): ParsedDecimal | null {
  const s = typeof input === 'number' ? (Number.isFinite(input) ? String(input) : '') : input;
  const m = DECIMAL.exec(s);
  if (m === null) return null;
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? '';
  if (intPart.length + fracPart.length === 0) return null;
  const e = m[4] === undefined ? 0 : Number(m[4]);
  let all = intPart + fracPart;
  let exponent = e - fracPart.length;
  let written = all;
  let fractionDigits = fracPart.length - e;
  if (fractionDigits < 0) {
    written = all + '0'.repeat(-fractionDigits);
    fractionDigits = 0;
  }
  all = all.replace(/^0+/, '');
  const trimmed = all.replace(/0+$/, '');
  exponent += all.length - trimmed.length;
  if (trimmed === '') exponent = 0;
  return { negative: m[1] === '-', digits: trimmed, exponent, written, fractionDigits };
}

/**
 * Largest integer e such that the value is a multiple of 10^e (`"1500.00"` → 2, `"12.30"` → −1);
 * +Infinity for zero, NaN when unparsable. Round-number heaping shows up as an excess of large e.
 */
export function trailingZeroExponent(input: string | number): number {
  const d = parseDecimal(input);
  if (d === null) return Number.NaN;
  return d.digits === '' ? Number.POSITIVE_INFINITY : d.exponent;
}

/** Trailing zeros of the integer part (`"1500.25"` → 2, `"0.5"` → 0, `"0"` → 0); NaN when unparsable. */
export function integerTrailingZeros(input: string | number): number {
  const d = parseDecimal(input);
  if (d === null) return Number.NaN;
  if (d.digits === '') return 0;
  if (d.exponent >= 0) return d.exponent;
  const intDigits = d.digits.slice(0, Math.max(0, d.digits.length + d.exponent));
  if (intDigits === '') return 0;
  return intDigits.length - intDigits.replace(/0+$/, '').length;
}

/** Whether the value is an exact multiple of 10^k (k may be negative: k = −2 means whole cents). */
export function isMultipleOfPowerOf10(input: string | number, k: number): boolean {
  const e = trailingZeroExponent(input);
  return !Number.isNaN(e) && e >= k;
}

/** Which digits "last digits" refers to: as written (keeps `"77.80"`'s final 0) or of the integer part. */
export type LastDigitPart = 'written' | 'integer';

/**
 * Last `k` digits as an integer (`"77.80"`, k = 2 → 80 written / 77 integer). The integer part is
 * left-padded with zeros when shorter than k (`"7.5"`, k = 2, integer → 7). NaN when unparsable.
 */
export function lastDigits(input: string | number, k = 1, part: LastDigitPart = 'written'): number {
  if (!Number.isInteger(k) || k < 1 || k > 15) throw new RangeError(`k must be an integer in 1..15, got ${k}`);
  const d = parseDecimal(input);
  if (d === null) return Number.NaN;
  const source = part === 'written' ? d.written : integerPartDigits(d);
  const tail = source.slice(-k);
  return tail === '' ? 0 : Number(tail);
}

/** Number of digits of the integer part, ignoring leading zeros (`"0.5"` → 0, `"1500.25"` → 4). */
export function integerDigitCount(input: string | number): number {
  const d = parseDecimal(input);
  if (d === null) return Number.NaN;
  return integerPartDigits(d).replace(/^0+/, '').length;
}

function integerPartDigits(d: ParsedDecimal): string {
  return d.written.slice(0, Math.max(0, d.written.length - d.fractionDigits));
}
