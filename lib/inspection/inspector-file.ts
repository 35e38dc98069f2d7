import { parseCsv } from '../contract/parsers/csv';
import { InspectionDrawError, type InputIssue } from './errors';
import { InspectorSchema, type Inspector } from './model';

/**
 * The inspectors' list (执法检查人员名录), which the data contract does not carry:
 * - CSV (UTF-8, optional BOM, header row) with columns `inspector_id,name,town_code`;
 * - JSON: an array of objects with those keys; JSON Lines: one such object a line.
 * `town_code` is the 12-digit statistical division code of the town the inspector belongs to
 * (the same codes as units' `town_code`): an inspector never inspects a unit of that town.
 * Other columns are ignored. Every problem is reported with its line (CSV, JSON Lines) or item
 * number (JSON array) and column, in Chinese and English; one problem refuses the whole list.
 */
export const INSPECTOR_COLUMNS = ['inspector_id', 'name', 'town_code'] as const;

const FIELD_RULE: Record<(typeof INSPECTOR_COLUMNS)[number], { zh: string; en: string }> = {
  inspector_id: { zh: '必填，1–64 个字符，不含空白和逗号', en: 'required, 1–64 characters without spaces or commas' },
  name: { zh: '必填，不超过 100 个字符', en: 'required, at most 100 characters' },
  town_code: { zh: '必填，须为 12 位统计用区划代码', en: 'required, the 12-digit statistical division code' },
};

export function validateInspectors(rows: readonly { line: number; values: Record<string, unknown> }[], unit: 'line' | 'item' = 'line'): Inspector[] {
  const issues: InputIssue[] = [];
  const out: Inspector[] = [];
  const firstLine = new Map<string, number>();
  for (const { line, values } of rows) {
    const parsed = InspectorSchema.safeParse(values);
    if (!parsed.success) {
      const bad = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')))] as (keyof typeof FIELD_RULE)[];
      for (const col of bad) {
        const rule = FIELD_RULE[col] ?? { zh: '无效', en: 'invalid' };
        const empty = values[col] === undefined || values[col] === null || values[col] === '';
        const got = JSON.stringify(values[col]);
        issues.push({ line, where: unit, column: col, zh: `${rule.zh}，${empty ? '实为空' : `实为 ${got}`}`, en: `${rule.en}; got ${empty ? 'nothing' : got}` });
      }
      continue;
    }
    const earlier = firstLine.get(parsed.data.inspector_id);
    if (earlier !== undefined) {
      issues.push({
        line,
        where: unit,
        column: 'inspector_id',
        zh: `${parsed.data.inspector_id} 与第 ${earlier} ${unit === 'item' ? '项' : '行'}重复`,
        en: `${parsed.data.inspector_id} duplicates ${unit} ${earlier}`,
      });
      continue;
    }
    firstLine.set(parsed.data.inspector_id, line);
    out.push(parsed.data);
  }
  if (!issues.length && !out.length) issues.push({ line: null, column: null, zh: '名录中没有检查人员', en: 'the list holds no inspectors' });
  if (issues.length) throw new InspectionDrawError('invalid_input', '检查人员名录有误', 'the inspectors list is invalid', issues);
  return out;
}

function fileIssue(zh: string, en: string): never {
  throw new InspectionDrawError('invalid_input', '检查人员名录无法读取', 'the inspectors list cannot be read', [{ line: null, column: null, zh, en }]);
}

/** Reads an inspectors file; the format comes from the name (.csv, .json, .jsonl/.ndjson), else from the first character. */
export async function parseInspectorFile(bytes: Uint8Array, fileName: string): Promise<Inspector[]> {
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  const ext = fileName.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  const format = ext === 'csv' || ext === 'json' || ext === 'jsonl' || ext === 'ndjson' ? ext : text.trimStart().startsWith('[') ? 'json' : text.trimStart().startsWith('{') ? 'jsonl' : 'csv';
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      fileIssue(`不是有效的 JSON：${(err as Error).message}`, `not valid JSON: ${(err as Error).message}`);
    }
    if (!Array.isArray(data)) fileIssue('JSON 文件须为对象数组', 'a JSON file must be an array of objects');
    return validateInspectors(
      data.map((values, i) => ({ line: i + 1, values: (values ?? {}) as Record<string, unknown> })),
      'item',
    );
  }
  if (format === 'jsonl' || format === 'ndjson') {
    const rows: { line: number; values: Record<string, unknown> }[] = [];
    text.split(/\r?\n/).forEach((l, i) => {
      if (!l.trim()) return;
      try {
        rows.push({ line: i + 1, values: JSON.parse(l) as Record<string, unknown> });
      } catch {
        fileIssue(`第 ${i + 1} 行不是有效的 JSON`, `line ${i + 1} is not valid JSON`);
      }
    });
    return validateInspectors(rows);
  }
  const parsed = await parseCsv(new TextEncoder().encode(text));
  const missing = INSPECTOR_COLUMNS.filter((c) => !parsed.columns.includes(c));
  if (missing.length) fileIssue(`表头缺少列：${missing.join('、')}（须有 ${INSPECTOR_COLUMNS.join(',')}）`, `the header lacks column(s) ${missing.join(', ')} (needs ${INSPECTOR_COLUMNS.join(',')})`);
  const rows: { line: number; values: Record<string, unknown> }[] = [];
  for await (const l of parsed.lines) {
    if ('broken' in l) fileIssue(`第 ${l.broken.line} 行：${l.broken.reason.zh}`, `line ${l.broken.line}: ${l.broken.reason.en}`);
    else rows.push({ line: l.row.line, values: l.row.cells });
  }
  return validateInspectors(rows);
}
