import { systemClock } from '../ports/clock';
import type { BlobStore } from '../ports/blob-store';
import type { UploadDeps } from '../use-cases/ingest-upload';
import { createClients } from './aws/clients';
import { DynamoRecordStore } from './aws/dynamo-record-store';
import { DynamoFindingStore } from './aws/dynamo-finding-store';
import type { FindingStore } from '../ports/finding-store';
import { S3BlobStore } from './aws/s3-blob-store';
import type { AppConfig } from './config';
import type { CaseStore } from '../ports/case-store';
import { DynamoCaseStore } from './aws/dynamo-case-store';
import { DynamoInspectionDrawStore } from './aws/dynamo-inspection-draw-store';
import type { InspectionDrawStore } from '../ports/inspection-draw-store';
import { DynamoUnitReader } from './aws/dynamo-unit-reader';
import { DynamoSelfInspectionLedger } from './aws/dynamo-self-inspection-ledger';
import type { OfficialUnitReader } from '../ports/official-unit-reader';
import type { SelfInspectionLedger } from '../ports/self-inspection-ledger';
import { DynamoTownReader } from './aws/dynamo-town-reader';
import type { TownRecordReader } from '../ports/town-record-reader';

/** Wiring for Lambda: real AWS clients (or configured endpoints), no local servers. */
export function lambdaDeps(config: AppConfig): UploadDeps & {
  findings: FindingStore;
  cases: CaseStore;
  draws: InspectionDrawStore;
  caseBlobs: BlobStore;
  official: OfficialUnitReader;
  ledger: SelfInspectionLedger;
  townReader: TownRecordReader;
} {
  const clients = createClients({ region: config.region, dynamoEndpoint: config.dynamoEndpoint, s3Endpoint: config.s3Endpoint, local: config.target === 'local' });
  const byBucket = new Map<string, BlobStore>();
  const blobsFor = (bucket: string) => {
    let store = byBucket.get(bucket);
    if (!store) byBucket.set(bucket, (store = new S3BlobStore(clients.s3, bucket)));
    return store;
  };
  return {
    records: new DynamoRecordStore(clients.doc, config.tableName, systemClock),
    findings: new DynamoFindingStore(clients.doc, config.tableName, systemClock),
    blobs: blobsFor(config.bucketName),
    cases: new DynamoCaseStore(clients.doc, config.tableName),
    draws: new DynamoInspectionDrawStore(clients.doc, config.tableName),
    caseBlobs: blobsFor(config.casesBucketName),
    official: new DynamoUnitReader(clients.doc, config.tableName),
    townReader: new DynamoTownReader(clients.doc, config.tableName),
    ledger: new DynamoSelfInspectionLedger(clients.doc, config.tableName),
    blobsFor,
    clock: systemClock,
    usccAllowList: new Set(config.usccAllowList),
  };
}
