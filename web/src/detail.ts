import type { CaseDetailView, MetaView } from '../../lib/api/views';
import type { CaseRecord, RectificationItem } from '../../lib/cases/model';
import type { Finding } from '../../lib/domain/finding';
import { api } from './api';
import { bi, clear, el, table, type Child } from './dom';
import { labelsFrom, type Labels } from './labels';
import { errorBox, okBox, showError } from './messages';

/** Evidence a reviewer commonly checks before a decision; anything else goes in the free-text box. */
const EVIDENCE_OPTIONS: [string, string][] = [
  ['增值税申报表', 'VAT returns'],
  ['电费单', 'electricity bills'],
  ['社保缴费记录', 'social insurance records'],
  ['原始凭证与台账', 'source documents and ledgers'],
  ['现场核查', 'on-site visit'],
  ['企业说明', "the unit's explanation"],
];

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(3)}%`);
const rel = (href: string) => href.replace(/^\//, '');

function summary(c: CaseRecord, labels: Labels): HTMLElement {
  const i = c.impact;
  const rows: [string, string, Child][] = [
    ['对象', 'subject', `${c.subject.kind}: ${c.subject.id}`],
    ['单位', 'units', c.unit_ids.join(' ')],
    ['镇街', 'town', c.town_code || '—'],
    ['程度 / 风险', 'severity / risk', `${labels.severity(c.severity)} / ${c.risk.toFixed(3)}`],
    ['模式', 'patterns', c.patterns.map((p) => labels.pattern(p)).join('，')],
    ['建议', 'recommended action', `${c.recommended_action.zh} ${c.recommended_action.en} — ${c.recommended_action.reason_zh} / ${c.recommended_action.reason_en}`],
    [
      '影响',
      'impact',
      `报送营业收入占全区 reported revenue share ${pct(i.revenue_share)}；涉嫌金额 suspect amount ${i.suspect_amount ?? '—'}（${pct(i.suspect_share)}）；期别 periods ${i.periods[0] ?? '—'}…${i.periods.at(-1) ?? '—'}`,
    ],
    ['版本', 'version', `v${c.version}，修订号 rev ${c.rev}，创建 created ${c.created_at}`],
  ];
  const dl = el('dl', { class: 'summary' });
  for (const [zh, en, value] of rows) dl.append(el('dt', {}, bi(zh, en)), el('dd', {}, value));
  return el('div', { class: 'card' }, dl);
}

function decisionForm(view: CaseDetailView, labels: Labels, rerender: (flash?: HTMLElement) => void): HTMLElement | null {
  if (!view.allowed_transitions.length) return null;
  const c = view.case;
  const status = el('select', { id: 'decision-status', attrs: { name: 'status', required: '' } }, ...view.allowed_transitions.map((s) => el('option', { attrs: { value: s } }, labels.status(s))));
  const reason = el('textarea', { id: 'decision-reason', attrs: { name: 'reason', rows: '3', maxlength: '2000' } });
  const checks = EVIDENCE_OPTIONS.map(([zh, en]) => el('input', { attrs: { type: 'checkbox', name: 'evidence', value: `${zh} ${en}` } }));
  const other = el('textarea', { id: 'decision-evidence-other', attrs: { rows: '2', placeholder: '其他证据，每行一项 / other evidence, one per line' } });
  const result = el('div', { id: 'decision-result' });
  const submit = el('button', { id: 'decision-submit', attrs: { type: 'submit' } }, bi('提交决定', 'submit decision'));
  const form = el(
    'form',
    { class: 'decision card', attrs: { 'aria-label': '处理决定 decision' } },
    el('label', { attrs: { for: status.id } }, bi('转为', 'move to'), ' ', status),
    el('label', { attrs: { for: reason.id } }, bi('理由', 'reason'), el('br'), reason),
    el(
      'fieldset',
      {},
      el('legend', {}, bi('已核查的证据', 'evidence checked')),
      el('div', { class: 'evidence-options' }, ...checks.map((box, n) => el('label', {}, box, EVIDENCE_OPTIONS[n]![0], el('span', { class: 'en' }, EVIDENCE_OPTIONS[n]![1])))),
      other,
    ),
    el('p', { class: 'en' }, '排除线索须填写理由并列明已核查的证据；操作人为当前登录身份。 Dismissal needs a reason and the evidence checked; the decision is recorded under your signed-in identity.'),
    submit,
    result,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    clear(result);
    const evidence = [
      ...checks.filter((b) => b.checked).map((b) => b.value),
      ...other.value
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
    ];
    try {
      const out = await api.decide(c.case_id, { status: status.value, reason: reason.value.trim() || undefined, evidence_checked: evidence.length ? evidence : undefined, expected_rev: c.rev });
      const items = out.created_items.length ? `，新建整改项 ${out.created_items.length} 项` : '';
      rerender(okBox(`已转为「${labels.status(out.case.status)}」${items}`, `the case is now ${out.case.status}`));
    } catch (err) {
      result.appendChild(errorBox(err));
      submit.disabled = false;
    }
  });
  return el('section', {}, el('h2', {}, bi('处理决定', 'Decision')), form);
}

function itemRow(c: CaseRecord, item: RectificationItem, rerender: (flash?: HTMLElement) => void): Child[] {
  let action: Child = item.closed_at ? `${item.closed_at} ${item.closed_by ?? ''}：${item.note ?? ''}` : '';
  if (item.status === 'open' && c.status === 'rectifying') {
    const note = el('input', { attrs: { type: 'text', name: 'note', placeholder: '销号说明 note', 'data-item': item.item_id, maxlength: '2000' } });
    const button = el('button', { attrs: { type: 'button', 'data-item': item.item_id } }, bi('销号', 'close item'));
    const out = el('span');
    button.addEventListener('click', async () => {
      button.disabled = true;
      clear(out);
      try {
        const r = await api.closeItem(c.case_id, item.item_id, { note: note.value, expected_rev: c.rev });
        rerender(okBox(`整改项 ${item.item_id} 已销号，剩余 ${r.open_items} 项`, `item closed, ${r.open_items} still open`));
      } catch (err) {
        out.appendChild(errorBox(err));
        button.disabled = false;
      }
    });
    action = el('span', {}, note, ' ', button, out);
  }
  return [item.item_id, bi(item.title_zh, item.title_en), item.status === 'open' ? '未销号 open' : '已销号 closed', action];
}

function evidenceTable(evidence: Record<string, unknown>): HTMLElement {
  const rows = Object.entries(evidence).map(([k, v]) => [k, el('pre', { class: 'value' }, typeof v === 'string' ? v : JSON.stringify(v, null, 1))]);
  return table(
    [
      ['证据项', 'evidence'],
      ['值', 'value'],
    ],
    rows,
  );
}

function findingCard(f: Finding | CaseRecord['findings'][number], labels: Labels): HTMLElement {
  const head = `${labels.pattern(f.pattern)} · ${labels.severity(f.severity)} · 得分 score ${f.score} · 期别 period ${f.period ?? '—'} · ${f.rule_id} v${f.rule_version}`;
  const evidence = 'evidence' in f ? el('details', {}, el('summary', {}, bi(`证据（${Object.keys(f.evidence).length} 项）`, 'evidence')), evidenceTable(f.evidence)) : null;
  return el('div', { class: 'card finding', attrs: { 'data-finding': f.finding_id } }, el('strong', {}, head), el('p', {}, bi(f.summary_zh, f.summary_en)), evidence);
}

/** One case: summary, decision form, rectification items, findings with evidence, the case page's charts, files, audit trail. */
export async function renderDetail(root: HTMLElement, meta: MetaView, caseId: string, flash?: HTMLElement): Promise<void> {
  const labels = labelsFrom(meta);
  let view: CaseDetailView;
  try {
    view = await api.case(caseId);
  } catch (err) {
    clear(root);
    root.append(el('a', { class: 'back', attrs: { href: '#/' } }, bi('← 返回队列', 'back to the queue')));
    showError(root, err);
    return;
  }
  const c = view.case;
  const rerender = (message?: HTMLElement) => void renderDetail(root, meta, caseId, message);
  clear(root);
  root.append(
    el('a', { class: 'back', attrs: { href: '#/' } }, bi('← 返回队列', 'back to the queue')),
    el('h2', { id: 'case-title' }, `案件 case ${c.case_id} — `, el('span', { class: 'status', id: 'case-status', attrs: { 'data-status': c.status } }, labels.status(c.status))),
  );
  if (flash) root.append(flash);
  root.append(summary(c, labels));
  const form = decisionForm(view, labels, rerender);
  if (form) root.append(form);
  if (c.items.length)
    root.append(
      el('h2', {}, bi('整改台账', 'Rectification items')),
      table(
        [
          ['整改项', 'item'],
          ['内容', 'what'],
          ['状态', 'status'],
          ['销号', 'closing'],
        ],
        c.items.map((i) => itemRow(c, i, rerender)),
      ),
    );
  root.append(el('h2', {}, bi('线索与证据', 'Findings and evidence')));
  if (!view.evidence.verified)
    root.append(
      el(
        'div',
        { class: 'error', attrs: { role: 'alert' } },
        bi(`案卷证据未通过校验，仅显示摘要：${view.evidence.message_zh ?? ''}`, `case evidence not verified, summaries only: ${view.evidence.message_en ?? ''}`),
      ),
    );
  root.append(...view.findings.map((f) => findingCard(f, labels)));
  const page = view.files.find((f) => f.name === 'case.html');
  if (page) {
    // No allow-scripts, no allow-same-origin: the case page is data to look at, nothing more.
    root.append(
      el('h2', {}, bi('图表与案卷页面', 'Charts and the case page')),
      el('iframe', { class: 'case-page', attrs: { src: rel(page.href), sandbox: '', title: '案卷页面 case page', loading: 'lazy' } }),
    );
  }
  if (view.files.length) {
    root.append(
      el('h2', {}, bi('案卷文件', 'Case files')),
      table(
        [
          ['文件', 'file'],
          ['SHA-256', 'manifest'],
        ],
        view.files.map((f) => [el('a', { attrs: { href: rel(f.href), download: `${c.case_id}-v${c.version}-${f.name}` } }, f.name), el('code', {}, f.sha256 ?? '—')]),
      ),
    );
  }
  root.append(
    el('h2', {}, bi('审计记录', 'Audit trail')),
    table(
      [
        ['#', 'seq'],
        ['时间', 'at'],
        ['人员', 'by'],
        ['动作', 'action'],
        ['状态', 'from → to'],
        ['理由', 'reason'],
        ['已核查', 'evidence checked'],
        ['整改项', 'item'],
      ],
      view.audit.map((a) => [a.seq, a.at, a.by, a.action, `${a.from ?? '—'} → ${a.to ?? '—'}`, a.reason ?? '', a.evidence_checked.join('；'), a.item ?? '']),
    ),
  );
}
