import type { MetaView } from '../../lib/api/views';

/** Chinese and English names from GET /api/meta, so the page holds no copy of the domain's tables. */
export interface Labels {
  status(code: string): string;
  pattern(code: string): string;
  severity(code: string): string;
}

export function labelsFrom(meta: MetaView): Labels {
  const statuses = new Map(meta.statuses.map((s) => [s.code as string, `${s.zh} ${s.en}`]));
  const patterns = new Map(meta.patterns.map((p) => [p.code as string, `${p.zh} ${p.code}`]));
  const severities = new Map(meta.severities.map((s) => [s.code as string, `${s.zh} ${s.en}`]));
  return {
    status: (c) => statuses.get(c) ?? c,
    pattern: (c) => patterns.get(c) ?? c,
    severity: (c) => severities.get(c) ?? c,
  };
}
