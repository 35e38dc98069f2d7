import { createHash } from 'node:crypto';
import { usccProblem } from '../contract/uscc';
import type { Bilingual } from '../contract/messages';

/** Where reporting units put their files: `self-inspection/<unit_id>/<file>`. */
export const UPLOAD_PREFIX = 'self-inspection/';
/** Where each unit's reports go: `self-inspection-reports/<unit_id>/<file>.json|.html`. */
export const REPORT_PREFIX = 'self-inspection-reports/';
/**
 * Where a town's summary ledger goes: `self-inspection-towns/<town_code>/<run>.json|.html|.csv`.
 * A prefix of its own, so that no reporting unit's `self-inspection-reports/<unit tag>/*` grant
 * can ever reach it.
 */
export const TOWN_REPORT_PREFIX = 'self-inspection-towns/';

/**
 * Largest self-inspection file. A unit files one row a month (plus a register application), so
 * a few years of its own data in any format stay far below this; anything larger is not a
 * unit's self-inspection and is refused before it is parsed.
 */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** Most data rows read from one file (a compressed workbook can hold far more than its size suggests). */
export const MAX_UPLOAD_ROWS = 10_000;
const MAX_NAME_LENGTH = 200;

export function tooLarge(bytes: number): Bilingual {
  const limit = MAX_UPLOAD_BYTES / 1024 / 1024;
  return {
    zh: `文件过大（${bytes} 字节）：自查文件不得超过 ${limit} MB（${MAX_UPLOAD_BYTES} 字节），请只上传本单位的月报和入库/退库申请`,
    en: `file too large (${bytes} bytes): a self-inspection file may be at most ${limit} MB (${MAX_UPLOAD_BYTES} bytes); upload only the unit's own monthly reports and register application`,
  };
}

export function tooManyRows(): Bilingual {
  return { zh: `数据行过多：自查文件最多 ${MAX_UPLOAD_ROWS} 行`, en: `too many rows: a self-inspection file holds at most ${MAX_UPLOAD_ROWS} rows` };
}

/** A credit code as it may stand in an object key: exactly 18 characters of the code's alphabet, check characters valid (or allow-listed). */
export function isUnitIdSegment(segment: string, allowList: ReadonlySet<string>): boolean {
  return /^[0-9A-HJ-NP-RT-UW-Y]{18}$/.test(segment) && (usccProblem(segment) === null || allowList.has(segment));
}

/**
 * Why a file name is refused, or null when it is an ordinary name. Names are a single path
 * segment: anything that is or decodes (percent-encoding, up to three times) to a path
 * separator, a parent reference or a control character is refused outright rather than
 * cleaned — a name like that is not an accident.
 */
export function unsafeFileName(name: string): Bilingual | null {
  if (!name) return { zh: '缺少文件名', en: 'no file name' };
  if (name.length > MAX_NAME_LENGTH) return { zh: `文件名超过${MAX_NAME_LENGTH}个字符`, en: `file name longer than ${MAX_NAME_LENGTH} characters` };
  const forms = [name];
  let current = name;
  for (let i = 0; i < 3; i++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      break;
    }
    if (decoded === current) break;
    forms.push((current = decoded));
  }
  for (const form of forms) {
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(form)) return { zh: '文件名含控制字符', en: 'the file name holds control characters' };
    if (/[/\\]/.test(form)) return { zh: '文件名含路径分隔符（/ 或 \\），不允许', en: 'the file name holds a path separator (/ or \\); not allowed' };
    if (form === '.' || form.startsWith('..')) return { zh: '文件名不得指向上级目录（..）', en: 'the file name may not refer to a parent folder (..)' };
    if (/^[a-zA-Z]:/.test(form)) return { zh: '文件名不得为绝对路径', en: 'the file name may not be an absolute path' };
  }
  return null;
}

export type UploadKey =
  | { status: 'ok'; unitId: string; fileName: string }
  /** Not an upload at all (a folder marker, another prefix): nothing to do. */
  | { status: 'skip' }
  /** Refused; `unitId` is set when the key names a valid unit, so the refusal can be reported to it. */
  | { status: 'refused'; unitId: string | null; reason: Bilingual };

/**
 * Parses `self-inspection/<unit_id>/<file>` as S3 notifications deliver it (already URL-decoded
 * once). Tenant isolation starts here: the unit id is exactly the key's second segment, the
 * file exactly its third; deeper keys, traversal and encoded separators are refused.
 */
export function parseUploadKey(key: string, allowList: ReadonlySet<string>): UploadKey {
  if (!key.startsWith(UPLOAD_PREFIX)) return { status: 'skip' };
  const segments = key.slice(UPLOAD_PREFIX.length).split('/');
  const unitSegment = segments[0] ?? '';
  const unitId = isUnitIdSegment(unitSegment, allowList) ? unitSegment : null;
  if (!unitId) {
    return {
      status: 'refused',
      unitId: null,
      reason: { zh: `路径中的单位代码「${unitSegment.slice(0, 40)}」不是有效的统一社会信用代码`, en: `the unit id in the key ("${unitSegment.slice(0, 40)}") is not a valid credit code` },
    };
  }
  if (segments.length === 2 && segments[1] === '') return { status: 'skip' };
  if (segments.length !== 2) {
    return {
      status: 'refused',
      unitId,
      reason: { zh: `文件须直接放在 self-inspection/${unitId}/ 下，不得含子目录或 ..`, en: `files go directly under self-inspection/${unitId}/, without subfolders or ..` },
    };
  }
  const fileName = segments[1]!;
  const unsafe = unsafeFileName(fileName);
  if (unsafe) return { status: 'refused', unitId, reason: unsafe };
  return { status: 'ok', unitId, fileName };
}

/** The file name as the last segment of a report key: letters, digits, `.`, `_` and `-` only, never a dot name. */
export function reportName(fileName: string): string {
  const cleaned = fileName
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^\.+/, '_')
    .slice(0, MAX_NAME_LENGTH);
  return cleaned || 'upload';
}

export function reportKeys(unitId: string, fileName: string): { json: string; html: string } {
  const base = `${REPORT_PREFIX}${unitId}/${reportName(fileName)}`;
  return { json: `${base}.json`, html: `${base}.html` };
}

/** Report keys for an upload refused for its name: the name itself never becomes part of a key. */
export function refusalReportKeys(unitId: string, objectKey: string): { json: string; html: string } {
  const digest = createHash('sha256').update(objectKey).digest('hex').slice(0, 16);
  const base = `${REPORT_PREFIX}${unitId}/refused-${digest}`;
  return { json: `${base}.json`, html: `${base}.html` };
}

export function uploadKey(unitId: string, fileName: string): string {
  return `${UPLOAD_PREFIX}${unitId}/${fileName}`;
}
