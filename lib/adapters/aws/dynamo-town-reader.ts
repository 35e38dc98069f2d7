import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isRecordKind, type RecordKind } from '../../domain/kinds';
import type { TownRecordReader } from '../../ports/town-record-reader';
import { batchGetAll, type Item } from './batch';
import { contractValues } from './dynamo-record-store';
import { parallelScan, queryAll, type QueryInput } from './query';

type Row = { kind: RecordKind; values: Record<string, unknown> };

/** Kinds kept from a unit's own partition; its profile comes from the town query. */
const UNIT_PARTITION_KINDS = new Set<string>(['submissions', 'tax', 'electricity', 'social_insurance', 'market_status']);
/** Kinds a town's gsi1 partition holds (docs/storage.md, access pattern 3). */
const TOWN_PARTITION_KINDS = new Set<string>(['units', 'projects', 'offices']);

/**
 * The records of some towns by key, never by scan: per town one gsi1 query (`TOWN#<code>`:
 * units, projects, office networks), per unit its partition (reports, tax, electricity,
 * insurance, market status) and its register events (gsi2), per project its progress, and
 * the accounts that filed any of it by BatchGetItem. Reads are about the size of the towns'
 * data, so a province run reads the table about once however many districts it has.
 */
export class DynamoTownReader implements TownRecordReader {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Queries in flight at once: enough to hide latency, few enough not to throttle a partition. */
    private readonly concurrency = 16,
  ) {}

  /** A filtered scan: it reads (and pays for) the whole table once, so only the plan calls it. */
  async townCodes(): Promise<string[]> {
    const towns = new Set<string>();
    const input = { FilterExpression: '#k = :units', ProjectionExpression: 'town_code', ExpressionAttributeNames: { '#k': 'kind' }, ExpressionAttributeValues: { ':units': 'units' } };
    await parallelScan(this.doc, this.tableName, input, (items) => {
      for (const item of items) if (typeof item.town_code === 'string') towns.add(item.town_code);
    });
    return [...towns].sort();
  }

  async *scanTowns(townCodes: readonly string[]): AsyncIterable<Row> {
    const rows: Row[] = [];
    const keep = (item: Item, kinds: Set<string>) => {
      const kind = String(item.kind);
      if (isRecordKind(kind) && kinds.has(kind)) rows.push({ kind, values: contractValues(item) });
    };
    const townItems = (await this.each(townCodes, (t) => this.query({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :t', ExpressionAttributeValues: { ':t': `TOWN#${t}` } }))).flat();
    for (const item of townItems) keep(item, TOWN_PARTITION_KINDS);
    const unitIds = rows.filter((r) => r.kind === 'units').map((r) => String(r.values.unit_id));
    const projectIds = rows.filter((r) => r.kind === 'projects').map((r) => String(r.values.project_id));

    await this.each(unitIds, async (id) => {
      const [own, events] = await Promise.all([
        this.query({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': `UNIT#${id}` } }),
        this.query({ IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p AND begins_with(gsi2sk, :e)', ExpressionAttributeValues: { ':p': `UNIT#${id}`, ':e': 'REGEVT#' } }),
      ]);
      for (const item of own) keep(item, UNIT_PARTITION_KINDS);
      for (const item of events) keep(item, new Set(['register_events']));
    });
    await this.each(projectIds, async (id) => {
      const progress = await this.query({ KeyConditionExpression: 'pk = :p AND begins_with(sk, :g)', ExpressionAttributeValues: { ':p': `PROJ#${id}`, ':g': 'PROG#' } });
      for (const item of progress) keep(item, new Set(['project_progress']));
    });

    const filers = new Set<string>();
    for (const r of rows) {
      const account = r.kind === 'submissions' ? r.values.submitter_account : r.kind === 'register_events' ? r.values.submitted_by : r.kind === 'projects' ? r.values.registered_by : undefined;
      if (typeof account === 'string') filers.add(account);
    }
    const accounts = await batchGetAll(
      this.doc,
      this.tableName,
      [...filers].sort().map((a) => ({ pk: `ACCOUNT#${a}`, sk: '#ACCOUNT' })),
    );
    for (const item of accounts) keep(item, new Set(['accounts']));
    yield* rows;
  }

  private query(input: QueryInput): Promise<Item[]> {
    return queryAll(this.doc, this.tableName, input);
  }

  /** Runs `work` over the ids with at most `concurrency` in flight; results in input order. */
  private async each<T, R>(ids: readonly T[], work: (id: T) => Promise<R>): Promise<R[]> {
    const out = new Array<R>(ids.length);
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const i = next++;
        out[i] = await work(ids[i]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, ids.length) }, worker));
    return out;
  }
}
