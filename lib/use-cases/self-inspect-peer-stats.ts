import type { Clock } from '../ports/clock';
import type { PeerStatsSource } from '../ports/peer-stats-source';
import type { RecordStore } from '../ports/record-store';
import { computePeerStats, type PeerGroupStats } from '../self-inspection/peer-stats';
import { loadDistrictInput } from './load-district';

/** How long computed peer statistics are reused: official data change with ingests, not by the minute. */
export const PEER_STATS_TTL_MS = 15 * 60_000;

/**
 * Peer statistics computed from the official store and kept for a while in this process (a
 * Lambda container serves many uploads; a town run serves all its units from one load). Today
 * this reads the whole district, like a batch-check shard; precomputing the statistics in the
 * batch check and storing them is the next step for a province.
 */
export class StorePeerStats implements PeerStatsSource {
  private cache: { at: number; groups: Promise<Map<string, PeerGroupStats>> } | undefined;

  constructor(
    private readonly records: RecordStore,
    private readonly clock: Clock,
    private readonly ttlMs = PEER_STATS_TTL_MS,
  ) {}

  async group(key: string): Promise<PeerGroupStats | undefined> {
    const now = this.clock.now().getTime();
    if (!this.cache || now - this.cache.at > this.ttlMs) {
      const groups = loadDistrictInput(this.records).then((input) => computePeerStats(input));
      // A failed load is not cached: the next upload tries again.
      groups.catch(() => {
        if (this.cache?.groups === groups) this.cache = undefined;
      });
      this.cache = { at: now, groups };
    }
    const stats = (await this.cache.groups).get(key);
    return stats && Object.keys(stats.periods).length ? stats : undefined;
  }
}
