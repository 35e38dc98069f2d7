import type { PeerGroupStats } from '../self-inspection/peer-stats';

/**
 * Anonymised statistics of peer groups (category × industry division × period): quartiles only,
 * from groups of at least the minimum size. Never a unit's id, name or own figures.
 */
export interface PeerStatsSource {
  /** The statistics of one group (`<category>|<division>`), or undefined when the group is too small or unknown. */
  group(key: string): Promise<PeerGroupStats | undefined>;
}
