import { systemClock, type Clock } from '../ports/clock';
import type { BlobStore } from '../ports/blob-store';
import type { RecordStore } from '../ports/record-store';
import type { FindingStore } from '../ports/finding-store';
import type { CaseStore } from '../ports/case-store';
import { DynamoCaseStore } from './aws/dynamo-case-store';
import { DynamoInspectionDrawStore } from './aws/dynamo-inspection-draw-store';
import type { InspectionDrawStore } from '../ports/inspection-draw-store';
import { DynamoFindingStore } from './aws/dynamo-finding-store';
import { createClients, type AwsClients } from './aws/clients';
import { DynamoRecordStore } from './aws/dynamo-record-store';
import { S3BlobStore } from './aws/s3-blob-store';
import { DynamoUnitReader } from './aws/dynamo-unit-reader';
import { DynamoSelfInspectionLedger } from './aws/dynamo-self-inspection-ledger';
import type { OfficialUnitReader } from '../ports/official-unit-reader';
import type { TownRecordReader } from '../ports/town-record-reader';
import { DynamoTownReader } from './aws/dynamo-town-reader';
import type { SelfInspectionLedger } from '../ports/self-inspection-ledger';
import { needsLocalServers, type AppConfig } from './config';
import { startLocalStack, type LocalStack } from './local/local-stack';

/** Everything a use case needs, wired for this process: AWS, given endpoints, or in-process servers. */
export interface Runtime {
  config: AppConfig;
  clients: AwsClients;
  records: RecordStore;
  findings: FindingStore;
  blobs: BlobStore;
  cases: CaseStore;
  /** Inspection draws (双随机), published under inspections/draws/ in the data bucket. */
  draws: InspectionDrawStore;
  /** The bucket of case files (the data bucket unless STATSENTRY_CASES_BUCKET names another). */
  caseBlobs: BlobStore;
  /** Self-inspection: a read-only view of one unit's official records, and its rectification ledger. */
  official: OfficialUnitReader;
  /** Province-style batch shards: one district's towns by key. */
  townReader: TownRecordReader;
  ledger: SelfInspectionLedger;
  clock: Clock;
  usccAllowList: ReadonlySet<string>;
  /** Present when this process started dynalite and s3rver itself. */
  localStack?: LocalStack;
  close(): Promise<void>;
}

export async function openRuntime(config: AppConfig, opts: { inMemoryDynamo?: boolean } = {}): Promise<Runtime> {
  let localStack: LocalStack | undefined;
  let clients: AwsClients;
  if (needsLocalServers(config)) {
    localStack = await startLocalStack({
      dataDir: config.dataDir,
      tableName: config.tableName,
      bucketName: config.bucketName,
      extraBuckets: [config.casesBucketName],
      region: config.region,
      inMemoryDynamo: opts.inMemoryDynamo,
    });
    clients = localStack.clients;
  } else {
    clients = createClients({
      region: config.region,
      dynamoEndpoint: config.dynamoEndpoint,
      s3Endpoint: config.s3Endpoint,
      local: config.target === 'local',
    });
  }
  return {
    config,
    clients,
    records: new DynamoRecordStore(clients.doc, config.tableName, systemClock),
    findings: new DynamoFindingStore(clients.doc, config.tableName, systemClock),
    blobs: new S3BlobStore(clients.s3, config.bucketName),
    cases: new DynamoCaseStore(clients.doc, config.tableName),
    draws: new DynamoInspectionDrawStore(clients.doc, config.tableName),
    caseBlobs: new S3BlobStore(clients.s3, config.casesBucketName),
    official: new DynamoUnitReader(clients.doc, config.tableName),
    townReader: new DynamoTownReader(clients.doc, config.tableName),
    ledger: new DynamoSelfInspectionLedger(clients.doc, config.tableName),
    clock: systemClock,
    usccAllowList: new Set(config.usccAllowList),
    localStack,
    async close() {
      if (localStack) await localStack.stop();
      else {
        clients.dynamo.destroy();
        clients.s3.destroy();
      }
    },
  };
}
