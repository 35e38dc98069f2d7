import type { Finding } from '../domain/finding';
import { PATTERN_LABEL } from '../domain/finding';
import { ACTION_LABEL, STATUS_LABEL, type CaseRecord } from './model';
import type { PeerBand, Series, UnitSeries } from './series';

/** Every text that reaches the page goes through here (names, summaries, evidence may hold markup). */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const fmt = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: digits }));
const pct = (x: number | null | undefined, digits = 2) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(digits)}%`);

interface Line {
  label: string;
  values: Series;
  color: string;
  dash?: boolean;
}

/** A self-contained SVG line chart; NaN gaps break the line, highlighted periods are shaded. */
export function lineChart(opts: { title: string; periods: readonly string[]; lines: readonly Line[]; band?: PeerBand | null; bandLabel?: string; highlight: ReadonlySet<string> }): string {
  const W = 760;
  const H = 260;
  const L = 64;
  const R = 12;
  const T = 28;
  const B = 56;
  const n = opts.periods.length;
  const all: number[] = [];
  for (const l of opts.lines) for (const v of l.values) if (v !== null) all.push(v);
  if (opts.band) for (const v of [...opts.band.q75, ...opts.band.q25]) if (v !== null) all.push(v);
  const max = Math.max(1, ...all) * 1.05;
  const x = (t: number) => L + (n <= 1 ? (W - L - R) / 2 : (t * (W - L - R)) / (n - 1));
  const y = (v: number) => T + (H - T - B) * (1 - v / max);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(opts.title)}">`);
  parts.push(`<title>${escapeHtml(opts.title)}</title>`);
  parts.push(`<text x="${L}" y="16" font-size="13" font-weight="bold">${escapeHtml(opts.title)}</text>`);
  const step = n > 0 ? (W - L - R) / Math.max(1, n - 1) : 0;
  opts.periods.forEach((p, t) => {
    if (opts.highlight.has(p)) parts.push(`<rect x="${(x(t) - step / 2).toFixed(1)}" y="${T}" width="${step.toFixed(1)}" height="${H - T - B}" fill="#fde2e2"/>`);
  });
  if (opts.band) {
    const b = opts.band;
    const segs: string[] = [];
    let upper: string[] = [];
    let lower: string[] = [];
    const flush = () => {
      if (upper.length) segs.push(`<polygon points="${[...upper, ...lower.reverse()].join(' ')}" fill="#cfe3f7" opacity="0.7"/>`);
      upper = [];
      lower = [];
    };
    for (let t = 0; t < n; t++) {
      const hi = b.q75[t];
      const lo = b.q25[t];
      if (hi === null || hi === undefined || lo === null || lo === undefined) flush();
      else {
        upper.push(`${x(t).toFixed(1)},${y(hi).toFixed(1)}`);
        lower.push(`${x(t).toFixed(1)},${y(lo).toFixed(1)}`);
      }
    }
    flush();
    parts.push(...segs);
    parts.push(polyline(b.median, x, y, '#6b9bd1', true));
  }
  parts.push(`<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#444"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#444"/>`);
  for (const frac of [0, 0.5, 1]) {
    const v = (max / 1.05) * frac;
    parts.push(`<text x="${L - 4}" y="${y(v).toFixed(1)}" font-size="10" text-anchor="end">${escapeHtml(fmt(v, 0))}</text>`);
  }
  const every = Math.max(1, Math.ceil(n / 12));
  opts.periods.forEach((p, t) => {
    if (t % every === 0 || t === n - 1) parts.push(`<text x="${x(t).toFixed(1)}" y="${H - B + 14}" font-size="10" text-anchor="middle">${escapeHtml(p)}</text>`);
  });
  for (const l of opts.lines) parts.push(polyline(l.values, x, y, l.color, l.dash ?? false));
  const legend = [...opts.lines.map((l) => ({ label: l.label, color: l.color })), ...(opts.band ? [{ label: opts.bandLabel ?? 'peers', color: '#6b9bd1' }] : [])];
  legend.forEach((l, i) => {
    const lx = L + (i % 3) * 230;
    const ly = H - 24 + Math.floor(i / 3) * 14;
    parts.push(`<rect x="${lx}" y="${ly - 8}" width="12" height="4" fill="${l.color}"/><text x="${lx + 16}" y="${ly}" font-size="10">${escapeHtml(l.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

function polyline(values: Series, x: (t: number) => number, y: (v: number) => number, color: string, dash: boolean): string {
  const out: string[] = [];
  let pts: string[] = [];
  const flush = () => {
    if (pts.length === 1) out.push(`<circle cx="${pts[0]!.split(',')[0]}" cy="${pts[0]!.split(',')[1]}" r="2" fill="${color}"/>`);
    else if (pts.length > 1) out.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="2"${dash ? ' stroke-dasharray="5,3"' : ''}/>`);
    pts = [];
  };
  values.forEach((v, t) => {
    if (v === null) flush();
    else pts.push(`${x(t).toFixed(1)},${y(v).toFixed(1)}`);
  });
  flush();
  return out.join('');
}

