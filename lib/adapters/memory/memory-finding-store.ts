import type { Finding } from '../../domain/finding';
import type { FindingStore } from '../../ports/finding-store';

export class MemoryFindingStore implements FindingStore {
  readonly items = new Map<string, Finding>();

  async put(findings: readonly Finding[]): Promise<{ created: number; updated: number }> {
    let created = 0;
    for (const f of findings) {
      if (!this.items.has(f.finding_id)) created++;
      this.items.set(f.finding_id, { ...f, case_id: f.case_id ?? this.items.get(f.finding_id)?.case_id ?? null });
    }
    return { created, updated: findings.length - created };
  }

  async list(): Promise<Finding[]> {
    return [...this.items.values()];
  }
}
