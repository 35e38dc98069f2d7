import { isIP } from 'node:net';
import * as z from 'zod';
import { encodeMessage as m } from './messages';
import { compactUscc, usccProblem } from './uscc';

/**
 * Column types of data contract v1. Every parser turns a cell into a string (or undefined
 * when empty), so one set of schemas serves CSV, XLSX and JSON Lines alike.
 */
export interface FieldContext {
  /** Known legacy credit codes admitted although their check characters fail. */
  usccAllowList: ReadonlySet<string>;
}

const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const DECIMAL_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const missing = m('缺少必填值', 'missing required value');

function required(schema: z.ZodType<unknown, string>) {
  return z.string({ error: () => missing }).pipe(schema);
}

function optional(schema: z.ZodType<unknown, string>) {
  return z.string().pipe(schema).optional();
}

export function validDate(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

const text = z.string().max(2000, { error: m('文本过长（超过2000字）', 'text longer than 2000 characters') });

const period = z.string().regex(PERIOD_RE, {
  error: m('期别须为 YYYY-MM 且月份为01–12', 'period must be YYYY-MM with a month 01–12'),
});

const date = z.string().refine(
  (s) => {
    const g = DATE_RE.exec(s);
    return g !== null && validDate(+g[1]!, +g[2]!, +g[3]!);
  },
  { error: m('日期须为有效的 YYYY-MM-DD', 'date must be a valid YYYY-MM-DD') },
);

const datetime = z.string().refine(
  (s) => {
    const g = DATETIME_RE.exec(s);
    if (!g) return false;
    const [h, mi, sec] = [+g[4]!, +g[5]!, g[6] === undefined ? 0 : +g[6]];
    return validDate(+g[1]!, +g[2]!, +g[3]!) && h < 24 && mi < 60 && sec < 60;
  },
  {
    error: m('时间须为带时区偏移的 ISO 8601 格式（如 2024-04-05T09:13:22+08:00）', 'datetime must be ISO 8601 with an offset (e.g. 2024-04-05T09:13:22+08:00)'),
  },
);

function decimal(minimum: number | null) {
  return z
    .string()
    .regex(DECIMAL_RE, { error: m('不是数字', 'not a number') })
    .transform(Number)
    .refine(Number.isFinite, { error: m('数值超出范围', 'number out of range') })
    .refine((n) => minimum === null || n >= minimum, {
      error: minimum === 0 ? m('不能为负数', 'must not be negative') : m(`不能小于 ${minimum}`, `must be at least ${minimum}`),
    });
}

function integer(minimum: number) {
  return z
    .string()
    .regex(/^[+-]?\d+$/, { error: m('须为整数', 'must be an integer') })
    .transform(Number)
    .refine(Number.isSafeInteger, { error: m('整数超出范围', 'integer out of range') })
    .refine((n) => n >= minimum, {
      error: minimum === 0 ? m('不能为负数', 'must not be negative') : m(`不能小于 ${minimum}`, `must be at least ${minimum}`),
    });
}

const bool = z.string().transform((s, ctx) => {
  const v = s.trim().toLowerCase();
  if (v === 'true' || v === '1' || v === '是') return true;
  if (v === 'false' || v === '0' || v === '否') return false;
  ctx.addIssue({ code: 'custom', message: m('布尔值须为 true/false、1/0 或 是/否', 'boolean must be true/false, 1/0 or 是/否') });
  return z.NEVER;
});

const digits = (n: number, zh: string, en: string) => z.string().regex(new RegExp(`^\\d{${n}}$`), { error: m(`${zh}须为${n}位数字`, `${en} must be ${n} digits`) });

const ip = z.string().refine((s) => isIP(s) !== 0, { error: m('不是有效的 IPv4/IPv6 地址', 'not a valid IPv4/IPv6 address') });

const cidr = z.string().refine(
  (s) => {
    const [addr, bits, ...rest] = s.split('/');
    if (rest.length || addr === undefined || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
    const family = isIP(addr);
    return family !== 0 && +bits <= (family === 4 ? 32 : 128);
  },
  { error: m('不是有效的 CIDR 网段', 'not a valid CIDR block') },
);

const USCC_REASONS = {
  length: m('统一社会信用代码须为18位', 'credit code must be 18 characters'),
  format: m('统一社会信用代码含非法字符', 'credit code has characters outside the allowed set'),
  checksum: m('统一社会信用代码校验码错误', 'credit code check character is wrong'),
  org_checksum: m('统一社会信用代码中组织机构代码校验码错误', 'embedded organisation code check digit is wrong'),
} as const;

function uscc(ctx: FieldContext) {
  return z.string().transform((raw, issueCtx) => {
    const code = compactUscc(raw);
    const problem = usccProblem(code);
    if (problem && !ctx.usccAllowList.has(code)) {
      issueCtx.addIssue({ code: 'custom', message: USCC_REASONS[problem] });
      return z.NEVER;
    }
    return code;
  });
}

function oneOf<T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: () => m(`须为以下之一：${values.join('、')}`, `must be one of: ${values.join(', ')}`) });
}

/** The column types of the contract, as schema factories: `req` for required columns, `opt` for optional. */
export function fieldTypes(ctx: FieldContext) {
  const types = {
    text,
    period,
    date,
    datetime,
    number: decimal(null),
    nonNegative: decimal(0),
    intNonNegative: integer(0),
    intPositive: integer(1),
    bool,
    industryCode: digits(4, '行业代码', 'industry code'),
    townCode: digits(12, '区划代码', 'division code'),
    ip,
    cidr,
    uscc: uscc(ctx),
  };
  type Types = typeof types;
  return {
    req: <K extends keyof Types>(k: K) => required(types[k] as z.ZodType<unknown, string>) as z.ZodPipe<z.ZodString, Types[K]>,
    opt: <K extends keyof Types>(k: K) => optional(types[k] as z.ZodType<unknown, string>) as z.ZodOptional<z.ZodPipe<z.ZodString, Types[K]>>,
    reqEnum: <T extends readonly [string, ...string[]]>(values: T) => z.string({ error: () => missing }).pipe(oneOf(values)),
    optEnum: <T extends readonly [string, ...string[]]>(values: T) => z.string().pipe(oneOf(values)).optional(),
  };
}
