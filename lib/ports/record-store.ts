import type { RecordKind } from '../domain/kinds';

/** A validated contract record ready to be stored, with the fingerprint of its contract values. */
export interface StoredRecord {
  kind: RecordKind;
  /** The contract key, e.g. `unit_id|period|revision`. */
  key: string;
  values: Record<string, unknown>;
  extra?: Record<string, string>;
  /** Hash of the contract values only: the same key with the same fingerprint is `unchanged`. */
  fingerprint: string;
  source: { file: string; line: number; sha256: string };
}

export type WriteOutcome = { status: 'accepted' } | { status: 'unchanged' } | { status: 'conflict'; existing: Record<string, unknown> };

/** Storage of contract records. Implementations never overwrite an accepted record silently. */
export interface RecordStore {
  /** Writes records whose keys are absent; reports the others as unchanged or in conflict. */
  writeNew(records: readonly StoredRecord[]): Promise<WriteOutcome[]>;
  /**
   * Explicit reload of reference records: a differing stored version is moved to history
   * and replaced. Only for the kinds the contract lets be replaced (not submissions).
   */
  replace(records: readonly StoredRecord[]): Promise<WriteOutcome[]>;
  /** Current records per kind (history versions excluded). */
  countByKind(): Promise<Partial<Record<RecordKind, number>>>;
  /** Every current record of a kind, as contract values. */
  scanKind(kind: RecordKind): AsyncIterable<Record<string, unknown>>;
  /** Every current record of every kind in one pass, for loading a whole district. */
  scanAll(): AsyncIterable<{ kind: RecordKind; values: Record<string, unknown> }>;
}
