import type { Finding } from '../domain/finding';

/** Findings of the checks, stored under their stable ids: re-running a check never duplicates one. */
export interface FindingStore {
  /** Stores these findings (replacing earlier versions with the same id); returns how many ids were new. */
  put(findings: readonly Finding[], runId: string): Promise<{ created: number; updated: number }>;
  list(): Promise<Finding[]>;
}
