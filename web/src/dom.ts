/**
 * The only way this page builds HTML: elements with attributes and text nodes. Data from the
 * API is never parsed as markup (no innerHTML), so a unit name or a reason cannot inject code.
 */
export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  id?: string;
  attrs?: Record<string, string>;
  on?: Partial<{ [E in keyof HTMLElementEventMap]: (ev: HTMLElementEventMap[E]) => void }>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.id) node.id = props.id;
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  for (const [type, listener] of Object.entries(props.on ?? {})) node.addEventListener(type, listener as EventListener);
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** A Chinese label with its English beside it. */
export function bi(zh: string, en: string): DocumentFragment {
  const f = document.createDocumentFragment();
  append(f, zh, el('span', { class: 'en' }, en));
  return f;
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

export function table(headers: [string, string][], rows: Child[][], rowClass?: (i: number) => string): HTMLTableElement {
  return el(
    'table',
    {},
    el('thead', {}, el('tr', {}, ...headers.map(([zh, en]) => el('th', {}, bi(zh, en))))),
    el('tbody', {}, ...rows.map((cells, i) => el('tr', { class: rowClass?.(i) ?? '' }, ...cells.map((c) => el('td', {}, c))))),
  );
}
