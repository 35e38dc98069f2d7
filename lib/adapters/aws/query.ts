import { QueryCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item } from './batch';

export type QueryInput = Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName' | 'ExclusiveStartKey'>;

/** Every item a query matches, following LastEvaluatedKey page by page. */
export async function queryAll(doc: DynamoDBDocumentClient, tableName: string, input: QueryInput): Promise<Item[]> {
  const out: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await doc.send(new QueryCommand({ ...input, TableName: tableName, ExclusiveStartKey: start }));
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

export type ScanInput = Omit<ConstructorParameters<typeof ScanCommand>[0], 'TableName' | 'ExclusiveStartKey' | 'Segment' | 'TotalSegments'>;

/** Segments of a whole-table scan: enough to overlap round trips, few enough for a local server. */
export const SCAN_SEGMENTS = 4;

/**
 * A parallel scan of the whole table in `segments` segments, each followed page by page; `onPage`
 * sees every page as it arrives (pages of different segments interleave).
 */
export async function parallelScan(doc: DynamoDBDocumentClient, tableName: string, input: ScanInput, onPage: (items: Item[]) => void, segments = SCAN_SEGMENTS): Promise<void> {
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let start: Item | undefined;
      do {
        const page = await doc.send(new ScanCommand({ ...input, TableName: tableName, Segment: segment, TotalSegments: segments, ExclusiveStartKey: start }));
        onPage(page.Items ?? []);
        start = page.LastEvaluatedKey;
      } while (start);
    }),
  );
}

/** True when a conditional write failed its condition (someone else wrote first, or the item exists). */
export function isConditionFailure(err: unknown): boolean {
  return (err as Error | undefined)?.name === 'ConditionalCheckFailedException';
}