/** Charts of one unit: reported revenue against tax and grid (revenue-equivalent), and employees against insured headcount. */
export function unitCharts(s: UnitSeries, highlight: ReadonlySet<string>): string {
  const revenue = lineChart({
    title: '营业收入与税务、电力（折合营业收入，千元）Revenue vs tax and grid electricity (revenue-equivalent, thousand yuan)',
    periods: s.periods,
    highlight,
    band: s.peer_revenue,
    bandLabel: '同行中位数区间（按本单位规模）peer median band (scaled)',
    lines: [
      { label: '报送营业收入 reported revenue', values: s.revenue, color: '#c0392b' },
      { label: `税务申报销售额×${s.revenue_per_tax ?? '—'} tax-declared sales`, values: s.tax_equivalent, color: '#27ae60', dash: true },
      { label: `电网用电量×${s.revenue_per_kwh ?? '—'} grid electricity`, values: s.grid_equivalent, color: '#8e44ad', dash: true },
    ],
  });
  const people = lineChart({
    title: '从业人员与参保人数（人）Reported employees vs insured headcount',
    periods: s.periods,
    highlight,
    band: s.peer_employees,
    bandLabel: '同行中位数区间（按本单位规模）peer median band (scaled)',
    lines: [
      { label: '报送从业人员 reported employees', values: s.employees, color: '#c0392b' },
      { label: '社保参保人数 insured headcount', values: s.insured, color: '#27ae60', dash: true },
    ],
  });
  return `<div class="charts">${revenue}${people}</div>`;
}

/** Most units charted on one page; the rest are in case.json and evidence.csv. */
export const MAX_CHARTED_UNITS = 12;

