import { escapeHtml as e } from '../cases/case-html';
import type { Severity } from '../domain/finding';
import { safeCsvCell } from '../util/csv';
import type { RejectedRow } from './read-upload';
import { bi, page, rows } from './report-html';

/** One unit's line of a town's summary ledger. */
export interface TownUnitLine {
  unit_id: string;
  name: string;
  problems: Record<Severity, number>;
  rejected_rows: number;
  file_error: string | null;
  /** The unit's whole ledger after this run. */
  ledger: { open: number; fixed: number };
  report_key: string | null;
}

/** The summary ledger a town gets when it runs self-inspection for all its units at once. */
export interface TownSummary {
  report_version: 1;
  town_code: string;
  run_id: string;
  generated_at: string;
  /** The file the town uploaded, or null when it inspected what its units filed. */
  file: { name: string; sha256: string; bytes: number } | null;
  file_error: { reason_zh: string; reason_en: string } | null;
  units: TownUnitLine[];
  totals: { units: number; units_with_high_or_medium: number; high: number; medium: number; low: number; rejected_rows: number; ledger_open: number; ledger_fixed: number };
  /** Rows of the file that belong to no unit of the town (or could not be read). */
  rejected_rows: RejectedRow[];
}

export function townTotals(units: readonly TownUnitLine[], rejectedRows: number): TownSummary['totals'] {
  const t = { units: units.length, units_with_high_or_medium: 0, high: 0, medium: 0, low: 0, rejected_rows: rejectedRows, ledger_open: 0, ledger_fixed: 0 };
  for (const u of units) {
    if (u.problems.high + u.problems.medium > 0) t.units_with_high_or_medium++;
    t.high += u.problems.high;
    t.medium += u.problems.medium;
    t.low += u.problems.low;
    t.rejected_rows += u.rejected_rows;
    t.ledger_open += u.ledger.open;
    t.ledger_fixed += u.ledger.fixed;
  }
  return t;
}

const HEADERS = ['unit_id', 'name', 'high', 'medium', 'low', 'rejected_rows', 'ledger_open', 'ledger_fixed', 'file_error', 'report_key'];

/** The summary as a spreadsheet: one line per unit, then the totals; every cell formula-safe. */
export function townSummaryCsv(s: TownSummary): string {
  const line = (cells: unknown[]) => cells.map(safeCsvCell).join(',');
  const out = [line(HEADERS)];
  for (const u of s.units)
    out.push(line([u.unit_id, u.name, u.problems.high, u.problems.medium, u.problems.low, u.rejected_rows, u.ledger.open, u.ledger.fixed, u.file_error ?? '', u.report_key ?? '']));
  const t = s.totals;
  out.push(line([`合计 total (${t.units})`, '', t.high, t.medium, t.low, t.rejected_rows, t.ledger_open, t.ledger_fixed, '', '']));
  return `\uFEFF${out.join('\r\n')}\r\n`;
}

export function townSummaryHtml(s: TownSummary): string {
  const t = s.totals;
  const html: string[] = [];
  html.push(`<h1>${bi(`镇街自查汇总台账：${s.town_code}`, `Town self-inspection summary ledger: ${s.town_code}`)}</h1>`);
  html.push('<table>');
  html.push(
    rows([
      ['运行 run', `${s.run_id}  ${s.generated_at}`],
      ['文件 file', s.file ? `${s.file.name} (${s.file.bytes} bytes, SHA-256 ${s.file.sha256})` : "各单位已报送数据 the units' filed data"],
      ['单位数 units', t.units],
      ['有高/中问题的单位 units with high or medium problems', t.units_with_high_or_medium],
      ['问题 problems (high / medium / low)', `${t.high} / ${t.medium} / ${t.low}`],
      ['拒收的行 rejected rows', t.rejected_rows],
      ['整改台账 ledger (open / fixed)', `${t.ledger_open} / ${t.ledger_fixed}`],
    ]),
  );
  html.push('</table>');
  if (s.file_error) html.push(`<p class="refused">${bi(`文件被拒收：${s.file_error.reason_zh}`, `file refused: ${s.file_error.reason_en}`)}</p>`);
  html.push(
    `<h2>${bi('各单位', 'Units')}</h2><table><tr><th>单位 unit</th><th>名称 name</th><th>高 high</th><th>中 medium</th><th>低 low</th><th>拒收 rejected</th><th>待整改 open</th><th>已整改 fixed</th><th>报告 report</th></tr>`,
  );
  html.push(rows(s.units.map((u) => [u.unit_id, u.name, u.problems.high, u.problems.medium, u.problems.low, u.rejected_rows, u.ledger.open, u.ledger.fixed, u.file_error ?? u.report_key ?? ''])));
  html.push(
    `<tr><th colspan="2">${e('合计 total')}</th><th>${t.high}</th><th>${t.medium}</th><th>${t.low}</th><th>${t.rejected_rows}</th><th>${t.ledger_open}</th><th>${t.ledger_fixed}</th><th></th></tr></table>`,
  );
  if (s.rejected_rows.length) {
    html.push(
      `<h2>${bi('不属于本镇街单位或无法读取的行', 'Rows of no unit of this town, or unreadable')}</h2><table><tr><th>行 line</th><th>列 column</th><th>值 value</th><th>原因</th><th>reason</th></tr>`,
    );
    html.push(rows(s.rejected_rows.map((x) => [x.line, x.column ?? '', x.value ?? '', x.reason_zh, x.reason_en])));
    html.push('</table>');
  }
  return page(`镇街自查汇总 ${s.town_code}`, html);
}
