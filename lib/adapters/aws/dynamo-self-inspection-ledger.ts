import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, queryAll, type QueryInput } from './query';
import type { SelfInspectionLedger } from '../../ports/self-inspection-ledger';
import { changedMeanwhile, fixItem, LEDGER_PK_PREFIX, notFound, observeAgain, openItem, type LedgerFix, type LedgerItem, type LedgerObservation } from '../../self-inspection/ledger';
import type { Item } from './batch';

const pkOf = (unitId: string) => `${LEDGER_PK_PREFIX}${unitId}`;
const skOf = (itemId: string) => `ITEM#${itemId}`;
const townPk = (town: string) => `SELFINSP_TOWN#${town}`;
/** Attempts of `observe` on one item before a lost race is reported (two uploads of one unit at once). */
const OBSERVE_ATTEMPTS = 5;

/**
 * The self-inspection ledger in the records table (docs/storage.md):
 * `SELFINSP#<unit_id>` / `ITEM#<item_id>`, gsi1 `SELFINSP_TOWN#<town_code>` / `<unit_id>#<item_id>`
 * (a town's ledger). The item is one JSON attribute `body` with `rev` and `status` beside it; a
 * new item is written with `attribute_not_exists(pk)`, every change with `rev = :expected`.
 * Its `kind` (`self_inspection_item`) is no contract kind, so record counts and district loads
 * never see it.
 */
export class DynamoSelfInspectionLedger implements SelfInspectionLedger {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async observe(observations: readonly LedgerObservation[]): Promise<LedgerItem[]> {
    const out: LedgerItem[] = [];
    for (const o of observations) out.push(await this.observeOne(o));
    return out;
  }

  private async observeOne(o: LedgerObservation): Promise<LedgerItem> {
    for (let attempt = 0; attempt < OBSERVE_ATTEMPTS; attempt++) {
      const stored = await this.get(o.unit_id, o.item_id);
      const next = stored ? observeAgain(stored, o) : openItem(o);
      if (!next) return stored!;
      try {
        await this.put(next, stored?.rev ?? null);
        return next;
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
      }
    }
    throw changedMeanwhile(o.item_id);
  }

  async markFixed(unitId: string, itemId: string, fix: LedgerFix): Promise<LedgerItem> {
    const stored = await this.get(unitId, itemId);
    if (!stored) throw notFound(unitId, itemId);
    const next = fixItem(stored, fix);
    try {
      await this.put(next, stored.rev);
    } catch (err) {
      if (isConditionFailure(err)) throw changedMeanwhile(itemId);
      throw err;
    }
    return next;
  }

  async get(unitId: string, itemId: string): Promise<LedgerItem | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: pkOf(unitId), sk: skOf(itemId) }, ConsistentRead: true }));
    return out.Item ? (JSON.parse(String(out.Item.body)) as LedgerItem) : undefined;
  }

  async list(unitId: string): Promise<LedgerItem[]> {
    const items = await this.queryAll({ KeyConditionExpression: 'pk = :p AND begins_with(sk, :i)', ExpressionAttributeValues: { ':p': pkOf(unitId), ':i': 'ITEM#' }, ConsistentRead: true });
    return items.map((i) => JSON.parse(String(i.body)) as LedgerItem);
  }

  async listTown(townCode: string): Promise<LedgerItem[]> {
    const items = await this.queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': townPk(townCode) } });
    return items.map((i) => JSON.parse(String(i.body)) as LedgerItem);
  }

  /** `expectedRev` null: create (the key must be free); otherwise the stored rev must still be this. */
  private async put(item: LedgerItem, expectedRev: number | null): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: pkOf(item.unit_id),
          sk: skOf(item.item_id),
          kind: 'self_inspection_item',
          ...(item.town_code ? { gsi1pk: townPk(item.town_code), gsi1sk: `${item.unit_id}#${item.item_id}` } : {}),
          rev: item.rev,
          status: item.status,
          body: JSON.stringify(item),
        },
        ConditionExpression: expectedRev === null ? 'attribute_not_exists(pk)' : '#rev = :rev',
        ExpressionAttributeNames: expectedRev === null ? undefined : { '#rev': 'rev' },
        ExpressionAttributeValues: expectedRev === null ? undefined : { ':rev': expectedRev },
      }),
    );
  }

  private queryAll(input: QueryInput): Promise<Item[]> {
    return queryAll(this.doc, this.tableName, input);
  }
}
