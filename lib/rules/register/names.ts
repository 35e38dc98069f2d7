/**
 * Normalisation of enterprise and project names, addresses and phone numbers for duplicate
 * blocking. Why: the same business re-filed differs only in legal-form wording (有限公司 /
 * 有限责任公司), full- or half-width brackets, spaces, a branch suffix （兰山分公司） or a
 * region prefix (临沂 / 兰山), so those are removed before keys are compared. Region prefixes
 * are read from the district's own addresses (province, city, county names and their short
 * forms) rather than hard-coded.
 */

const PUNCT = /[\s()（）【】[\]{}<>《》"'“”‘’·.,，、;；:：\-—_/\\|]+/g;

/** Province / city / county names at the start of addresses, with their short forms. */
export function regionPrefixes(addresses: Iterable<string | undefined>, extra: Iterable<string | undefined> = []): string[] {
  const out = new Set<string>();
  const add = (full: string, suffixLen: number) => {
    out.add(full);
    const short = full.slice(0, full.length - suffixLen);
    if (short.length >= 2) out.add(short);
  };
  const counts = new Map<string, number>();
  // The leading region names are shared by most addresses: a few thousand tell them all.
  let seen = 0;
  for (const a of addresses) {
    if (!a) continue;
    if (++seen > 5000) break;
    const m = /^(.{2,3}?省)?(.{2,4}?市)?(.{2,4}?[区县])?/.exec(a.normalize('NFKC').replace(/\s+/g, ''));
    if (!m) continue;
    for (const g of m.slice(1)) if (g) counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  for (const [g, n] of counts) if (n >= 2) add(g, 1);
  for (const x of extra) {
    if (!x) continue;
    const t = x.normalize('NFKC').replace(/\s+/g, '');
    const m = /^(.+?)(街道|镇|乡|区|县|市)$/.exec(t);
    if (m && m[1]!.length >= 2) add(t, m[2]!.length);
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/** Normalised enterprise name: no punctuation, no legal form, no branch suffix, no region prefix. */
export function normaliseUnitName(name: string, prefixes: readonly string[]): string {
  let s = name.normalize('NFKC');
  // Branch suffixes: "…有限公司(兰山分公司)", "…有限公司兰山分公司", "…分厂".
  s = s.replace(/[(（][^()（）]*(分公司|分厂|分店|营业部|办事处)[)）]\s*$/, '');
  s = s.replace(/(公司|厂)[^公司厂]{0,8}(分公司|分厂|分店|营业部)$/, '$1');
  s = s.replace(PUNCT, '');
  s = s.replace(/(集团)?(股份)?有限(责任)?公司$/, '').replace(/公司$/, '');
  for (let changed = true; changed;) {
    changed = false;
    for (const p of prefixes) {
      if (s.startsWith(p) && s.length - p.length >= 2) {
        s = s.slice(p.length);
        changed = true;
      }
    }
  }
  return s;
}

/** Normalised project name: no punctuation and no generic suffix (项目 / 工程 / 建设项目). */
export function normaliseProjectName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(PUNCT, '')
    .replace(/(建设)?(项目|工程)+$/, '')
    .replace(/(建设)?(项目|工程)+$/, '');
}

/** Numbers and phase markers of a name (一期 / 二期 / 3号): names that differ here are different works. */
export function numberTokens(name: string): string {
  return (name.normalize('NFKC').match(/[0-9]+|[一二三四五六七八九十百千万]+(?=[期号#座栋标段区])/g) ?? []).join(',');
}

export function normaliseAddress(address: string | undefined, prefixes: readonly string[]): string {
  if (!address) return '';
  let s = address.normalize('NFKC').replace(PUNCT, '');
  for (const p of prefixes) if (s.startsWith(p)) s = s.slice(p.length);
  return s;
}

/** Digits of a phone number without country code; '' when too short to identify anyone. */
export function normalisePhone(phone: string | undefined): string {
  if (!phone) return '';
  let d = phone.replace(/\D/g, '');
  if (d.startsWith('86') && d.length > 11) d = d.slice(2);
  return d.length >= 7 ? d : '';
}

/** Dice coefficient of character bigrams, in [0, 1]. */
export function bigramSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const grams = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) {
    const g = a.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  let common = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const g = b.slice(i, i + 2);
    const c = grams.get(g);
    if (c) {
      common++;
      grams.set(g, c - 1);
    }
  }
  return (2 * common) / (a.length - 1 + b.length - 1);
}

/** Groups items by a key (empty keys skipped); blocks larger than `maxBlock` are dropped (switchboards, big buildings). */
export function blocks<T>(items: readonly T[], key: (item: T) => string, maxBlock: number): T[][] {
  const map = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    if (!k) continue;
    const list = map.get(k);
    if (list) list.push(it);
    else map.set(k, [it]);
  }
  return [...map.values()].filter((b) => b.length >= 2 && b.length <= maxBlock);
}
