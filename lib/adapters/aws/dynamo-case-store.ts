import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, queryAll, type QueryInput } from './query';
import { AuditImmutableError, CaseConflictError, type AuditEntry, type CaseRecord, type CaseStatus } from '../../cases/model';
import type { CaseStore } from '../../ports/case-store';
import { batchGetAll, batchPutAll, type Item } from './batch';

const casePk = (id: string) => `CASE#${id}`;
const CASE_SK = '#CASE';
const auditSk = (seq: number) => `AUDIT#${String(seq).padStart(6, '0')}`;

/**
 * Cases in the records table (docs/storage.md):
 * - the case: `CASE#<id>` / `#CASE`, gsi1 `CASES` / `<created_at>#<id>` (listing, oldest first);
 *   the record is one JSON attribute `body`, with `rev` and `status` beside it for conditions;
 * - one link per unit: `CASE#<id>` / `UNIT#<unit>`, gsi2 `UNIT#<unit>` / `CASE#<id>` (cases of a unit);
 * - the audit trail: `CASE#<id>` / `AUDIT#<seq, 6 digits>`, each entry written once with
 *   `attribute_not_exists(pk)` and never updated or deleted.
 *
 * No TransactWriteItems (dynalite lacks it): a commit is a conditional PutItem of the case that
 * also carries its audit entry (`last_audit`, an outbox), then the audit item itself. If the
 * process dies in between, the next commit or audit read of that case writes the missing entry
 * from the outbox before going on, so the trail never has a gap.
 */
export class DynamoCaseStore implements CaseStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async commit(next: CaseRecord, audit: AuditEntry, expected: { rev: number; status: CaseStatus } | null): Promise<void> {
    if (audit.seq !== next.rev || audit.case_id !== next.case_id) throw new Error(`audit entry ${audit.case_id}#${audit.seq} does not match case ${next.case_id} rev ${next.rev}`);
    if (expected) await this.repairAudit(next.case_id);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: casePk(next.case_id),
            sk: CASE_SK,
            kind: 'case',
            gsi1pk: 'CASES',
            gsi1sk: `${next.created_at}#${next.case_id}`,
            case_id: next.case_id,
            rev: next.rev,
            status: next.status,
            version: next.version,
            body: JSON.stringify(next),
            last_audit: JSON.stringify(audit),
          },
          ConditionExpression: expected ? '#rev = :rev AND #status = :status' : 'attribute_not_exists(pk)',
          ExpressionAttributeNames: expected ? { '#rev': 'rev', '#status': 'status' } : undefined,
          ExpressionAttributeValues: expected ? { ':rev': expected.rev, ':status': expected.status } : undefined,
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) throw new CaseConflictError(next.case_id, expected ? `expected rev ${expected.rev}, ${expected.status}` : 'id exists');
      throw err;
    }
    await batchPutAll(
      this.doc,
      this.tableName,
      next.unit_ids.map((u) => ({ pk: casePk(next.case_id), sk: `UNIT#${u}`, kind: 'case_unit', case_id: next.case_id, gsi2pk: `UNIT#${u}`, gsi2sk: `CASE#${next.case_id}` })),
    );
    await this.appendAudit(audit);
  }

  /**
   * Writes one audit entry under its seq, only if that seq is free. The same entry again is a
   * no-op (a repair racing another); different content under a taken seq throws AuditImmutableError.
   */
  async appendAudit(entry: AuditEntry): Promise<void> {
    const body = JSON.stringify(entry);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: casePk(entry.case_id), sk: auditSk(entry.seq), kind: 'case_audit', case_id: entry.case_id, seq: entry.seq, body },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const stored = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: casePk(entry.case_id), sk: auditSk(entry.seq) }, ConsistentRead: true }));
      if (stored.Item?.body !== body) throw new AuditImmutableError(entry.case_id, entry.seq);
    }
  }

  async get(caseId: string): Promise<CaseRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: casePk(caseId), sk: CASE_SK }, ConsistentRead: true }));
    return out.Item ? (JSON.parse(String(out.Item.body)) as CaseRecord) : undefined;
  }

  async list(): Promise<CaseRecord[]> {
    const items = await this.queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'CASES' } });
    return items.map((i) => JSON.parse(String(i.body)) as CaseRecord);
  }

  async listByUnit(unitId: string): Promise<CaseRecord[]> {
    const links = await this.queryAll({ IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p AND begins_with(gsi2sk, :c)', ExpressionAttributeValues: { ':p': `UNIT#${unitId}`, ':c': 'CASE#' } });
    const ids = [...new Set(links.map((l) => String(l.case_id)))];
    const items = await batchGetAll(
      this.doc,
      this.tableName,
      ids.map((id) => ({ pk: casePk(id), sk: CASE_SK })),
    );
    return items.map((i) => JSON.parse(String(i.body)) as CaseRecord).sort((a, b) => a.created_at.localeCompare(b.created_at) || a.case_id.localeCompare(b.case_id));
  }

  async audit(caseId: string): Promise<AuditEntry[]> {
    await this.repairAudit(caseId);
    const items = await this.queryAll({ KeyConditionExpression: 'pk = :p AND begins_with(sk, :a)', ExpressionAttributeValues: { ':p': casePk(caseId), ':a': 'AUDIT#' }, ConsistentRead: true });
    return items.map((i) => JSON.parse(String(i.body)) as AuditEntry);
  }

  /** Writes the case's last audit entry from its outbox if a crash left it unwritten. */
  private async repairAudit(caseId: string): Promise<void> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: casePk(caseId), sk: CASE_SK }, ConsistentRead: true, ProjectionExpression: 'rev, last_audit' }));
    if (!out.Item?.last_audit) return;
    const entry = JSON.parse(String(out.Item.last_audit)) as AuditEntry;
    const present = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: casePk(caseId), sk: auditSk(entry.seq) }, ConsistentRead: true, ProjectionExpression: 'seq' }));
    if (!present.Item) await this.appendAudit(entry);
  }

  private queryAll(input: QueryInput): Promise<Item[]> {
    return queryAll(this.doc, this.tableName, input);
  }
}
