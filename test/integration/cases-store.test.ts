import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoCaseStore } from '../../lib/adapters/aws/dynamo-case-store';
import { AuditImmutableError, CaseConflictError, type CaseRecord } from '../../lib/cases/model';
import { decideCase } from '../../lib/cases/lifecycle';
import { s3rverObjectPath } from '../../lib/cli/cases-command';
import { buildCases } from '../../lib/use-cases/build-cases';
import { closeItem, decide } from '../../lib/use-cases/decide-case';
import { startTestRuntime } from '../helpers/local-stack';
import { finding, sampleDistrict, wellFiledUnits } from '../unit/cases/fixtures';

type TestRuntime = Awaited<ReturnType<typeof startTestRuntime>>;
let rt: TestRuntime;
let store: DynamoCaseStore;
const data = sampleDistrict();
const [A, B, C, D] = wellFiledUnits(data, 4) as [string, string, string, string];

beforeAll(async () => {
  rt = await startTestRuntime();
  store = new DynamoCaseStore(rt.clients.doc, rt.config.tableName);
});
afterAll(async () => {
  await rt?.dispose();
});

const deps = () => ({ cases: store, blobs: rt.blobs, clock: rt.clock });
const office = () => [...data.accounts.values()].find((a) => a.owner_type === 'town_office')!;

