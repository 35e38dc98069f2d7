import type { MetaView } from '../../lib/api/views';
import { api } from './api';
import { clear, el } from './dom';
import { renderDetail } from './detail';
import { showError } from './messages';
import { renderQueue } from './queue';

/**
 * The review page: `#/?filters` is the queue, `#/cases/<id>` one case. Hash routing keeps
 * every view at the page's own URL, so the server serves one HTML file and the page works
 * under any base path.
 */
let routed = 0;

async function route(root: HTMLElement, meta: MetaView): Promise<void> {
  const hash = location.hash.replace(/^#/, '') || '/';
  // Each view renders into its own container, shown only if no later navigation overtook it.
  const token = ++routed;
  const view = el('div', { attrs: { 'data-view': hash.startsWith('/cases/') ? 'case' : 'queue' } });
  const caseMatch = /^\/cases\/([^/?]+)$/.exec(hash);
  if (caseMatch?.[1]) await renderDetail(view, meta, decodeURIComponent(caseMatch[1]));
  else await renderQueue(view, meta, new URLSearchParams(hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : ''));
  if (token === routed) root.replaceChildren(view);
}

async function start(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) return;
  let meta: MetaView;
  try {
    meta = await api.meta();
  } catch (err) {
    clear(root);
    showError(root, err);
    return;
  }
  const who = document.getElementById('whoami');
  if (who) who.replaceChildren(el('span', {}, `当前身份 signed in as: ${meta.principal.id}`));
  window.addEventListener('hashchange', () => void route(root, meta));
  await route(root, meta);
}

void start();
