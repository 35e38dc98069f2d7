import type { RecordKind } from '../domain/kinds';

/**
 * Reads the records of some towns only, by key, for province-size batch checks where a shard
 * is one district (lib/engine/town-scope.ts defines which records belong to a set of towns).
 */
export interface TownRecordReader {
  /** The towns that have at least one register unit (12-digit codes, sorted). */
  townCodes(): Promise<string[]>;
  /** Every current record that belongs to these towns, in no particular order. */
  scanTowns(townCodes: readonly string[]): AsyncIterable<{ kind: RecordKind; values: Record<string, unknown> }>;
}
