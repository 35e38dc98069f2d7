import type { Finding } from '../../domain/finding';
import type { FindingStore } from '../../ports/finding-store';

export class MemoryFindingStore implements FindingStore {
  readonly items = new Map<string, Finding>();
  /** Retired findings, with the run that retired them. */
  readonly retired = new Map<string, { finding: Finding; runId: string }>();

  async put(findings: readonly Finding[]): Promise<{ created: number; updated: number }> {
    let created = 0;
    for (const f of findings) {
      const earlier = this.items.get(f.finding_id) ?? this.retired.get(f.finding_id)?.finding;
      if (!earlier) created++;
      this.retired.delete(f.finding_id);
      this.items.set(f.finding_id, { ...f, case_id: f.case_id ?? earlier?.case_id ?? null });
    }
    return { created, updated: findings.length - created };
  }

  async list(): Promise<Finding[]> {
    return [...this.items.values()];
  }

  async retire(ids: readonly string[], runId: string): Promise<number> {
    let retired = 0;
    for (const id of ids) {
      const finding = this.items.get(id);
      if (!finding) continue;
      this.items.delete(id);
      this.retired.set(id, { finding, runId });
      retired++;
    }
    return retired;
  }
}
