import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { s3rverObjectPath } from '../../lib/cli/cases-command';
import { DrawExistsError } from '../../lib/inspection/errors';
import { ingestFile } from '../../lib/use-cases/ingest';
import { drawInspections, verifyStoredDraw } from '../../lib/use-cases/draw-inspection';
import { sampleInspectors, sampleUnits, unitFinding } from '../helpers/draw-fixtures';
import { startTestRuntime } from '../helpers/local-stack';
import { enc } from '../helpers/memory-deps';

type TestRuntime = Awaited<ReturnType<typeof startTestRuntime>>;
let rt: TestRuntime;
const deps = () => ({ records: rt.records, findings: rt.findings, draws: rt.draws, blobs: rt.blobs, clock: rt.clock });

beforeAll(async () => {
  rt = await startTestRuntime();
  const report = await ingestFile(rt, { name: 'units.csv', body: enc(sampleUnits().csv) });
  expect(report.accepted).toBe(sampleUnits().csv.trim().split('\n').length - 1);
  await rt.findings.put(
    sampleUnits()
      .register.slice(0, 10)
      .map((u) => unitFinding(u.unit_id)),
    'run-int',
  );
});
afterAll(async () => {
  await rt?.dispose();
});

describe('inspection draws against dynalite and s3rver', () => {
  it('stores the draw as one item, publishes the file in S3, and verifies it end to end', async () => {
    const r = await drawInspections(deps(), { count: 10, seed: 'int-seed', inspectors: sampleInspectors(), by: '张三' });
    expect(r.draw.result).toMatchObject({ drawn: 10, risk_part: 5, random_part: 5, population: sampleUnits().register.length });
    const item = await rt.clients.doc.send(new GetCommand({ TableName: rt.config.tableName, Key: { pk: `DRAW#${r.draw.draw_id}`, sk: '#DRAW' } }));
    expect(item.Item).toMatchObject({
      kind: 'inspection_draw',
      gsi1pk: 'DRAWS',
      gsi1sk: `${r.draw.drawn_at}#${r.draw.draw_id}`,
      seed: 'int-seed',
      published_key: `inspections/draws/${r.draw.draw_id}.json`,
    });
    expect(await rt.draws.get(r.draw.draw_id)).toEqual(r.draw);
    expect((await rt.draws.list()).map((d) => d.draw_id)).toEqual([r.draw.draw_id]);
    // The published bytes in S3 (s3rver keeps them on disk) hash to the stored SHA-256.
    const onDisk = s3rverObjectPath(join(rt.dir, 's3', rt.config.bucketName), r.published_key);
    expect(existsSync(onDisk)).toBe(true);
    expect(createHash('sha256').update(readFileSync(onDisk)).digest('hex')).toBe(r.draw.published_sha256);
    expect(await verifyStoredDraw(deps(), r.draw.draw_id)).toEqual({ ok: true, draw_id: r.draw.draw_id, problems: [] });
  });

  it('never overwrites a stored draw: a conditional write refuses the id, the same request returns the stored draw', async () => {
    const first = await drawInspections(deps(), { count: 4, seed: 'once', inspectors: sampleInspectors() });
    await expect(rt.draws.create({ ...first.draw, drawn_by: 'someone else' })).rejects.toBeInstanceOf(DrawExistsError);
    expect((await rt.draws.get(first.draw.draw_id))!.drawn_by).toBe('system');
    const again = await drawInspections(deps(), { count: 4, seed: 'once', inspectors: sampleInspectors() });
    expect(again).toMatchObject({ existing: true, draw: first.draw });
  });
});
