import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * One table, keys overloaded by record kind (see docs/storage.md). The CDK stack and the
 * local stack both build the table from these names so the two can never drift apart.
 */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** By group: a town's units and projects, a period's records across units (peers). */
  byGroup: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** By actor: a submitter account's filings, a unit's register events and projects. */
  byActor: { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
} as const;

export function createTableInput(tableName: string): CreateTableCommandInput {
  const { partitionKey, sortKey, byGroup, byActor } = TABLE_KEYS;
  const attributes = [partitionKey, sortKey, byGroup.partitionKey, byGroup.sortKey, byActor.partitionKey, byActor.sortKey];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributes.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' },
      { AttributeName: sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [byGroup, byActor].map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}