describe('cases against dynalite and s3rver', () => {
  it('writes a case with its files and reads it back by id, in the listing and by unit', async () => {
    const findings = [finding({ subject: { kind: 'unit', id: A } }), finding({ subject: { kind: 'account', id: office().account }, unit_ids: [B, C], pattern: 'INTERFERE.PROXY_FILING' })];
    const r = await buildCases(deps(), { findings, data, runId: 'run-int-1' });
    expect(r.created).toHaveLength(2);
    expect(r.findings.every((f) => f.case_id !== null)).toBe(true);
    const unitCase = r.created.find((c) => r.findings.find((f) => f.subject.id === A)!.case_id === c.case_id)!;
    const stored = (await store.get(unitCase.case_id))!;
    expect(stored).toMatchObject({ case_id: unitCase.case_id, subject: { kind: 'unit', id: A }, status: 'new', version: 1, rev: 1, unit_ids: [A] });
    expect((await store.list()).map((c) => c.case_id).sort()).toEqual(r.created.map((c) => c.case_id).sort());
    expect((await store.listByUnit(A)).map((c) => c.case_id)).toEqual([unitCase.case_id]);
    expect((await store.listByUnit(C)).map((c) => c.subject.kind)).toEqual(['account']);
    expect(await store.listByUnit('NOBODY')).toEqual([]);
    // the files are in S3, hashes as in the manifest, and where s3rver keeps them on disk
    const manifest = JSON.parse(new TextDecoder().decode(await rt.blobs.get(unitCase.manifest))) as { files: Record<string, { sha256: string }> };
    for (const [name, m] of Object.entries(manifest.files)) {
      const body = (await rt.blobs.get(`${unitCase.prefix}${name}`))!;
      expect(createHash('sha256').update(body).digest('hex')).toBe(m.sha256);
    }
    const onDisk = s3rverObjectPath(join(rt.dir, 's3', rt.config.bucketName), `${unitCase.prefix}case.html`);
    expect(existsSync(onDisk)).toBe(true);
    expect(createHash('sha256').update(readFileSync(onDisk)).digest('hex')).toBe(manifest.files['case.html']!.sha256);
    // the item layout of docs/storage.md
    const item = await rt.clients.doc.send(new GetCommand({ TableName: rt.config.tableName, Key: { pk: `CASE#${unitCase.case_id}`, sk: '#CASE' } }));
    expect(item.Item).toMatchObject({ kind: 'case', gsi1pk: 'CASES', rev: 1, status: 'new' });
    const audit = await rt.clients.doc.send(
      new QueryCommand({ TableName: rt.config.tableName, KeyConditionExpression: 'pk = :p AND begins_with(sk, :a)', ExpressionAttributeValues: { ':p': `CASE#${unitCase.case_id}`, ':a': 'AUDIT#' } }),
    );
    expect(audit.Items?.map((i) => i.sk)).toEqual(['AUDIT#000001']);
    // a re-check adds version 2 under the same id
    const r2 = await buildCases(deps(), { findings: [finding({ subject: { kind: 'unit', id: A }, period: '2024-09' })], data, runId: 'run-int-2' });
    expect(r2.updated.map((u) => [u.case_id, u.version])).toEqual([[unitCase.case_id, 2]]);
    expect((await store.get(unitCase.case_id))!.finding_ids).toHaveLength(2);
    const m2 = JSON.parse(new TextDecoder().decode(await rt.blobs.get(r2.updated[0]!.manifest)));
    expect(m2.previous).toBe(unitCase.manifest);
  });

  it('lets exactly one of two concurrent decisions win', async () => {
    const r = await buildCases(deps(), { findings: [finding({ subject: { kind: 'unit', id: B }, rule: 'race' })], data, runId: 'run-int-3' });
    const id = r.created[0]!.case_id;
    await decide(deps(), { caseId: id, status: 'reviewing', by: '甲' });
    const results = await Promise.allSettled([
      decide(deps(), { caseId: id, status: 'filed', by: '甲' }),
      decide(deps(), { caseId: id, status: 'dismissed', by: '乙', reason: '无问题', evidenceChecked: ['税务记录'] }),
      decide(deps(), { caseId: id, status: 'filed', by: '丙' }),
    ]);
    const won = results.filter((x) => x.status === 'fulfilled') as PromiseFulfilledResult<CaseRecord>[];
    const lost = results.filter((x) => x.status === 'rejected') as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    for (const l of lost) expect(l.reason).toBeInstanceOf(CaseConflictError);
    const stored = (await store.get(id))!;
    expect(stored.status).toBe(won[0]!.value.status);
    const trail = await store.audit(id);
    expect(trail.map((a) => a.seq)).toEqual([1, 2, 3]);
    expect(trail[2]!.to).toBe(stored.status);
  });

  it('refuses to overwrite an audit entry, and a stale commit changes nothing', async () => {
    const r = await buildCases(deps(), { findings: [finding({ subject: { kind: 'unit', id: C }, rule: 'audit' })], data, runId: 'run-int-4' });
    const id = r.created[0]!.case_id;
    const [first] = await store.audit(id);
    await expect(store.appendAudit({ ...first!, reason: 'rewritten', by: 'mallory' })).rejects.toBeInstanceOf(AuditImmutableError);
    await store.appendAudit(first!); // the same entry again is a harmless repeat
    expect((await store.audit(id))[0]).toEqual(first);
    const c = (await store.get(id))!;
    const m = decideCase(c, { to: 'reviewing', by: 'x', at: 't' });
    await store.commit(m.next, m.audit, { rev: c.rev, status: c.status });
    await expect(store.commit(m.next, m.audit, { rev: c.rev, status: c.status })).rejects.toBeInstanceOf(CaseConflictError);
    await expect(store.commit(c, first!, null)).rejects.toBeInstanceOf(CaseConflictError);
    expect((await store.audit(id)).map((a) => a.seq)).toEqual([1, 2]);
  });

  it('writes an audit entry a crash left in the outbox before the next change', async () => {
    const r = await buildCases(deps(), { findings: [finding({ subject: { kind: 'unit', id: D }, rule: 'crash', period: '2024-10' })], data, runId: 'run-int-5' });
    const id = r.created[0]!.case_id;
    await decide(deps(), { caseId: id, status: 'reviewing', by: 'x' });
    const c = (await store.get(id))!;
    // simulate a crash between the case write and its audit item
    await rt.clients.doc.send(new DeleteCommand({ TableName: rt.config.tableName, Key: { pk: `CASE#${id}`, sk: `AUDIT#${String(c.rev).padStart(6, '0')}` } }));
    await decide(deps(), { caseId: id, status: 'filed', by: 'y' });
    const trail = await store.audit(id);
    expect(trail.map((a) => a.seq)).toEqual(trail.map((_, i) => i + 1));
    expect(trail.map((a) => a.to).slice(-2)).toEqual(['reviewing', 'filed']);
    // close-item works against the real store too
    await decide(deps(), { caseId: id, status: 'rectifying', by: 'y' });
    const item = (await store.get(id))!.items[0]!;
    await closeItem(deps(), { caseId: id, itemId: item.item_id, by: 'y', note: 'done' });
    expect((await store.get(id))!.items[0]!.status).toBe('closed');
    // a hand-made audit item cannot be slipped under an existing seq through the adapter
    await rt.clients.doc.send(new PutCommand({ TableName: rt.config.tableName, Item: { pk: 'CASE#probe', sk: 'AUDIT#000001', body: '{}' } }));
    await expect(store.appendAudit({ case_id: 'probe', seq: 1, at: 't', by: 'b', action: 'create', from: null, to: 'new', reason: null, evidence_checked: [], item: null })).rejects.toBeInstanceOf(
      AuditImmutableError,
    );
  });
});
