import { escapeHtml as e } from '../cases/case-html';
import { LEDGER_STATUS_LABEL } from './ledger';
import type { SelfInspectionReport } from './report';

export const SEVERITY_LABEL = { high: '高 high', medium: '中 medium', low: '低 low' } as const;

/** Page skeleton shared by the unit and town pages: no script, no remote content (CSP). */
export function page(title: string, body: string[]): string {
  return [
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${e(title)}</title>`,
    '<style>body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;color:#222;max-width:1100px}h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ccc;margin-top:28px}.en{color:#666;font-size:.85em;display:block}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:left;vertical-align:top}pre{background:#f6f6f6;padding:8px;font-size:12px;white-space:pre-wrap;word-break:break-all}.high{color:#b00020;font-weight:bold}.medium{color:#b36b00}.low{color:#666}.problem{border:1px solid #ddd;padding:8px 12px;margin:12px 0}.notice{background:#eef6ee;padding:8px 12px}.refused{background:#fdecea;padding:8px 12px}</style></head><body>',
    ...body,
    '</body></html>\n',
  ].join('\n');
}

/** Chinese first, English beside (smaller, below), both escaped. */
export const bi = (zh: unknown, en: unknown) => `${e(zh)}<span class="en">${e(en)}</span>`;
export const rows = (cells: unknown[][]) => cells.map((r) => `<tr>${r.map((x) => `<td>${e(x)}</td>`).join('')}</tr>`).join('');

/** The unit's report as a self-contained page; every text from the file or the store is escaped. */
export function reportHtml(r: SelfInspectionReport, fixCommand = 'statsentry self-inspect fix'): string {
  const html: string[] = [];
  html.push(`<h1>${bi(`自查报告：${r.unit.name ?? ''} ${r.unit_id}`, `Self-inspection report: ${r.unit_id}`)}</h1>`);
  html.push(`<p class="notice">${bi(r.notice_zh, r.notice_en)}</p>`);
  html.push(`<h2>${bi('概要', 'Summary')}</h2><table>`);
  html.push(
    rows([
      ['单位 unit', `${r.unit_id} ${r.unit.name ?? ''}`],
      ['镇街 town', `${r.unit.town_code ?? '—'} ${r.unit.town_name ?? ''}`],
      ['类别与行业 category, industry', `${r.unit.category ?? '—'} ${r.unit.industry_code ?? ''}`],
      ['文件 file', r.upload ? `${r.upload.file} (${r.upload.bytes} bytes, SHA-256 ${r.upload.sha256})` : '已报送数据 the filed data'],
      ['读取/月报/申请/拒收 rows read / reports / applications / rejected', `${r.rows.read} / ${r.rows.submissions} / ${r.rows.register_events} / ${r.rows.rejected}`],
      ['自查期别 periods inspected', r.periods.join(' ') || '—'],
      ['问题 problems (high / medium / low)', `${r.counts.high} / ${r.counts.medium} / ${r.counts.low}`],
      ['整改台账 ledger (open / fixed)', `${r.ledger.open} / ${r.ledger.fixed}`],
      ['同行组 peer group', r.peer_group.available ? `${r.peer_group.group}（至少 ${r.peer_group.min_units} 家 at least ${r.peer_group.min_units} units）` : '不足，未比较 too small, not compared'],
      ['生成时间 generated', r.generated_at],
    ]),
  );
  html.push('</table>');
  if (r.file_error) html.push(`<p class="refused">${bi(`文件被拒收：${r.file_error.reason_zh}`, `file refused: ${r.file_error.reason_en}`)}</p>`);

  html.push(`<h2>${bi(`问题清单（${r.problems.length}）`, `Problem list (${r.problems.length})`)}</h2>`);
  if (!r.problems.length) html.push(`<p>${bi('未发现问题。', 'No problem found.')}</p>`);
  for (const p of r.problems) {
    html.push(
      `<div class="problem"><div class="${e(p.severity)}">${e(SEVERITY_LABEL[p.severity])} · ${e(p.pattern_zh)} ${e(p.pattern)} · ${e(p.period ?? '—')} · 整改项 item <code>${e(p.item_id)}</code> · ${e(LEDGER_STATUS_LABEL[p.ledger_status].zh)} ${e(p.ledger_status)}</div>`,
    );
    html.push(`<p>${bi(p.summary_zh, p.summary_en)}</p>`);
    html.push(`<p><b>为什么重要</b> ${bi(p.why_zh, `Why it matters: ${p.why_en}`)}</p>`);
    html.push(`<p><b>怎么办</b><span class="en">What to do</span></p><ul>${p.actions.map((a) => `<li>${bi(a.zh, a.en)}</li>`).join('')}</ul>`);
    html.push(`<div>规则 rule <code>${e(p.rule_id)}</code></div><pre>${e(JSON.stringify(p.figures, null, 2))}</pre></div>`);
  }

  html.push(`<h2>${bi(`拒收的行（${r.rejected_rows.length}）`, `Rejected rows (${r.rejected_rows.length})`)}</h2>`);
  if (r.rejected_rows.length) {
    html.push('<table><tr><th>行 line</th><th>列 column</th><th>值 value</th><th>原因</th><th>reason</th></tr>');
    html.push(rows(r.rejected_rows.map((x) => [x.line, x.column ?? '', x.value ?? '', x.reason_zh, x.reason_en])));
    html.push('</table>');
  } else html.push(`<p>${bi('无。', 'None.')}</p>`);
  if (r.warnings.length) html.push(`<h2>${bi('提示', 'Warnings')}</h2><ul>${r.warnings.map((w) => `<li>${bi(w.reason_zh, w.reason_en)}</li>`).join('')}</ul>`);

  html.push(`<h2>${bi('已运行的检查', 'Checks run')}</h2><table><tr><th>检查 check</th><th>名称</th><th>title</th><th>运行 ran</th><th>说明 note</th></tr>`);
  html.push(rows(r.checks.map((c) => [c.id, c.title_zh, c.title_en, c.ran ? '是 yes' : '否 no', c.note_zh ? `${c.note_zh} / ${c.note_en}` : ''])));
  html.push('</table>');
  html.push(`<h2>${bi('整改销号', 'Marking an item fixed')}</h2>`);
  html.push(
    `<p>${bi('逐项整改后，在整改台账中标记（注明是更正报表、补充材料还是作出说明）：', 'After dealing with an item, mark it in the ledger (say whether you corrected the report, attached evidence or explained):')}</p>`,
  );
  html.push(`<pre>${e(`${fixCommand} ${r.unit_id} ITEM --resolution corrected|evidence|explained --note "…"`)}</pre>`);
  return page(`自查报告 ${r.unit_id}`, html);
}
