import { FileRejectedError } from '../../domain/errors';
import { normaliseCell, type ParsedFile, type ParsedLine, type RawRow } from './types';

function cellText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return normaliseCell(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** JSON Lines: one object a line, the same keys as the CSV columns; values become text for the shared schemas. */
export async function parseJsonl(input: Uint8Array): Promise<ParsedFile> {
  let text = Buffer.from(input).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rawLines = text.split(/\r?\n/);
  if (rawLines.every((l) => l.trim() === '')) throw new FileRejectedError('空文件', 'empty file');
  const columns: string[] = [];
  const seen = new Set<string>();
  const parsed: ParsedLine[] = [];
  rawLines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      parsed.push({ broken: { line, reason: { zh: `不是有效的 JSON：${(err as Error).message}`, en: `invalid JSON: ${(err as Error).message}` } } });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      parsed.push({ broken: { line, reason: { zh: '每行须为一个 JSON 对象', en: 'each line must be a JSON object' } } });
      return;
    }
    const cells: RawRow['cells'] = {};
    for (const [k, v] of Object.entries(value)) {
      cells[k] = cellText(v);
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
    }
    parsed.push({ row: { line, cells } });
  });
  async function* lines(): AsyncGenerator<ParsedLine> {
    yield* parsed;
  }
  return { columns, lines: lines() };
}
