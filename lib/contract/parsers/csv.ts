import { parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { FileRejectedError } from '../../domain/errors';
import { normaliseCell, type ParsedFile, type ParsedLine } from './types';

/**
 * Streams an RFC 4180 CSV (UTF-8, optional BOM, LF or CRLF) into rows keyed by the header.
 * A malformed line is reported on its own and parsing continues with the next one.
 */
export async function parseCsv(input: Uint8Array | Readable): Promise<ParsedFile> {
  const source = input instanceof Uint8Array ? Readable.from([Buffer.from(input)]) : input;
  const parser = source.pipe(
    parse({
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: false,
    }),
  );
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>;
  const first = await iterator.next();
  if (first.done) throw new FileRejectedError('空文件：没有表头行', 'empty file: no header row');
  const columns = first.value.record.map((c) => c.trim());
  if (columns.every((c) => c === '')) throw new FileRejectedError('表头行为空', 'the header row is empty');
  const headerSignature = columns.join('\u0000');

  async function* lines(): AsyncGenerator<ParsedLine> {
    while (true) {
      let next: IteratorResult<{ record: string[]; info: { lines: number } }>;
      try {
        next = await iterator.next();
      } catch (err) {
        const line = (err as { lines?: number }).lines ?? 0;
        yield { broken: { line, reason: { zh: `CSV 格式错误：${(err as Error).message}`, en: `malformed CSV: ${(err as Error).message}` } } };
        // csv-parse cannot resume after a quoting error; the rest of the file is unreadable.
        return;
      }
      if (next.done) return;
      const { record, info } = next.value;
      const line = info.lines;
      if (record.map((c) => c.trim()).join('\u0000') === headerSignature) {
        yield { broken: { line, reason: { zh: '重复的表头行', en: 'repeated header line' } } };
        continue;
      }
      if (record.length !== columns.length) {
        yield {
          broken: {
            line,
            reason: {
              zh: `列数为 ${record.length}，表头为 ${columns.length} 列`,
              en: `${record.length} fields where the header has ${columns.length}`,
            },
          },
        };
        continue;
      }
      const cells: Record<string, string | undefined> = {};
      for (let i = 0; i < columns.length; i++) cells[columns[i]!] = normaliseCell(record[i]);
      yield { row: { line, cells } };
    }
  }
  return { columns, lines: lines() };
}
