import { DrawExistsError } from '../../inspection/errors';
import type { DrawRecord } from '../../inspection/model';
import type { InspectionDrawStore } from '../../ports/inspection-draw-store';

/** The draw store's contract in memory, for unit tests. */
export class MemoryInspectionDrawStore implements InspectionDrawStore {
  readonly items = new Map<string, DrawRecord>();

  async create(draw: DrawRecord): Promise<void> {
    if (this.items.has(draw.draw_id)) throw new DrawExistsError(draw.draw_id);
    this.items.set(draw.draw_id, structuredClone(draw));
  }

  async get(drawId: string): Promise<DrawRecord | undefined> {
    const d = this.items.get(drawId);
    return d && structuredClone(d);
  }

  async list(): Promise<DrawRecord[]> {
    return [...this.items.values()].sort((a, b) => a.drawn_at.localeCompare(b.drawn_at) || a.draw_id.localeCompare(b.draw_id)).map((d) => structuredClone(d));
  }
}
