import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Finding } from '../../domain/finding';
import type { Clock } from '../../ports/clock';
import type { FindingStore } from '../../ports/finding-store';
import { batchGetAll, batchPutAll, type Item } from './batch';

const FINDING_FIELDS = ['finding_id', 'rule_id', 'rule_version', 'pattern', 'subject', 'unit_ids', 'period', 'score', 'severity', 'summary_zh', 'summary_en', 'evidence', 'case_id'] as const;

/** Updates in flight while retiring (each is one small write). */
const RETIRE_IN_FLIGHT = 16;

/**
 * Findings in the records table: `FINDING#<id>`, listed through gsi1 `FINDINGS`, by unit through
 * gsi2. A retired finding stays under its key (its case link survives) but moves to gsi1
 * `FINDINGS#RETIRED`, so listing the live ones costs nothing extra.
 */
export class DynamoFindingStore implements FindingStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  async put(findings: readonly Finding[], runId: string): Promise<{ created: number; updated: number }> {
    const now = this.clock.now().toISOString();
    let created = 0;
    for (let i = 0; i < findings.length; i += 100) {
      const chunk = findings.slice(i, i + 100);
      const existing = await this.existing(chunk.map((f) => f.finding_id));
      created += chunk.filter((f) => !existing.has(f.finding_id)).length;
      const items = chunk.map((f) => ({
        ...f,
        // A finding already attached to a case keeps that link when a re-run refreshes it.
        case_id: f.case_id ?? (existing.get(f.finding_id) as string | null | undefined) ?? null,
        pk: `FINDING#${f.finding_id}`,
        sk: '#FINDING',
        kind: 'finding',
        gsi1pk: 'FINDINGS',
        gsi1sk: `${f.pattern}#${f.finding_id}`,
        gsi2pk: `UNIT#${f.unit_ids[0] ?? f.subject.id}`,
        gsi2sk: `FINDING#${f.finding_id}`,
        run_id: runId,
        stored_at: now,
      }));
      await batchPutAll(this.doc, this.tableName, items);
    }
    return { created, updated: findings.length - created };
  }

  async list(): Promise<Finding[]> {
    const out: Finding[] = [];
    let start: Item | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({ TableName: this.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'FINDINGS' }, ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? []) out.push(Object.fromEntries(FINDING_FIELDS.map((k) => [k, item[k] ?? null])) as unknown as Finding);
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async retire(ids: readonly string[], runId: string): Promise<number> {
    const now = this.clock.now().toISOString();
    let retired = 0;
    for (let i = 0; i < ids.length; i += RETIRE_IN_FLIGHT) {
      const done = await Promise.all(
        ids.slice(i, i + RETIRE_IN_FLIGHT).map(async (id) => {
          try {
            await this.doc.send(
              new UpdateCommand({
                TableName: this.tableName,
                Key: { pk: `FINDING#${id}`, sk: '#FINDING' },
                UpdateExpression: 'SET gsi1pk = :retired, retired_run = :run, retired_at = :now',
                ConditionExpression: 'gsi1pk = :live',
                ExpressionAttributeValues: { ':retired': 'FINDINGS#RETIRED', ':live': 'FINDINGS', ':run': runId, ':now': now },
              }),
            );
            return 1;
          } catch (err) {
            // Not stored, or retired already: nothing to do (a re-run retires idempotently).
            if ((err as Error).name === 'ConditionalCheckFailedException') return 0;
            throw err;
          }
        }),
      );
      retired += done.reduce<number>((a, b) => a + b, 0);
    }
    return retired;
  }

  /** Ids already stored (live or retired), with the case they belong to. */
  private async existing(ids: string[]): Promise<Map<string, unknown>> {
    const items = await batchGetAll(
      this.doc,
      this.tableName,
      ids.map((id) => ({ pk: `FINDING#${id}`, sk: '#FINDING' })),
      'finding_id, case_id',
    );
    return new Map(items.map((item) => [String(item.finding_id), item.case_id]));
  }
}
