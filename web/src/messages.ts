import { ApiCallError } from './api';
import { bi, el } from './dom';

/** Shows a failed call's bilingual reason (from the API's error body) as text. */
export function errorBox(err: unknown): HTMLElement {
  const e = err instanceof ApiCallError ? err : new ApiCallError(0, 'client_error', '页面出错', err instanceof Error ? err.message : String(err));
  const issues = e.issues.length ? el('ul', {}, ...e.issues.map((i) => el('li', {}, `${i.path}: ${i.message}`))) : null;
  return el('div', { class: 'error', attrs: { role: 'alert', 'data-code': e.code } }, bi(e.zh, e.en), issues);
}

export function showError(root: HTMLElement, err: unknown): void {
  root.prepend(errorBox(err));
}

export function okBox(zh: string, en: string): HTMLElement {
  return el('div', { class: 'ok', attrs: { role: 'status' } }, bi(zh, en));
}
