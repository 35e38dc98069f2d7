import type { DrawRecord } from '../inspection/model';

/**
 * Inspection draws (双随机), each stored once under its id. `create` is conditional on the id
 * being free: a stored draw is never overwritten (DrawExistsError instead); there is no update
 * or delete.
 */
export interface InspectionDrawStore {
  create(draw: DrawRecord): Promise<void>;
  get(drawId: string): Promise<DrawRecord | undefined>;
  /** Every draw, oldest first. */
  list(): Promise<DrawRecord[]>;
}
