/**
 * Ingest throughput against the raw BatchWriteItem rate of the same local dynalite server.
 * Usage: npm run bench:ingest [-- --rows 200000 --rounds 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { loadConfig } from '../lib/adapters/config';
import { openRuntime, type Runtime } from '../lib/adapters/runtime';
import { itemKeys } from '../lib/adapters/aws/item-keys';
import { makeUscc } from '../lib/sample/base';
import { Random } from '../lib/sample/random';
import { PERIODS } from '../lib/sample/model';
import { ingestFile } from '../lib/use-cases/ingest';
import { median } from 'simple-statistics';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '200000' }, rounds: { type: 'string', default: '3' }, order: { type: 'string', default: 'unit' } },
});
/** `unit`: a unit's months together (an export by unit); `period`: a month's units together (a monthly export). */
const ORDER = values.order === 'period' ? 'period' : 'unit';
const ROWS = Number(values.rows);
const ROUNDS = Number(values.rounds);
const CONCURRENCY = 8;

const HEADER = 'unit_id,period,revision,submitted_at,submitter_account,submitter_ip,submitter_device,revenue,main_revenue,gross_output,employees,wages,profit,electricity_kwh,inventory';

function submissionsCsv(rng: Random, used: Set<string>, rows: number): { csv: Buffer; items: Record<string, unknown>[] } {
  const lines = [HEADER];
  const items: Record<string, unknown>[] = [];
  for (let n = 0; n < rows;) {
    const { unitId, orgCode } = makeUscc(rng, used);
    const level = rng.logNormal(2000, 0.8);
    for (let m = 0; m < PERIODS.length && n < rows; m++, n++) {
      const revenue = Math.round(level * rng.uniform(0.8, 1.2) * 10) / 10;
      const row = {
        unit_id: unitId,
        period: PERIODS[m]!,
        revision: 0,
        submitted_at: `2024-0${(m % 9) + 1}-05T10:00:00+08:00`,
        submitter_account: `LW${orgCode}`,
        submitter_ip: '60.215.39.65',
        submitter_device: 'fp-b991f87f4a4d',
        revenue,
        main_revenue: Math.round(revenue * 9.5) / 10,
        gross_output: Math.round(revenue * 10.2) / 10,
        employees: 30,
        wages: 180.5,
        profit: Math.round(revenue * 0.5) / 10,
        electricity_kwh: Math.round(revenue * 40),
        inventory: 1000.2,
      };
      lines.push(Object.values(row).join(','));
      items.push(row);
    }
  }
  if (ORDER === 'period') {
    const order = items.map((_, i) => i).sort((a, b) => String(items[a]!.period).localeCompare(String(items[b]!.period)) || a - b);
    return { csv: Buffer.from([HEADER, ...order.map((i) => lines[i + 1])].join('\n') + '\n'), items: order.map((i) => items[i]!) };
  }
  return { csv: Buffer.from(lines.join('\n') + '\n'), items };
}

const rng = new Random(42);
const used = new Set<string>();

/** A fresh dynalite + s3rver per measurement, so that each starts from the same empty store. */
async function withFreshStack<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'statsentry-bench-'));
  const rt = await openRuntime(loadConfig({ STATSENTRY_DATA_DIR: dir }));
  try {
    return await fn(rt);
  } finally {
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function rawBatchWrite(rt: Runtime, items: Record<string, unknown>[]): Promise<number> {
  // The same item shape ingest writes (keys, GSI keys, metadata), without any checking.
  const full = items.map((v) => ({
    ...v,
    ...itemKeys('submissions', v),
    kind: 'submissions',
    fp: 'x'.repeat(22),
    src_file: 'raw',
    src_line: 1,
    src_sha256: 'x'.repeat(64),
    ingested_at: new Date().toISOString(),
  }));
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < full.length) {
        const batch = full.slice(next, (next += 25));
        let pending = batch.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length) {
          const out = await rt.clients.doc.send(new BatchWriteCommand({ RequestItems: { [rt.config.tableName]: pending } }));
          pending = (out.UnprocessedItems?.[rt.config.tableName] ?? []) as typeof pending;
        }
      }
    }),
  );
  return full.length / ((performance.now() - started) / 1000);
}

async function ingest(rt: Runtime, csv: Buffer, rows: number): Promise<{ rate: number; peakRssMiB: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const started = performance.now();
  const report = await ingestFile(rt, { name: 'submissions-bench.csv', body: csv });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  if (report.accepted !== rows) throw new Error(`expected ${rows} accepted, got ${JSON.stringify({ ...report, rejections: report.rejections.slice(0, 3) })}`);
  return { rate: rows / seconds, peakRssMiB: peak / 2 ** 20 };
}

console.log(`statsentry bench:ingest — ${ROWS} submission rows, ${ROUNDS} rounds, rows ordered by ${ORDER}, ${CONCURRENCY} requests in flight`);
console.log('each measurement on a fresh in-process dynalite (LevelDB on disk, own thread) + s3rver; raw = BatchWriteItem of the same item shape');
const raw: number[] = [];
const ing: number[] = [];
const rss: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const { csv, items } = submissionsCsv(rng, used, ROWS);
  const order = round % 2 ? ['raw', 'ingest'] : ['ingest', 'raw'];
  for (const step of order) {
    if (step === 'raw') raw.push(await withFreshStack((rt) => rawBatchWrite(rt, items)));
    else {
      const r = await withFreshStack((rt) => ingest(rt, csv, items.length));
      ing.push(r.rate);
      rss.push(r.peakRssMiB);
    }
  }
  console.log(
    `round ${round}: raw BatchWriteItem ${raw.at(-1)!.toFixed(0)} items/s, ingest ${ing.at(-1)!.toFixed(0)} rows/s, ratio ${(ing.at(-1)! / raw.at(-1)!).toFixed(2)}, process RSS during ingest ≤ ${rss.at(-1)!.toFixed(0)} MiB`,
  );
}
const mRaw = median(raw);
const mIng = median(ing);
console.log(`median raw BatchWriteItem: ${mRaw.toFixed(0)} items/s`);
console.log(`median ingest (parse + validate + idempotency check + write): ${mIng.toFixed(0)} rows/s (${(ROWS / mIng).toFixed(1)} s for ${ROWS} rows)`);
console.log(`ratio ingest/raw (medians): ${(mIng / mRaw).toFixed(2)} — target ≥ 0.70`);
