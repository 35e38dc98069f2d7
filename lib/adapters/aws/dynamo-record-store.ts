import { PutCommand, QueryCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isRecordKind, type RecordKind } from '../../domain/kinds';
import type { Clock } from '../../ports/clock';
import type { RecordStore, StoredRecord, WriteOutcome } from '../../ports/record-store';
import { itemKeys, type ItemKeys } from './item-keys';
import { batchGetAll, batchPutAll, type Item } from './batch';
import { parallelScan } from './query';

/** Attributes the store adds around the contract values. */
const META = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'kind', 'fp', 'extra', 'src_file', 'src_line', 'src_sha256', 'ingested_at', 'history_of']);
const HISTORY_PREFIX = 'history:';
/** Keys of one partition in a chunk from which a range Query is cheaper than point reads. */
const QUERY_GROUP_MIN = 4;

const keyOf = (k: { pk: unknown; sk: unknown }) => `${String(k.pk)}\u0000${String(k.sk)}`;

export function contractValues(item: Item): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!META.has(k)) values[k] = v;
  return values;
}

/**
 * Contract records in the single table. New keys are found with BatchGetItem and written
 * with BatchWriteItem (the only way to reach bulk rates on DynamoDB and dynalite alike);
 * replacements use conditional PutItem on the old fingerprint.
 */
export class DynamoRecordStore implements RecordStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  async writeNew(records: readonly StoredRecord[]): Promise<WriteOutcome[]> {
    const keys = records.map((r) => itemKeys(r.kind, r.values));
    // Fingerprints only: a full read is needed just for the rare conflicts, to name what differs.
    const stored = await this.findFingerprints(keys);
    const toWrite: Item[] = [];
    const conflicting = keys.filter((k, i) => {
      const existing = stored.get(keyOf(k));
      return existing !== undefined && existing.fp !== records[i]!.fingerprint;
    });
    const full = conflicting.length ? await this.batchGet(conflicting) : new Map<string, Item>();
    const outcomes = records.map((record, i): WriteOutcome => {
      const existing = stored.get(keyOf(keys[i]!));
      if (!existing) {
        toWrite.push(this.toItem(record, keys[i]!));
        return { status: 'accepted' };
      }
      if (existing.fp === record.fingerprint) return { status: 'unchanged' };
      return { status: 'conflict', existing: contractValues(full.get(keyOf(keys[i]!)) ?? existing) };
    });
    await this.batchWrite(toWrite);
    return outcomes;
  }

  async replace(records: readonly StoredRecord[]): Promise<WriteOutcome[]> {
    const keys = records.map((r) => itemKeys(r.kind, r.values));
    const stored = await this.batchGet(keys);
    const outcomes: WriteOutcome[] = [];
    for (const [i, record] of records.entries()) {
      const existing = stored.get(keyOf(keys[i]!));
      if (existing?.fp === record.fingerprint) {
        outcomes.push({ status: 'unchanged' });
        continue;
      }
      if (existing) {
        const history: Item = { ...existing, sk: `${String(existing.sk)}~${String(existing.ingested_at)}`, kind: `${HISTORY_PREFIX}${record.kind}`, history_of: existing.sk };
        for (const gsi of ['gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk']) delete history[gsi];
        await this.doc.send(new PutCommand({ TableName: this.tableName, Item: history }));
      }
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: this.toItem(record, keys[i]!),
            ConditionExpression: existing ? 'fp = :old' : 'attribute_not_exists(pk)',
            ExpressionAttributeValues: existing ? { ':old': existing.fp } : undefined,
          }),
        );
        outcomes.push({ status: 'accepted' });
      } catch (err) {
        if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
        outcomes.push({ status: 'conflict', existing: existing ? contractValues(existing) : {} });
      }
    }
    return outcomes;
  }

  async countByKind(): Promise<Partial<Record<RecordKind, number>>> {
    const counts: Partial<Record<RecordKind, number>> = {};
    await parallelScan(this.doc, this.tableName, { ProjectionExpression: '#k', ExpressionAttributeNames: { '#k': 'kind' } }, (items) => {
      for (const item of items) {
        const kind = String(item.kind);
        if (isRecordKind(kind)) counts[kind] = (counts[kind] ?? 0) + 1;
      }
    });
    return counts;
  }

  async *scanAll(): AsyncIterable<{ kind: RecordKind; values: Record<string, unknown> }> {
    const pages: Item[][] = [];
    await parallelScan(this.doc, this.tableName, {}, (items) => pages.push(items));
    for (const page of pages) {
      for (const item of page) {
        const kind = String(item.kind);
        if (isRecordKind(kind)) yield { kind, values: contractValues(item) };
      }
    }
  }

  async *scanKind(kind: RecordKind): AsyncIterable<Record<string, unknown>> {
    let start: Item | undefined;
    do {
      const page = await this.doc.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: '#k = :k',
          ExpressionAttributeNames: { '#k': 'kind' },
          ExpressionAttributeValues: { ':k': kind },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) yield contractValues(item);
      start = page.LastEvaluatedKey;
    } while (start);
  }

  private toItem(record: StoredRecord, keys: ItemKeys): Item {
    return {
      ...record.values,
      ...keys,
      kind: record.kind,
      fp: record.fingerprint,
      extra: record.extra,
      src_file: record.source.file,
      src_line: record.source.line,
      src_sha256: record.source.sha256,
      ingested_at: this.clock.now().toISOString(),
    };
  }

  /**
   * Stored fingerprints of these keys. Keys that share a partition (a unit's months in a
   * unit-sorted file) are read with one Query over their sort-key range, which costs the
   * server one range scan instead of one lookup per key; the rest go through BatchGetItem.
   */
  private async findFingerprints(keys: readonly ItemKeys[]): Promise<Map<string, Item>> {
    const byPartition = new Map<string, ItemKeys[]>();
    for (const k of keys) {
      const group = byPartition.get(k.pk);
      if (group) group.push(k);
      else byPartition.set(k.pk, [k]);
    }
    const singles: ItemKeys[] = [];
    const ranges: Promise<Item[]>[] = [];
    for (const [pk, group] of byPartition) {
      if (group.length < QUERY_GROUP_MIN) singles.push(...group);
      else {
        const sks = group.map((k) => k.sk).sort();
        ranges.push(this.queryRange(pk, sks[0]!, sks[sks.length - 1]!));
      }
    }
    const [found, ...ranged] = await Promise.all([this.batchGet(singles, 'pk, sk, fp'), ...ranges]);
    for (const items of ranged) for (const item of items) found.set(keyOf(item as { pk: unknown; sk: unknown }), item);
    return found;
  }

  private async queryRange(pk: string, from: string, to: string): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
          ProjectionExpression: 'pk, sk, fp',
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  private async batchGet(keys: readonly ItemKeys[], projection?: string): Promise<Map<string, Item>> {
    const unique = [...new Map(keys.map((k) => [keyOf(k), { pk: k.pk, sk: k.sk }])).values()];
    const items = await batchGetAll(this.doc, this.tableName, unique, projection);
    return new Map(items.map((item) => [keyOf(item as { pk: unknown; sk: unknown }), item]));
  }

  private async batchWrite(items: readonly Item[]): Promise<void> {
    await batchPutAll(this.doc, this.tableName, items);
  }
}

export function isHistoryKind(kind: string): boolean {
  return kind.startsWith(HISTORY_PREFIX);
}
