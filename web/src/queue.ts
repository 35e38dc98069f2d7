import type { CaseListView, CaseSummaryView, MetaView } from '../../lib/api/views';
import { api } from './api';
import { bi, clear, el, table } from './dom';
import { labelsFrom, type Labels } from './labels';
import { showError } from './messages';

/** Filters the queue understands; they live in the URL (#/?status=new&town=…) so back and reload keep them. */
export const FILTERS = [
  { key: 'town', zh: '镇街', en: 'town' },
  { key: 'pattern', zh: '模式', en: 'pattern' },
  { key: 'severity', zh: '程度', en: 'severity' },
  { key: 'status', zh: '状态', en: 'status' },
] as const;
type FilterKey = (typeof FILTERS)[number]['key'];

const PAGE_SIZE = 50;

function optionLabel(key: FilterKey, code: string, labels: Labels): string {
  if (key === 'pattern') return labels.pattern(code);
  if (key === 'severity') return labels.severity(code);
  if (key === 'status') return labels.status(code);
  return code;
}

/** Every value a filter can take: the known codes for status/severity/pattern, the towns present for town. */
function optionsFor(key: FilterKey, meta: MetaView, facets: CaseListView['facets']): string[] {
  if (key === 'status') return meta.statuses.map((s) => s.code);
  if (key === 'severity') return meta.severities.map((s) => s.code);
  if (key === 'pattern') return meta.patterns.map((p) => p.code).filter((p) => facets.pattern[p]);
  return Object.keys(facets.town).sort();
}

function filterBar(meta: MetaView, facets: CaseListView['facets'], current: URLSearchParams, labels: Labels): HTMLFormElement {
  const form = el('form', { class: 'filters', attrs: { 'aria-label': '筛选 filters' } });
  for (const f of FILTERS) {
    const select = el('select', { id: `filter-${f.key}`, attrs: { name: f.key } }, el('option', { attrs: { value: '' } }, '全部 all'));
    for (const code of optionsFor(f.key, meta, facets)) {
      const count = facets[f.key][code] ?? 0;
      const option = el('option', { attrs: { value: code } }, `${optionLabel(f.key, code, labels)} (${count})`);
      if (current.get(f.key) === code) option.selected = true;
      select.appendChild(option);
    }
    select.addEventListener('change', () => {
      const next = new URLSearchParams();
      for (const g of FILTERS) {
        const v = (form.elements.namedItem(g.key) as HTMLSelectElement | null)?.value;
        if (v) next.set(g.key, v);
      }
      location.hash = `#/?${next.toString()}`;
    });
    form.appendChild(el('label', { attrs: { for: select.id } }, bi(f.zh, f.en), select));
  }
  form.addEventListener('submit', (e) => e.preventDefault());
  return form;
}

function rows(cases: CaseSummaryView[], labels: Labels) {
  return cases.map((c) => [
    el('a', { class: 'case-link', attrs: { href: `#/cases/${encodeURIComponent(c.case_id)}` } }, c.case_id),
    `${c.subject.kind}: ${c.subject.id}`,
    c.town_code || '—',
    c.patterns.map((p) => labels.pattern(p)).join('，'),
    labels.severity(c.severity),
    c.risk.toFixed(3),
    el('span', { class: 'status', attrs: { 'data-status': c.status } }, labels.status(c.status)),
    `${c.recommended_action.zh} ${c.recommended_action.code}`,
  ]);
}

const HEADERS: [string, string][] = [
  ['案件', 'case'],
  ['对象', 'subject'],
  ['镇街', 'town'],
  ['模式', 'patterns'],
  ['程度', 'severity'],
  ['风险', 'risk'],
  ['状态', 'status'],
  ['建议', 'action'],
];

/** The case queue: filters, the riskiest cases first, and a button for the next page. */
export async function renderQueue(root: HTMLElement, meta: MetaView, params: URLSearchParams): Promise<void> {
  const labels = labelsFrom(meta);
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  for (const f of FILTERS) {
    const v = params.get(f.key);
    if (v) query.set(f.key, v);
  }
  let page: CaseListView;
  try {
    page = await api.cases(query);
  } catch (err) {
    clear(root);
    showError(root, err);
    return;
  }
  clear(root);
  const shown: CaseSummaryView[] = [...page.cases];
  const count = el('p', { class: 'count', id: 'queue-count' });
  const setCount = () => {
    clear(count);
    count.appendChild(bi(`共 ${page.total} 件，已显示 ${shown.length} 件`, `${page.total} cases, ${shown.length} shown`));
  };
  setCount();
  const holder = el(
    'div',
    { id: 'queue-table' },
    table(HEADERS, rows(shown, labels), (i) => `sev-${shown[i]?.severity ?? ''}`),
  );
  let cursor = page.next_cursor;
  const more = el('button', { id: 'queue-more', attrs: { type: 'button' } }, bi('更多', 'more'));
  more.hidden = !cursor;
  more.addEventListener('click', async () => {
    if (!cursor) return;
    more.disabled = true;
    try {
      query.set('cursor', cursor);
      page = await api.cases(query);
      shown.push(...page.cases);
      cursor = page.next_cursor;
      clear(holder);
      holder.appendChild(table(HEADERS, rows(shown, labels), (i) => `sev-${shown[i]?.severity ?? ''}`));
      setCount();
    } catch (err) {
      showError(root, err);
    } finally {
      more.disabled = false;
      more.hidden = !cursor;
    }
  });
  root.append(el('h2', {}, bi('案件队列', 'Case queue')), filterBar(meta, page.facets, params, labels), count, holder, more);
}