export function caseHtml(c: CaseRecord, findings: readonly Finding[], series: readonly UnitSeries[]): string {
  const e = escapeHtml;
  const highlight = new Set(c.impact.periods);
  const charted = [...series].sort((a, b) => sum(b.revenue) - sum(a.revenue) || a.unit_id.localeCompare(b.unit_id)).slice(0, MAX_CHARTED_UNITS);
  const sev = { high: '高 high', medium: '中 medium', low: '低 low' } as const;
  const subjectLabel = { unit: '单位 unit', account: '填报账号 account', town: '镇街 town' }[c.subject.kind];
  const unitName = (id: string) => series.find((s) => s.unit_id === id)?.name ?? '';
  const rows = (cells: unknown[][]) => cells.map((r) => `<tr>${r.map((x) => `<td>${e(x)}</td>`).join('')}</tr>`).join('');
  const html: string[] = [];
  html.push(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">`);
  html.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  html.push(`<title>案件 ${e(c.case_id)} v${c.version}</title>`);
  html.push(
    `<style>body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;color:#222;max-width:1100px}h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ccc;margin-top:28px}.en{color:#666;font-size:.85em;display:block}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:left;vertical-align:top}pre{background:#f6f6f6;padding:8px;font-size:12px;white-space:pre-wrap;word-break:break-all}.high{color:#b00020;font-weight:bold}.medium{color:#b36b00}.low{color:#666}.finding{border:1px solid #ddd;padding:8px 12px;margin:12px 0}</style></head><body>`,
  );
  html.push(`<h1>案件 ${e(c.case_id)}（第 ${c.version} 版）<span class="en">Case ${e(c.case_id)}, version ${c.version}</span></h1>`);
  html.push('<h2>概要<span class="en">Summary</span></h2><table>');
  html.push(
    rows([
      [`对象 subject (${subjectLabel})`, `${c.subject.id}${c.subject.kind === 'unit' && unitName(c.subject.id) ? `  ${unitName(c.subject.id)}` : ''}`],
      ['镇街 town', c.town_code],
      ['状态 status', `${STATUS_LABEL[c.status].zh} ${c.status}`],
      ['严重程度 severity', sev[c.severity]],
      ['风险 risk = 1 − Π(1 − w·score)', c.risk],
      ['模式 patterns', c.patterns.map((p) => `${PATTERN_LABEL[p]} ${p}`).join('；')],
      ['参考线索 context (low)', c.context_patterns.map((p) => `${PATTERN_LABEL[p]} ${p}`).join('；') || '—'],
      ['建议处置 recommended action', `${ACTION_LABEL[c.recommended_action.code].zh} ${c.recommended_action.en} — ${c.recommended_action.reason_zh} / ${c.recommended_action.reason_en}`],
      ['涉及期别 periods', c.impact.periods.join(' ')],
      ['涉及单位报送营业收入 reported revenue of the case units (千元 thousand yuan)', fmt(c.impact.reported_revenue)],
      ['全区同期营业收入 district revenue, same periods', fmt(c.impact.district_revenue)],
      ['占全区比重 share of the district', pct(c.impact.revenue_share, 3)],
      [
        '涉嫌金额 suspect amount',
        c.impact.suspect_amount === null ? '— (线索证据未给出 no finding carries one)' : `${fmt(c.impact.suspect_amount)}（占全区 ${pct(c.impact.suspect_share, 3)} of the district）`,
      ],
      ['生成 generated', `${c.updated_at}  run ${c.last_run_id}`],
    ]),
  );
  html.push('</table>');

  html.push(
    `<h2>涉及单位<span class="en">Units (${c.unit_ids.length})</span></h2><table><tr><th>统一社会信用代码 unit</th><th>名称 name</th><th>镇街 town</th><th>门类 category</th><th>行业 industry</th></tr>`,
  );
  html.push(
    rows(
      c.unit_ids.map((id) => {
        const s = series.find((x) => x.unit_id === id);
        return [id, s?.name ?? '', s ? `${s.town_code} ${s.town_name ?? ''}` : '', s?.category ?? '', s?.industry_code ?? ''];
      }),
    ),
  );
  html.push('</table>');

  html.push(
    '<h2>图表<span class="en">Charts — shaded: periods of the findings; lines brought to revenue scale with the unit\'s own median ratio; band: peers\' 25–75 % scaled to the unit</span></h2>',
  );
  for (const s of charted) html.push(`<h3>${e(s.name)} ${e(s.unit_id)}</h3>${unitCharts(s, highlight)}`);
  if (series.length > charted.length)
    html.push(
      `<p>另有 ${series.length - charted.length} 个单位的数据见 case.json / evidence.csv<span class="en">${series.length - charted.length} more units in case.json and evidence.csv</span></p>`,
    );

  html.push(`<h2>线索<span class="en">Findings (${findings.length})</span></h2>`);
  for (const f of findings) {
    html.push(
      `<div class="finding"><div class="${f.severity}">${e(sev[f.severity])} · ${e(PATTERN_LABEL[f.pattern])} ${e(f.pattern)} · score ${e(f.score)} · ${e(f.period ?? '—')}${f.severity === 'low' ? ' · 参考 context' : ''}</div>`,
    );
    html.push(`<p>${e(f.summary_zh)}<span class="en">${e(f.summary_en)}</span></p>`);
    html.push(
      `<div>线索编号 finding <code>${e(f.finding_id)}</code> · 规则 rule <code>${e(f.rule_id)}</code> v${e(f.rule_version)} · 对象 subject ${e(f.subject.kind)} <code>${e(f.subject.id)}</code> · 单位 units ${e(f.unit_ids.join(' '))}</div>`,
    );
    html.push(`<pre>${e(JSON.stringify(f.evidence, null, 2))}</pre></div>`);
  }

  html.push('<h2>规则与参数<span class="en">Rules, versions and parameters (to reproduce the findings)</span></h2><table><tr><th>rule</th><th>version</th><th>parameters</th></tr>');
  html.push(rows(c.rules.map((r) => [r.rule_id, r.rule_version, r.params === null ? '（未记录 not recorded）' : JSON.stringify(r.params)])));
  html.push('</table>');

  if (c.items.length) {
    html.push('<h2>整改台账<span class="en">Rectification items</span></h2><table><tr><th>item</th><th>内容 what</th><th>状态 status</th><th>销号 closed</th></tr>');
    html.push(rows(c.items.map((i) => [i.item_id, `${i.title_zh} / ${i.title_en}`, i.status, i.closed_at ? `${i.closed_at} ${i.closed_by ?? ''} ${i.note ?? ''}` : ''])));
    html.push('</table>');
  }
  if (c.transitions.length) {
    html.push('<h2>处理记录<span class="en">Decisions so far</span></h2><table><tr><th>时间 at</th><th>人员 by</th><th>from → to</th><th>理由 reason</th><th>已核查证据 evidence checked</th></tr>');
    html.push(rows(c.transitions.map((t) => [t.at, t.by, `${t.from} → ${t.to}`, t.reason ?? '', t.evidence_checked.join('；')])));
    html.push('</table>');
  }
  html.push(`<p class="en">case.json holds everything on this page in machine-readable form; evidence.csv the unit-period figures; manifest.json the SHA-256 of each file.</p>`);
  html.push('</body></html>\n');
  return html.join('\n');
}

function sum(s: Series): number {
  let x = 0;
  for (const v of s) if (v !== null) x += v;
  return x;
}
