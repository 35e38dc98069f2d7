import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DrawExistsError } from '../../inspection/errors';
import type { DrawRecord } from '../../inspection/model';
import type { InspectionDrawStore } from '../../ports/inspection-draw-store';
import type { Item } from './batch';

const drawPk = (id: string) => `DRAW#${id}`;
const DRAW_SK = '#DRAW';

/**
 * Draws in the records table (docs/storage.md): `DRAW#<draw_id>` / `#DRAW`, listed through
 * gsi1 `DRAWS` / `<drawn_at>#<draw_id>`. The record is one JSON attribute `body` (the unit and
 * risk lists stay in the published file, so the item stays far below DynamoDB's 400 KB), with
 * seed, time and the published file's key and SHA-256 beside it. Written once with
 * `attribute_not_exists(pk)`.
 */
export class DynamoInspectionDrawStore implements InspectionDrawStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(draw: DrawRecord): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: drawPk(draw.draw_id),
            sk: DRAW_SK,
            kind: 'inspection_draw',
            gsi1pk: 'DRAWS',
            gsi1sk: `${draw.drawn_at}#${draw.draw_id}`,
            draw_id: draw.draw_id,
            drawn_at: draw.drawn_at,
            drawn_by: draw.drawn_by,
            seed: draw.seed,
            published_key: draw.published_key,
            published_sha256: draw.published_sha256,
            body: JSON.stringify(draw),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') throw new DrawExistsError(draw.draw_id);
      throw err;
    }
  }

  async get(drawId: string): Promise<DrawRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: drawPk(drawId), sk: DRAW_SK }, ConsistentRead: true }));
    return out.Item ? (JSON.parse(String(out.Item.body)) as DrawRecord) : undefined;
  }

  async list(): Promise<DrawRecord[]> {
    const out: DrawRecord[] = [];
    let start: Item | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({ TableName: this.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'DRAWS' }, ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? []) out.push(JSON.parse(String(item.body)) as DrawRecord);
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
