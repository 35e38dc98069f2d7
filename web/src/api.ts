import type { ApiErrorBody } from '../../lib/api/http';
import type { CaseDetailView, CaseListView, CaseSummaryView, MetaView } from '../../lib/api/views';
import type { RectificationItem } from '../../lib/cases/model';

/** A refused or failed API call, with the server's bilingual reason. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly zh: string,
    readonly en: string,
    /** Which parts of the request were wrong (`body.note: …`), when the API says. */
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super(`${zh} / ${en}`);
  }
}

/** Relative to the page, so the page works under any base path (local server, API stage, signing proxy). */
async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path.replace(/^\//, ''), { credentials: 'same-origin', ...init, headers: { accept: 'application/json', ...(init?.headers ?? {}) } });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const e = (body as ApiErrorBody | null)?.error;
    throw new ApiCallError(res.status, e?.code ?? 'http_error', e?.message_zh ?? `请求失败 (${res.status})`, e?.message_en ?? `request failed (${res.status})`, e?.issues ?? []);
  }
  return body as T;
}

const post = <T>(path: string, body: unknown) => call<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export const api = {
  meta: () => call<MetaView>('/api/meta'),
  cases: (query: URLSearchParams) => call<CaseListView>(`/api/cases?${query.toString()}`),
  case: (id: string) => call<CaseDetailView>(`/api/cases/${encodeURIComponent(id)}`),
  decide: (id: string, body: { status: string; reason?: string; evidence_checked?: string[]; expected_rev: number }) =>
    post<{ case: CaseSummaryView; created_items: RectificationItem[] }>(`/api/cases/${encodeURIComponent(id)}/transitions`, body),
  closeItem: (id: string, item: string, body: { note: string; expected_rev: number }) =>
    post<{ case: CaseSummaryView; item: RectificationItem; open_items: number }>(`/api/cases/${encodeURIComponent(id)}/items/${encodeURIComponent(item)}/close`, body),
};
