import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll, type QueryInput } from './query';
import type { UnitRecord } from '../../contract/schemas';
import { isRecordKind } from '../../domain/kinds';
import { emptyUnitRecords, type OfficialUnitReader, type UnitRecords } from '../../ports/official-unit-reader';
import type { Item } from './batch';
import { contractValues } from './dynamo-record-store';

/** The kinds stored in a unit's own partition (docs/storage.md, access pattern 1). */
const UNIT_PARTITION_KINDS = new Set(['units', 'submissions', 'tax', 'electricity', 'social_insurance', 'market_status']);

/**
 * One unit's official records by key, never by scan: its partition `UNIT#<id>` (profile,
 * submissions with every revision, tax, electricity, insurance, market status) and its register
 * events through gsi2 `UNIT#<id>` / `REGEVT#…`. History versions (`kind = history:…`) are left out.
 */
export class DynamoUnitReader implements OfficialUnitReader {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async unitRecords(unitId: string): Promise<UnitRecords> {
    const out = emptyUnitRecords();
    const [own, events] = await Promise.all([
      this.queryAll({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': `UNIT#${unitId}` }, ConsistentRead: true }),
      this.queryAll({ IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p AND begins_with(gsi2sk, :e)', ExpressionAttributeValues: { ':p': `UNIT#${unitId}`, ':e': 'REGEVT#' } }),
    ]);
    for (const item of own) {
      const kind = String(item.kind);
      if (!isRecordKind(kind) || !UNIT_PARTITION_KINDS.has(kind)) continue;
      const values = contractValues(item);
      if (kind === 'units') out.unit = values as UnitRecord;
      else (out[kind as Exclude<keyof UnitRecords, 'unit' | 'register_events'>] as unknown[]).push(values);
    }
    for (const item of events) if (item.kind === 'register_events') out.register_events.push(contractValues(item) as UnitRecords['register_events'][number]);
    return out;
  }

  async townUnits(townCode: string): Promise<UnitRecord[]> {
    const items = await this.queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :t AND begins_with(gsi1sk, :u)', ExpressionAttributeValues: { ':t': `TOWN#${townCode}`, ':u': 'UNIT#' } });
    return items
      .filter((i) => i.kind === 'units')
      .map((i) => contractValues(i) as UnitRecord)
      .sort((a, b) => a.unit_id.localeCompare(b.unit_id));
  }

  private queryAll(input: QueryInput): Promise<Item[]> {
    return queryAll(this.doc, this.tableName, input);
  }
}
