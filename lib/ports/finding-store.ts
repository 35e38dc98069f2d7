import type { Finding } from '../domain/finding';

/**
 * Findings of the checks, stored under their stable ids: re-running a check never duplicates one.
 * A finding the latest run in its scope no longer produced (the unit re-filed, a case was
 * decided) is retired, not deleted: it leaves `list()` — the export, the register view and the
 * inspection draw read what the data shows now — but keeps its case link, so that if it comes
 * back it returns to the same case.
 */
export interface FindingStore {
  /** Stores these findings (replacing earlier versions with the same id, reviving retired ones); returns how many ids were new. */
  put(findings: readonly Finding[], runId: string): Promise<{ created: number; updated: number }>;
  /** The live findings. */
  list(): Promise<Finding[]>;
  /** Retires these live findings (ids not stored or already retired are ignored); returns how many it retired. */
  retire(ids: readonly string[], runId: string): Promise<number>;
}
