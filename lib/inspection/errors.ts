import { StatsentryError } from '../domain/errors';

export type DrawErrorCode = 'invalid_input' | 'no_units' | 'insufficient_inspectors' | 'not_found' | 'conflict';

/** One problem of an input: where (line or item, column or field) and what, in both languages. */
export interface InputIssue {
  /** 1-based line of a CSV/JSON Lines file, or item number of a JSON array; null for the file as a whole. */
  line: number | null;
  /** `item` when `line` counts the items of a JSON array rather than lines. */
  where?: 'line' | 'item';
  column: string | null;
  zh: string;
  en: string;
}

export function issueText(i: InputIssue): string {
  const item = i.where === 'item';
  const whereZh = [i.line !== null ? `第 ${i.line} ${item ? '项' : '行'}` : '', i.column ? `${i.column} 列` : ''].filter(Boolean).join(' ');
  const whereEn = [i.line !== null ? `${item ? 'item' : 'line'} ${i.line}` : '', i.column ? `column ${i.column}` : ''].filter(Boolean).join(', ');
  return `${whereZh ? `${whereZh}：` : ''}${i.zh} / ${whereEn ? `${whereEn}: ` : ''}${i.en}`;
}

/**
 * A draw refused, with the reason in Chinese and English. `code` maps to an HTTP status for
 * the review API: invalid_input 400, no_units and insufficient_inspectors 422, not_found 404,
 * conflict 409.
 */
export class InspectionDrawError extends StatsentryError {
  constructor(
    readonly code: DrawErrorCode,
    readonly zh: string,
    readonly en: string,
    readonly issues: readonly InputIssue[] = [],
  ) {
    const listed = issues
      .slice(0, 10)
      .map((i) => `\n  ${issueText(i)}`)
      .join('');
    const more = issues.length > 10 ? `\n  … 另有 ${issues.length - 10} 处 / ${issues.length - 10} more` : '';
    super(`${zh} / ${en}${listed}${more}`);
  }
}

/** The draw id is taken: stored draws are never overwritten. */
export class DrawExistsError extends InspectionDrawError {
  constructor(readonly drawId: string) {
    super('conflict', `抽查 ${drawId} 已存在，不可覆盖`, `draw ${drawId} already exists and cannot be overwritten`);
  }
}
