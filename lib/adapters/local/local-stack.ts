import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { CreateTableCommand, DescribeTableCommand, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { createClients, type AwsClients } from '../aws/clients';
import { createTableInput } from '../aws/table-schema';

const require = createRequire(import.meta.url);
// s3rver is CommonJS without types; its surface used here is tiny.
const S3rver = require('s3rver') as new (opts: Record<string, unknown>) => S3rverInstance;

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  on(event: 'event', listener: (event: { Records: unknown[] }) => void): void;
}

export interface LocalStackOptions {
  /** Directory for LevelDB and S3 files; omitted = DynamoDB in memory and S3 in a temp dir. */
  dataDir: string;
  tableName: string;
  bucketName: string;
  /** Further buckets to create (a separate case-files bucket when one is configured). */
  extraBuckets?: readonly string[];
  region?: string;
  /** Keep DynamoDB in memory (tests that need no persistence across restarts). */
  inMemoryDynamo?: boolean;
}

export interface LocalStack {
  clients: AwsClients;
  dynamoEndpoint: string;
  s3Endpoint: string;
  /** s3rver's S3-shaped notifications, for delivering uploads to the ingest handler locally. */
  onS3Event(listener: (event: { Records: unknown[] }) => void): void;
  stop(): Promise<void>;
}

/**
 * Starts dynalite and s3rver in this process on free loopback ports, creates the table and
 * bucket, and returns SDK clients pointed at them. One data directory per stack: two
 * dynalite instances on one LevelDB path crash the process.
 */
export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const dynamoDir = join(opts.dataDir, 'dynamodb');
  const s3Dir = join(opts.dataDir, 's3');
  mkdirSync(s3Dir, { recursive: true });
  if (!opts.inMemoryDynamo) mkdirSync(dynamoDir, { recursive: true });

  const dynamo = await startDynaliteWorker({
    path: opts.inMemoryDynamo ? undefined : dynamoDir,
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });

  const s3Server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: s3Dir,
    configureBuckets: [...new Set([opts.bucketName, ...(opts.extraBuckets ?? [])])].map((name) => ({ name })),
  });
  const s3Address = await s3Server.run();

  const dynamoEndpoint = `http://127.0.0.1:${dynamo.port}`;
  const s3Endpoint = `http://127.0.0.1:${s3Address.port}`;
  const clients = createClients({
    region: opts.region ?? 'cn-north-1',
    dynamoEndpoint,
    s3Endpoint,
    local: true,
  });
  await ensureTable(clients, opts.tableName);

  let stopped = false;
  return {
    clients,
    dynamoEndpoint,
    s3Endpoint,
    onS3Event: (listener) => s3Server.on('event', listener),
    async stop() {
      if (stopped) return;
      stopped = true;
      clients.dynamo.destroy();
      clients.s3.destroy();
      await s3Server.close();
      await dynamo.close();
    },
  };
}

async function ensureTable(clients: AwsClients, tableName: string): Promise<void> {
  try {
    await clients.dynamo.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  // dynalite reports CREATING until a timer fires, even with createTableMs 0.
  for (let attempt = 0; attempt < 200; attempt++) {
    const { Table } = await clients.dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}

/** dynalite on a worker thread of this process, so the server has a core of its own. */
async function startDynaliteWorker(options: Record<string, unknown>): Promise<{ port: number; close(): Promise<void> }> {
  const worker = new Worker(new URL('./dynalite-worker.cjs', import.meta.url), { workerData: options });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (msg: { type: string; port?: number; message?: string }) => {
      if (msg.type === 'listening') resolve(msg.port!);
      if (msg.type === 'error') reject(new Error(msg.message));
    });
  });
  return {
    port,
    async close() {
      const closed = new Promise<void>((resolve) => worker.on('message', (msg: { type: string }) => msg.type === 'closed' && resolve()));
      worker.postMessage('close');
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5000))]);
      await worker.terminate();
    },
  };
}
